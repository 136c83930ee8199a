// `make bench`: runs every benchmark, prints a table and writes bench/results/<name>.json. Figures are
// measurements on this machine, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { benchClassify } from './classify';
import { benchDecisionLog, type Figure } from './decision-log';
import { benchPipelineSuite } from './e2e/suite';
import type { SystemName } from './e2e/systems';

function positiveInt(flag: string, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag}: expected a whole number from 1 to ${max}, got ${JSON.stringify(v)}`);
    return n;
  };
}

function loadList(v: string): number[] {
  return v.split(',').map((part) => positiveInt('--loads', 1_000_000)(part.trim()));
}

const program = new Command()
  .name('bench')
  .option('--replay-events <n>', 'events to generate for the replay benchmark', (v) => Number.parseInt(v, 10), 1_000_000)
  .option('--only <suite>', 'run one suite: log, classify or pipeline')
  .option('--classify-posts <n>', 'posts for the classify throughput run', (v) => Number.parseInt(v, 10), 20_000)
  // pipeline suite (bench/e2e): baseline against the full pipeline on the real broker
  .option('--systems <list>', 'pipeline suite: which systems to measure, comma-separated', 'baseline,pipeline')
  .option('--loads <list>', 'pipeline suite: fixed offered loads in posts/s, comma-separated', loadList, [200, 1_000, 2_000])
  .option('--load-seconds <n>', 'pipeline suite: seconds per fixed load', positiveInt('--load-seconds', 3_600), 10)
  .option('--baseline-posts <n>', 'pipeline suite: posts in the baseline burst that measures its maximum', positiveInt('--baseline-posts', 10_000_000), 50_000)
  .option('--pipeline-posts <n>', 'pipeline suite: posts in the pipeline burst that measures its maximum', positiveInt('--pipeline-posts', 10_000_000), 10_000)
  .option('--warmup-posts <n>', 'pipeline suite: posts sent (and awaited) before measuring', positiveInt('--warmup-posts', 1_000_000), 500)
  .option('--stall-seconds <n>', 'pipeline suite: give up waiting for arrivals after this long without one', positiveInt('--stall-seconds', 3_600), 60)
  .option('--stage-log-level <level>', 'pipeline suite: LOG_LEVEL of the six stages', 'warn')
  .option('--cpu-prof', 'pipeline suite: run the stages under node --cpu-prof and print a flame summary per stage', false)
  .option('--soak <minutes>', 'pipeline suite: instead of the comparison, run the pipeline at a fixed load and report RSS growth', positiveInt('--soak', 24 * 60))
  .option('--soak-rate <n>', 'pipeline suite: offered load of the soak in posts/s', positiveInt('--soak-rate', 1_000_000), 500)
  .option('--services-dir <dir>', 'pipeline suite: run the stages from another checkout (a candidate change), with its own node_modules or a link to ours')
  .parse();
const opts = program.opts<{
  replayEvents: number; only?: string; classifyPosts: number;
  systems: string; loads: number[]; loadSeconds: number; baselinePosts: number; pipelinePosts: number; warmupPosts: number;
  stallSeconds: number; stageLogLevel: string; cpuProf: boolean; soak?: number; soakRate: number; servicesDir?: string;
}>();
const SUITES = ['log', 'classify', 'pipeline'];
if (opts.only !== undefined && !SUITES.includes(opts.only)) throw new Error(`--only: expected one of ${SUITES.join(', ')}, got ${JSON.stringify(opts.only)}`);

function systemList(v: string): SystemName[] {
  const names = v.split(',').map((s) => s.trim());
  for (const n of names) if (n !== 'baseline' && n !== 'pipeline') throw new Error(`--systems: expected baseline and/or pipeline, got ${JSON.stringify(n)}`);
  return names as SystemName[];
}

async function main(): Promise<void> {
  const all: Record<string, Figure[]> = {};
  // Suites with more to say than figures (the pipeline suite's per-load and per-process tables) add it here.
  const details: Record<string, Record<string, unknown>> = {};
  if (!opts.only || opts.only === 'log') {
    console.log('decision log:');
    all.log = await benchDecisionLog({ replayEvents: opts.replayEvents, log: (s) => console.log(s) });
  }
  if (!opts.only || opts.only === 'classify') {
    console.log('classify:');
    all.classify = await benchClassify({ posts: opts.classifyPosts, log: (s) => console.log(s) });
  }
  if (!opts.only || opts.only === 'pipeline') {
    console.log('pipeline (end to end, baseline against the full pipeline):');
    const result = await benchPipelineSuite({
      systems: systemList(opts.systems), loads: opts.loads, loadSeconds: opts.loadSeconds, baselinePosts: opts.baselinePosts, pipelinePosts: opts.pipelinePosts,
      warmupPosts: opts.warmupPosts, stallMs: opts.stallSeconds * 1000, stageLogLevel: opts.stageLogLevel, cpuProf: opts.cpuProf,
      soakMinutes: opts.soak ?? null, soakRate: opts.soakRate, servicesDir: opts.servicesDir ?? null, log: (s) => console.log(s),
    });
    const suite = opts.soak === undefined ? 'pipeline' : 'pipeline-soak';
    all[suite] = result.figures;
    details[suite] = result.details;
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  for (const [suite, figures] of Object.entries(all)) {
    writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify({ date: new Date().toISOString(), machine, figures, ...details[suite] }, null, 2)}\n`);
  }
  console.log('\n| suite | measure | value | detail |\n|---|---|---|---|');
  for (const [suite, figures] of Object.entries(all)) {
    for (const f of figures) console.log(`| ${suite} | ${f.name} | ${f.unit === 'ms' ? f.value.toFixed(2) : Math.round(f.value).toLocaleString()} ${f.unit} | ${f.detail} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
