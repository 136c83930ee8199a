// Inference throughput of the model signals on real short posts (the SMS corpus, mean ~80 chars),
// single process (the wasm backend is single-threaded in Node, so this is one core).
//   npx tsx models/eval/bench.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelSignals } from '../../services/classify/signals/models';
import { DEFAULT_FEATURISER, Featuriser } from '../../services/classify/signals/models/featurise';
import { normaliseText } from '../../services/classify/signals/text/normalise';
import { ARTIFACTS_DIR, dataDir } from '../train/paths';

function corpus(): string[] {
  return readFileSync(join(dataDir(), 'sms-spam', 'SMSSpamCollection_train.tsv'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf('\t') + 1));
}

/** Posts per second of this process's CPU time (user + system), i.e. per core, robust to other load on the machine. */
function rate(n: number, c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

export async function runBench(batchSize = 256, rounds = 5): Promise<void> {
  const raw = corpus();
  let t0 = process.cpuUsage();
  const texts = raw.map(normaliseText);
  const normRate = rate(raw.length, t0);
  const f = new Featuriser(DEFAULT_FEATURISER);
  for (const t of texts) f.featurise(t);
  t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const t of texts) f.featurise(t);
  const featRate = rate(texts.length * rounds, t0);
  console.log(`\nThroughput, ${texts.length} SMS posts (mean ${(texts.reduce((a, t) => a + t.length, 0) / texts.length).toFixed(0)} chars), batches of ${batchSize}, one process, posts per CPU-second (= per core):`);
  console.log(`  normaliseText                  ${normRate.toFixed(0).padStart(7)} posts/s (caller's job, shown for reference)`);
  console.log(`  featurise (words 1-2 + chars 3-5) ${featRate.toFixed(0).padStart(7)} posts/s`);
  const configs = [
    ['tfjs', undefined, 0.5],
    ['tfjs', 'banking77', 0.5],
    ['tfjs', undefined, 2],
    ['tfjs', 'banking77', 2],
    ['js', undefined, 0.5],
    ['js', 'banking77', 0.5],
  ] as const;
  for (const [engine, router, explainAbove] of configs) {
    const s = await loadModelSignals({ modelsDir: ARTIFACTS_DIR, engine, explainAbove, ...(router ? { router } : {}) });
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) batches.push(texts.slice(i, i + batchSize));
    for (const b of batches.slice(0, 4)) await s.scoreBatch(b); // warm-up
    t0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const b of batches) await s.scoreBatch(b);
    const v = rate(texts.length * rounds, t0);
    const what = `${Object.keys(s.versions).join('+')}${explainAbove > 1 ? ', no explanations' : ''}`;
    console.log(`  scoreBatch ${s.engine.padEnd(9)} ${what.padEnd(58)} ${v.toFixed(0).padStart(7)} posts/s`);
    s.dispose();
  }
}

if (require.main === module) {
  runBench().catch((e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  });
}
