// Classifier speed: posts per second through the whole ensemble (rules, lexicons, trained models) in
// batches on one core, and per-post latency percentiles at batch sizes 1 and 64. Texts are the real
// posts bundled for the demo (infra/demo/sample-posts.jsonl), cycled.
//
// Two clocks: wall time, and this process's CPU time (user + system). Classification is single
// threaded, so posts per CPU-second is the rate per core; on a shared machine the wall clock also
// counts the time other processes held the core, and the CPU clock does not. Latency: a post in a
// batch waits for the whole batch, so its latency is the batch's time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../services/classify/load-classifier';
import type { Figure } from './decision-log';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Milliseconds of CPU this process has used. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
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
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  for (let done = 0; done < opts.posts; done += 256) await classifier.classifyBatch(Array.from({ length: Math.min(256, opts.posts - done) }, (_, k) => input(done + k)));
  const wallS = (performance.now() - wall0) / 1000;
  const cpuS = (cpuMs() - cpu0) / 1000;
  const detail = `${opts.posts} posts (mean ${Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length)} chars) in ${wallS.toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU; models ${JSON.stringify(classifier.versions)}`;
  figures.push({ name: 'classify throughput, batches of 256, one core (per CPU-second)', value: opts.posts / cpuS, unit: 'posts/s', detail });
  figures.push({ name: 'classify throughput, batches of 256, one core (wall clock)', value: opts.posts / wallS, unit: 'posts/s', detail });
  opts.log(`  throughput: ${Math.round(opts.posts / cpuS)} posts per CPU-second, ${Math.round(opts.posts / wallS)} posts/s wall clock`);

  for (const batch of [1, 64]) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const rounds = batch === 1 ? 2_000 : 200;
    for (let r = 0; r < rounds; r++) {
      const posts = Array.from({ length: batch }, (_, k) => input(r * batch + k));
      const w = performance.now();
      const c = cpuMs();
      await classifier.classifyBatch(posts);
      cpu.push(cpuMs() - c);
      wall.push(performance.now() - w);
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    for (const [clock, xs] of [['wall', wall], ['CPU', cpu]] as const) {
      const [p50, p99] = [percentile(xs, 50), percentile(xs, 99)];
      figures.push({ name: `classify latency per post at batch ${batch} (p50, ${clock})`, value: p50, unit: 'ms', detail: `${rounds} batches` });
      figures.push({ name: `classify latency per post at batch ${batch} (p99, ${clock})`, value: p99, unit: 'ms', detail: `max ${xs[xs.length - 1]?.toFixed(2)} ms` });
      opts.log(`  batch ${batch} (${clock}): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    }
  }
  return figures;
}
