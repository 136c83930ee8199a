// Classifier speed: posts per second through the whole ensemble (rules, lexicons, trained models) in
// batches on one core, and per-post latency percentiles at batch sizes 1 and 64. Texts are the real
// posts bundled for the demo (infra/demo/sample-posts.jsonl), cycled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../services/classify/load-classifier';
import type { Figure } from './decision-log';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchClassify(opts: { posts: number; log: (s: string) => void }): Promise<Figure[]> {
  const root = join(__dirname, '..');
  const texts = readFileSync(join(root, 'infra', 'demo', 'sample-posts.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const classifier = await loadClassifier(join(root, 'models', 'artifacts'), null);
  const input = (i: number) => ({ id: String(i), text: texts[i % texts.length]! });
  const figures: Figure[] = [];

  await classifier.classifyBatch(Array.from({ length: 256 }, (_, i) => input(i))); // warm-up (JIT, model load)
  let t = performance.now();
  for (let done = 0; done < opts.posts; done += 256) await classifier.classifyBatch(Array.from({ length: Math.min(256, opts.posts - done) }, (_, k) => input(done + k)));
  const s = (performance.now() - t) / 1000;
  figures.push({ name: 'classify throughput, batches of 256, one core', value: opts.posts / s, unit: 'posts/s', detail: `${opts.posts} posts in ${s.toFixed(2)} s; models ${JSON.stringify(classifier.versions)}` });
  opts.log(`  throughput: ${Math.round(opts.posts / s)} posts/s`);

  for (const batch of [1, 64]) {
    const perPost: number[] = [];
    const rounds = batch === 1 ? 2_000 : 100;
    for (let r = 0; r < rounds; r++) {
      t = performance.now();
      await classifier.classifyBatch(Array.from({ length: batch }, (_, k) => input(r * batch + k)));
      // A post in a batch waits for the whole batch: its latency is the batch's time.
      perPost.push(performance.now() - t);
    }
    perPost.sort((a, b) => a - b);
    const p50 = percentile(perPost, 50);
    const p99 = percentile(perPost, 99);
    figures.push({ name: `classify latency per post at batch ${batch} (p50)`, value: p50, unit: 'ms', detail: `${rounds} batches` });
    figures.push({ name: `classify latency per post at batch ${batch} (p99)`, value: p99, unit: 'ms', detail: `max ${perPost[perPost.length - 1]?.toFixed(2)} ms` });
    opts.log(`  batch ${batch}: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
  }
  return figures;
}
