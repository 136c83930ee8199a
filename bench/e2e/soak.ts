// The soak: the pipeline at a fixed load for N minutes, the RSS of every stage sampled every 10 s, and
// the growth reported as the mean of the last minute's samples minus the mean of the first minute's.
import { readProcStatus } from './children';
import type { LoadDriver } from './load';
import { summarise, type LatencySummary } from './stats';
import type { SystemUnderTest } from './systems';

const WINDOW_SECONDS = 10;

export interface RssSample {
  atSeconds: number;
  rssMiB: Record<string, number>;
}

export interface SoakResult {
  minutes: number;
  rate: number;
  sent: number;
  arrived: number;
  latency: LatencySummary;
  samples: RssSample[];
  /** Per process: MiB in the last minute minus MiB in the first minute (means of the samples). */
  growthMiB: Record<string, number>;
  crashes: string[];
}

/** Pure: growth per process from samples, comparing the first and the last `windowSeconds`. */
export function rssGrowth(samples: readonly RssSample[], windowSeconds = 60): Record<string, number> {
  const end = samples[samples.length - 1]?.atSeconds ?? 0;
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const first = samples.filter((s) => s.atSeconds <= (samples[0]?.atSeconds ?? 0) + windowSeconds);
  const last = samples.filter((s) => s.atSeconds >= end - windowSeconds);
  const labels = new Set(samples.flatMap((s) => Object.keys(s.rssMiB)));
  return Object.fromEntries([...labels].map((l) => [l, mean(last.map((s) => s.rssMiB[l] ?? 0)) - mean(first.map((s) => s.rssMiB[l] ?? 0))]));
}

export async function soak(system: SystemUnderTest, driver: LoadDriver, opts: { minutes: number; rate: number; stallMs: number; log: (line: string) => void }): Promise<SoakResult> {
  driver.reset();
  const started = performance.now();
  const samples: RssSample[] = [];
  const sample = () => {
    const rssMiB = Object.fromEntries(system.children.map((c) => [c.label, (readProcStatus(c.pid)?.rssBytes ?? 0) / 2 ** 20]));
    samples.push({ atSeconds: (performance.now() - started) / 1000, rssMiB });
    return rssMiB;
  };
  let sent = 0;
  const windows = Math.max(1, Math.round((opts.minutes * 60) / WINDOW_SECONDS));
  for (let w = 0; w < windows; w++) {
    const batch = await driver.encodePosts(Math.round(opts.rate * WINDOW_SECONDS));
    await driver.sendPaced(batch, opts.rate);
    sent += batch.length;
    const rss = sample();
    opts.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: sent ${sent}, arrived ${driver.arrived().length}; RSS MiB ${Object.entries(rss).map(([l, v]) => `${l} ${v.toFixed(0)}`).join(', ')}`);
  }
  await driver.drain(opts.stallMs);
  const arrivals = driver.arrived();
  return {
    minutes: opts.minutes,
    rate: opts.rate,
    sent,
    arrived: arrivals.length,
    latency: summarise(arrivals.map((a) => a.arrivedAt - a.sentAt)),
    samples,
    growthMiB: rssGrowth(samples),
    crashes: system.crashes(),
  };
}
