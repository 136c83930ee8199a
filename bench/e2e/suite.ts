// The `pipeline` benchmark suite: the baseline (raw forwarding hops, the physical limit of this broker
// and client) and the full pipeline, one after the other on their own slices of the shared broker, then
// the comparison table, bench/results/pipeline.json and the latency chart. `soak` replaces the
// comparison with a long run of the pipeline alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { loadConfig, type VigilConfig } from '../../services/core/config';
import { createKafka } from '../../services/core/kafka/client';
import { createLogger } from '../../services/core/logger';
import type { Figure } from '../decision-log';
import { writeLatencyChart } from './chart';
import { ROOT } from './children';
import { parseCpuProfile, summariseProfile, type FlameSummary, type ProfileWindow } from './flame';
import { LoadDriver } from './load';
import { measureSystem, type MeasureOptions, type SystemResult } from './measure';
import { figures, printReport, throughputRatio } from './report';
import { createSlice, type Slice } from './slice';
import { soak, type SoakResult } from './soak';
import { PIPELINE_STAGES, startBaseline, startPipeline, type SystemName, type SystemUnderTest } from './systems';
import { loadMixedTexts } from './texts';

export interface PipelineSuiteOptions extends Omit<MeasureOptions, 'burstPosts'> {
  systems: SystemName[];
  baselinePosts: number;
  pipelinePosts: number;
  stageLogLevel: string;
  cpuProf: boolean;
  soakMinutes: number | null;
  soakRate: number;
  /** Another checkout of Vigil whose services/ the pipeline runs from (null: this one). */
  servicesDir: string | null;
}

const RESULTS = join(ROOT, 'bench', 'results');
const LOG_DIR = join(RESULTS, 'logs');
const PROFILE_DIR = join(RESULTS, 'profiles');

/** Runs `body` with a started system and a connected load driver; stops both and removes the slice however it ends. */
async function withSystem<T>(name: SystemName, ctx: { config: VigilConfig; kafka: Kafka; texts: string[]; opts: PipelineSuiteOptions }, body: (s: SystemUnderTest, d: LoadDriver) => Promise<T>): Promise<T> {
  const slice: Slice = await createSlice(name, ctx.config, ctx.kafka, name === 'pipeline');
  let system: SystemUnderTest | null = null;
  let driver: LoadDriver | null = null;
  const cleanUp = async () => {
    await driver?.stop();
    await system?.stop();
    await slice.remove();
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    ctx.opts.log(`${name}: slice ${slice.prefix}*${slice.databaseSchema ? `, schema ${slice.databaseSchema}` : ''}; starting processes…`);
    system = name === 'baseline'
      ? await startBaseline(slice, LOG_DIR)
      : await startPipeline(slice, { config: ctx.config, logDir: LOG_DIR, logLevel: ctx.opts.stageLogLevel, cpuProfileDir: ctx.opts.cpuProf ? PROFILE_DIR : null, servicesRoot: ctx.opts.servicesDir ?? ROOT });
    driver = new LoadDriver(ctx.kafka, slice, ctx.texts, name === 'pipeline');
    await driver.start();
    return await body(system, driver);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

/**
 * Each stage's main-thread profile, summarised. Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>;
 * thread 0 is the main thread (thread 1 is the tsx loader's hooks thread, which only compiles modules).
 * Cut to `window` when given.
 */
function readProfiles(window: ProfileWindow | null): Record<string, FlameSummary> {
  const out: Record<string, FlameSummary> = {};
  for (const stage of PIPELINE_STAGES) {
    const dir = join(PROFILE_DIR, stage);
    if (!existsSync(dir)) continue;
    const main = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    if (main) out[stage] = summariseProfile(parseCpuProfile(JSON.parse(readFileSync(join(dir, main), 'utf8'))), 15, window);
  }
  return out;
}

export async function benchPipelineSuite(opts: PipelineSuiteOptions): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const config = loadConfig();
  const kafka = createKafka('vigil-bench', config.kafkaBrokers, createLogger('bench', 'error'));
  const texts = loadMixedTexts();
  const ctx = { config, kafka, texts, opts };
  mkdirSync(LOG_DIR, { recursive: true });
  if (opts.servicesDir !== null && !existsSync(join(opts.servicesDir, 'services', 'route', 'main.ts'))) throw new Error(`--services-dir: ${opts.servicesDir} has no services/route/main.ts`);
  if (opts.cpuProf) rmSync(PROFILE_DIR, { recursive: true, force: true });
  opts.log(`  ${texts.length} real post texts (sms-spam, jigsaw-toxic, davidson, banking77, 20newsgroups); stage logs in ${LOG_DIR}`);

  if (opts.soakMinutes !== null) {
    const minutes = opts.soakMinutes;
    const result: SoakResult = await withSystem('pipeline', ctx, async (system, driver) => {
      const warm = await driver.run(opts.warmupPosts, null, opts.stallMs);
      opts.log(`  warm-up: ${warm.arrivals.length}/${warm.sent} arrived; soaking ${minutes} min at ${opts.soakRate}/s`);
      return soak(system, driver, { minutes, rate: opts.soakRate, stallMs: opts.stallMs, log: opts.log });
    });
    opts.log(`\nsoak: ${result.arrived}/${result.sent} arrived; p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms`);
    for (const crash of result.crashes) opts.log(`WARNING ${crash}`);
    opts.log('RSS growth, last minute minus first minute (MiB):');
    for (const [label, growth] of Object.entries(result.growthMiB)) opts.log(`  ${label.padEnd(10)} ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}`);
    const worst = Math.max(...Object.values(result.growthMiB));
    return { figures: [{ name: `soak ${minutes} min at ${opts.soakRate}/s: largest RSS growth`, value: worst, unit: 'MiB', detail: 'last minute minus first minute, per stage; samples in bench/results/pipeline-soak.json' }], details: { soak: result } };
  }

  const systems: SystemResult[] = [];
  for (const name of opts.systems) {
    opts.log(`${name}:`);
    const burstPosts = name === 'baseline' ? opts.baselinePosts : opts.pipelinePosts;
    systems.push(await withSystem(name, ctx, (system, driver) => measureSystem(system, driver, { ...opts, burstPosts })));
  }
  // Only the measured runs of the pipeline: start-up (module loading under tsx) would otherwise dominate.
  const profiles = opts.cpuProf ? readProfiles(systems.find((s) => s.name === 'pipeline')?.window ?? null) : {};
  printReport(systems, profiles, opts.log);
  const chart = join(RESULTS, 'pipeline-latency.png');
  await writeLatencyChart(systems, chart);
  opts.log(`\nchart: ${chart}`);
  const ratio = throughputRatio(systems.find((s) => s.name === 'baseline') ?? null, systems.find((s) => s.name === 'pipeline') ?? null);
  const settings = { systems: opts.systems, loads: opts.loads, loadSeconds: opts.loadSeconds, baselinePosts: opts.baselinePosts, pipelinePosts: opts.pipelinePosts, warmupPosts: opts.warmupPosts, stageLogLevel: opts.stageLogLevel, cpuProf: opts.cpuProf, servicesDir: opts.servicesDir };
  return { figures: figures(systems), details: { settings, throughputRatio: ratio, systems, profiles } };
}
