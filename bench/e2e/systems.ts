// The two systems under test, started as separate processes on their own slice of the broker:
// the baseline (raw forwarding hops) and the full pipeline (the six stages). Both expose the same
// handle, so the load runs and the report treat them alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VigilConfig } from '../../services/core/config';
import type { LogicalTopic } from '../../services/core/topics';
import { freePort, isAlive, spawnTs, stopChild, waitForMessage, type Child } from './children';
import { sumMetric } from './prom';
import type { Slice } from './slice';

export type SystemName = 'baseline' | 'pipeline';

export interface SystemUnderTest {
  name: SystemName;
  slice: Slice;
  children: Child[];
  /** Seconds spent in batches per process, from its /metrics; null for a process that exposes none. */
  batchSeconds(): Promise<Record<string, number | null>>;
  /** Consumers that crashed for good (kafkajs gives up on non-retriable errors), found in the process logs. */
  crashes(): string[];
  stop(): Promise<void>;
}

export const PIPELINE_STAGES = ['ingest', 'enrich', 'classify', 'route', 'review', 'writeback'] as const;

/**
 * The Kafka hops between a produce on community.posts and the arrival on decisions: ingest, enrich and
 * classify each forward one topic to the next; route and writeback together make the last hop, through
 * the decision log and its outbox in PostgreSQL rather than through a topic.
 */
export const BASELINE_HOPS: ReadonlyArray<{ label: string; from: LogicalTopic; to: LogicalTopic }> = [
  { label: 'hop1 (as ingest)', from: 'community.posts', to: 'moderation.ingested' },
  { label: 'hop2 (as enrich)', from: 'moderation.ingested', to: 'moderation.enriched' },
  { label: 'hop3 (as classify)', from: 'moderation.enriched', to: 'moderation.classified' },
  { label: 'hop4 (as route+writeback)', from: 'moderation.classified', to: 'decisions' },
];

const READY_TIMEOUT_MS = 180_000; // classify loads its models first; on a busy 2-core machine that takes a while

/** kafkajs logs `Crash: <error>` when a consumer stops, and `Restarting the consumer` when it comes back. */
function crashedConsumers(children: readonly Child[]): string[] {
  const out: string[] = [];
  for (const c of children) {
    const lines = readFileSync(c.logFile, 'utf8').split('\n');
    const crashes = lines.filter((l) => l.includes('"msg":"Crash: ')).length;
    const restarts = lines.filter((l) => l.includes('Restarting the consumer')).length;
    if (crashes > restarts) out.push(`${c.label}: its Kafka consumer crashed and did not restart (see ${c.logFile})`);
  }
  return out;
}

async function stopAll(children: Child[]): Promise<void> {
  await Promise.all(children.map((c) => stopChild(c)));
}

export async function startBaseline(slice: Slice, logDir: string): Promise<SystemUnderTest> {
  const children: Child[] = [];
  try {
    for (const [i, hop] of BASELINE_HOPS.entries()) {
      const env = { BENCH_FROM: slice.topics.name(hop.from), BENCH_TO: slice.topics.name(hop.to), BENCH_GROUP: `${slice.prefix}hop${i + 1}` };
      children.push(spawnTs({ label: hop.label, script: 'bench/e2e/forwarder.ts', env, logFile: join(logDir, `baseline-hop${i + 1}.log`) }));
    }
    await Promise.all(children.map((c) => waitForMessage(c, 'ready', READY_TIMEOUT_MS)));
  } catch (err) {
    await stopAll(children);
    throw err;
  }
  const batchSeconds = () => Promise.resolve(Object.fromEntries(children.map((c) => [c.label, null])));
  return { name: 'baseline', slice, children, batchSeconds, crashes: () => crashedConsumers(children), stop: () => stopAll(children) };
}

async function waitReady(child: Child, port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!isAlive(child)) throw new Error(`${child.label} exited before it was ready; see ${child.logFile}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${child.label} not ready on port ${port} after ${READY_TIMEOUT_MS} ms; see ${child.logFile}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface PipelineOptions {
  config: VigilConfig;
  logDir: string;
  logLevel: string;
  /** When set, each stage runs under `node --cpu-prof` and writes its profile to <dir>/<stage>/. */
  cpuProfileDir: string | null;
  /** The checkout whose services/ run (default: this one), to measure a candidate change before and after. */
  servicesRoot: string;
}

export async function startPipeline(slice: Slice, opts: PipelineOptions): Promise<SystemUnderTest> {
  if (!slice.databaseSchema) throw new Error('the pipeline needs a slice with a database schema');
  const children: Child[] = [];
  const ports = new Map<Child, number>();
  try {
    for (const stage of PIPELINE_STAGES) {
      const port = await freePort();
      const env = { VIGIL_TOPIC_PREFIX: slice.prefix, DATABASE_SCHEMA: slice.databaseSchema, HTTP_PORT: String(port), LOG_LEVEL: opts.logLevel };
      const nodeFlags = opts.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', join(opts.cpuProfileDir, stage)] : [];
      const child = spawnTs({ label: stage, script: `services/${stage}/main.ts`, env, logFile: join(opts.logDir, `pipeline-${stage}.log`), nodeFlags, cwd: opts.servicesRoot });
      children.push(child);
      ports.set(child, port);
    }
    await Promise.all(children.map((c) => waitReady(c, ports.get(c)!)));
  } catch (err) {
    await stopAll(children);
    throw err;
  }
  const batchSeconds = async () => {
    const out: Record<string, number | null> = {};
    for (const c of children) {
      const text = await fetch(`http://127.0.0.1:${ports.get(c)!}/metrics`).then((r) => r.text(), () => '');
      // writeback relays from the outbox outside StageRunner and records no batches: null, not 0.
      const batches = sumMetric(text, 'vigil_batch_duration_seconds_count') ?? 0;
      out[c.label] = batches > 0 ? sumMetric(text, 'vigil_batch_duration_seconds_sum') : null;
    }
    return out;
  };
  return { name: 'pipeline', slice, children, batchSeconds, crashes: () => crashedConsumers(children), stop: () => stopAll(children) };
}
