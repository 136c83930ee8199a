// Reads one summed series out of a Prometheus text exposition (what each stage's /metrics serves).
// Pure: the scrape itself lives with the process that owns the port.

/** Sum of every sample of `metric` (all label sets), or null when the metric is absent. */
export function sumMetric(exposition: string, metric: string): number | null {
  let total: number | null = null;
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== metric) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}
