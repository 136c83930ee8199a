// Measures one running system: a warm-up, the maximum sustained throughput (a burst of posts pushed as
// fast as possible, arrival rate at `decisions`), then latency at each fixed offered load and at the
// measured maximum. Process figures (CPU, batch time, peak RSS) are taken around the measured runs.
import { readProcStatus } from './children';
import type { ProfileWindow } from './flame';
import type { Arrival, LoadDriver, RunOutcome } from './load';
import { summarise, sustainedRate, type LatencySummary } from './stats';
import type { SystemName, SystemUnderTest } from './systems';

/** Actions a policy takes without a human; everything else (provisional, review, escalate) waits for one. */
const AUTO_ACTIONS = new Set(['allow', 'hide']);

export interface LoadResult {
  label: string;
  /** Offered posts per second; null for the burst that measures the maximum. */
  offered: number | null;
  sent: number;
  arrived: number;
  /** Posts per second arriving at `decisions`, between the 10th and 90th percentile of arrivals. */
  achieved: number;
  latency: LatencySummary;
  /** Pipeline only: decisions taken without a human (allow/hide), and those routed to one. */
  auto: LatencySummary | null;
  human: LatencySummary | null;
}

export interface ProcessResult {
  label: string;
  pid: number;
  peakRssMiB: number;
  cpuSeconds: number;
  batchSeconds: number | null;
}

export interface SystemResult {
  name: SystemName;
  maxThroughput: number;
  loads: LoadResult[];
  /** Posts sent in the measured runs (warm-up excluded), to put CPU time per post. */
  postsMeasured: number;
  processes: ProcessResult[];
  /** Consumers that died during the runs: figures after that point measure a stalled system. */
  crashes: string[];
  /** When the measured runs started and ended (after the warm-up), for cutting CPU profiles. */
  window: ProfileWindow;
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export interface MeasureOptions {
  burstPosts: number;
  loads: number[];
  loadSeconds: number;
  warmupPosts: number;
  stallMs: number;
  log: (line: string) => void;
}

function latencies(arrivals: readonly Arrival[], keep: (a: Arrival) => boolean = () => true): number[] {
  return arrivals.filter(keep).map((a) => a.arrivedAt - a.sentAt);
}

export function loadResult(label: string, offered: number | null, outcome: RunOutcome, withActions: boolean): LoadResult {
  const { arrivals } = outcome;
  return {
    label,
    offered,
    sent: outcome.sent,
    arrived: arrivals.length,
    achieved: sustainedRate(arrivals.map((a) => a.arrivedAt)),
    latency: summarise(latencies(arrivals)),
    auto: withActions ? summarise(latencies(arrivals, (a) => AUTO_ACTIONS.has(a.action ?? ''))) : null,
    human: withActions ? summarise(latencies(arrivals, (a) => !AUTO_ACTIONS.has(a.action ?? ''))) : null,
  };
}

function describe(r: LoadResult): string {
  const lost = r.sent - r.arrived;
  return `${r.label.padEnd(10)} sent ${r.sent}, arrived ${r.arrived}${lost > 0 ? ` (${lost} missing)` : ''}, ${Math.round(r.achieved)}/s, p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, max ${r.latency.max.toFixed(1)} ms`;
}

export async function measureSystem(system: SystemUnderTest, driver: LoadDriver, opts: MeasureOptions): Promise<SystemResult> {
  const withActions = system.name === 'pipeline';
  const warm = await driver.run(opts.warmupPosts, null, opts.stallMs);
  opts.log(`  warm-up: ${warm.arrivals.length}/${warm.sent} arrived`);
  if (warm.arrivals.length === 0) throw new Error(`${system.name}: no warm-up post reached decisions; see the logs under bench/results/logs`);
  const cpuBefore = new Map(system.children.map((c) => [c.pid, readProcStatus(c.pid)?.cpuSeconds ?? 0]));
  const batchBefore = await system.batchSeconds();
  const fromUs = monotonicUs();

  const burst = loadResult('max', null, await driver.run(opts.burstPosts, null, opts.stallMs), withActions);
  opts.log(`  ${describe(burst)}`);
  const loads = [burst];
  const paced = [...opts.loads.map((rate) => ({ label: `${rate}/s`, rate })), { label: `at max ${Math.round(burst.achieved)}/s`, rate: Math.max(1, Math.round(burst.achieved)) }];
  for (const { label, rate } of paced) {
    // A dead consumer stalls everything behind it: further runs would only wait out the stall timeout.
    if (system.crashes().length > 0) break;
    const result = loadResult(label, rate, await driver.run(Math.max(1, Math.round(rate * opts.loadSeconds)), rate, opts.stallMs), withActions);
    opts.log(`  ${describe(result)}`);
    loads.push(result);
  }
  const crashes = system.crashes();
  for (const crash of crashes) opts.log(`  WARNING ${crash}; any later loads were skipped`);

  const toUs = monotonicUs();
  const batchAfter = await system.batchSeconds();
  const processes = system.children.map((c) => {
    const status = readProcStatus(c.pid);
    const before = batchBefore[c.label];
    const after = batchAfter[c.label];
    return {
      label: c.label,
      pid: c.pid,
      peakRssMiB: (status?.peakRssBytes ?? 0) / 2 ** 20,
      cpuSeconds: (status?.cpuSeconds ?? 0) - (cpuBefore.get(c.pid) ?? 0),
      batchSeconds: after === null || after === undefined ? null : after - (before ?? 0),
    };
  });
  const postsMeasured = loads.reduce((n, r) => n + r.sent, 0);
  return { name: system.name, maxThroughput: burst.achieved, loads, postsMeasured, processes, crashes, window: { fromUs, toUs } };
}
