// infra/observability/METRICS.md as data: its table rows are the metric contract, and a check that an
// expression uses only contracted metrics and the labels they declare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OBS_DIR } from './files';
import { promqlRefs } from './promql';

const Row = z.object({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
  type: z.enum(['counter', 'gauge', 'histogram']),
  labels: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)),
  status: z.enum(['exported', 'planned']),
  meaning: z.string().min(10),
});
export type MetricRow = z.infer<typeof Row>;

/** Labels every scraped series has, whatever the metric: added by Prometheus from the target. */
export const TARGET_LABELS = ['job', 'instance'];

export function readContract(file = join(OBS_DIR, 'METRICS.md')): Map<string, MetricRow> {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [name, type, labels, status, meaning] = line.split('|').slice(1, -1).map((c) => c.trim());
      return Row.parse({ name: name?.replace(/`/g, ''), type, labels: labels ? labels.split(',').map((l) => l.trim()) : [], status, meaning });
    });
  const byName = new Map(rows.map((r) => [r.name, r]));
  if (byName.size !== rows.length) throw new Error('METRICS.md lists a metric twice');
  return byName;
}

/** The contract row for a series name, accepting a histogram's _bucket/_sum/_count series. */
export function resolve(contract: Map<string, MetricRow>, series: string): { row: MetricRow; extraLabels: string[] } | undefined {
  const direct = contract.get(series);
  if (direct) return { row: direct, extraLabels: [] };
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = m?.[1] !== undefined ? contract.get(m[1]) : undefined;
  if (base?.type !== 'histogram') return undefined;
  return { row: base, extraLabels: m?.[2] === 'bucket' ? ['le'] : [] };
}

/** Problems with one expression: unknown metrics, and labels no metric in it declares. Empty when fine. */
export function checkExpr(contract: Map<string, MetricRow>, expr: string): string[] {
  const { selectors, groupingLabels } = promqlRefs(expr);
  const problems: string[] = [];
  if (selectors.length === 0) problems.push(`selects no metric: ${expr}`);
  const allLabels = new Set(TARGET_LABELS);
  for (const sel of selectors) {
    const found = resolve(contract, sel.metric);
    if (!found) {
      problems.push(`${sel.metric} is not in METRICS.md`);
      continue;
    }
    const labels = new Set([...found.row.labels, ...found.extraLabels, ...TARGET_LABELS]);
    for (const l of [...labels]) allLabels.add(l);
    for (const l of sel.matcherLabels) if (!labels.has(l)) problems.push(`${sel.metric} has no label ${l} in METRICS.md`);
  }
  for (const l of groupingLabels) if (!allLabels.has(l)) problems.push(`groups by ${l}, which no metric in the expression has`);
  return problems;
}
