// `make bench`: runs every benchmark, prints a table and writes bench/results/<name>.json. Figures are
// measurements on this machine, never assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { benchClassify } from './classify';
import { benchDecisionLog, type Figure } from './decision-log';

const program = new Command()
  .name('bench')
  .option('--replay-events <n>', 'events to generate for the replay benchmark', (v) => Number.parseInt(v, 10), 1_000_000)
  .option('--only <suite>', 'run one suite: log or classify')
  .option('--classify-posts <n>', 'posts for the classify throughput run', (v) => Number.parseInt(v, 10), 20_000)
  .parse();
const opts = program.opts<{ replayEvents: number; only?: string; classifyPosts: number }>();

async function main(): Promise<void> {
  const all: Record<string, Figure[]> = {};
  if (!opts.only || opts.only === 'log') {
    console.log('decision log:');
    all.log = await benchDecisionLog({ replayEvents: opts.replayEvents, log: (s) => console.log(s) });
  }
  if (!opts.only || opts.only === 'classify') {
    console.log('classify:');
    all.classify = await benchClassify({ posts: opts.classifyPosts, log: (s) => console.log(s) });
  }
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  for (const [suite, figures] of Object.entries(all)) {
    writeFileSync(join(dir, `${suite}.json`), `${JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2)}\n`);
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
