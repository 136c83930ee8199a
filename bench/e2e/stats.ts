// Latency percentiles and arrival-rate arithmetic for the end-to-end suite. Pure: no I/O, no clock.

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Sustained arrival rate: records per second between the 10th and the 90th percentile of arrival
 * times, so neither the start-up ramp nor the drain tail counts. Falls back to the whole span for tiny runs.
 */
export function sustainedRate(arrivalTimesMs: readonly number[]): number {
  const sorted = [...arrivalTimesMs].sort((a, b) => a - b);
  if (sorted.length < 2) return 0;
  const lo = Math.floor(sorted.length * 0.1);
  const hi = Math.max(lo + 1, Math.ceil(sorted.length * 0.9) - 1);
  const span = (sorted[hi]! - sorted[lo]!) / 1000;
  return span > 0 ? (hi - lo) / span : 0;
}
