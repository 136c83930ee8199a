// The observability files agree with each other and with the code: every metric an alert or a panel uses is
// in METRICS.md with the labels it is filtered and grouped by, every metric the code defines is listed there,
// and Prometheus scrapes each stage on the port it serves.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DEFAULT_HTTP_PORTS } from '../../services/core/runtime';
import { OBS_DIR, ROOT } from './files';
import { checkExpr, readContract } from './metrics-contract';
import { promqlRefs } from './promql';

const contract = readContract();
const STAGES = Object.entries(DEFAULT_HTTP_PORTS);

describe('promqlRefs (the checker the other tests rely on)', () => {
  it('finds metrics, matcher labels and grouping labels, and skips functions, keywords and durations', () => {
    const refs = promqlRefs('sum by (le, stage) (rate(vigil_x_bucket{stage=~"$stage", a!="b"}[$__rate_interval] offset 1d)) / on (stage) up > 0.5e3');
    expect(refs.selectors).toEqual([
      { metric: 'vigil_x_bucket', matcherLabels: ['stage', 'a'] },
      { metric: 'up', matcherLabels: [] },
    ]);
    expect(refs.groupingLabels).toEqual(['le', 'stage', 'stage']);
  });

  it('reports an unknown metric and an undeclared label', () => {
    expect(checkExpr(contract, 'rate(vigil_no_such_metric_total[5m])')).toEqual(['vigil_no_such_metric_total is not in METRICS.md']);
    expect(checkExpr(contract, 'vigil_review_queue_depth{post_id="1"}')).toEqual(['vigil_review_queue_depth has no label post_id in METRICS.md']);
    expect(checkExpr(contract, 'sum by (tenant) (vigil_review_queue_depth)')).toEqual(['groups by tenant, which no metric in the expression has']);
    expect(checkExpr(contract, 'histogram_quantile(0.9, sum by (le) (rate(vigil_batch_duration_seconds_bucket[5m])))')).toEqual([]);
  });
});

describe('METRICS.md', () => {
  it('uses low-cardinality labels only (never an id)', () => {
    const idLike = /(^|_)(id|ids|post|case|member|author|reviewer|tenant|event|user|email|url)$/;
    const offenders = [...contract.values()].flatMap((r) => r.labels.filter((l) => idLike.test(l)).map((l) => `${r.name}{${l}}`));
    expect(offenders).toEqual([]);
  });

  it('lists every metric services/core/http/metrics.ts defines, as exported, with its labels', () => {
    const source = readFileSync(join(ROOT, 'services', 'core', 'http', 'metrics.ts'), 'utf8');
    // One metric per `name: '…'`; its labelNames, if any, are on the same line.
    const defined = [...source.matchAll(/name: '(vigil_\w+)'([^\n]*)/g)].map((m) => ({
      name: m[1] ?? '',
      labels: [...(/labelNames: \[([^\]]*)\]/.exec(m[2] ?? '')?.[1] ?? '').matchAll(/'(\w+)'/g)].map((l) => l[1]),
    }));
    expect(defined.length).toBeGreaterThan(0);
    for (const { name, labels } of defined) {
      const row = contract.get(name);
      expect({ name, status: row?.status }).toEqual({ name, status: 'exported' });
      // setDefaultLabels({ stage }) adds stage to every series.
      expect(row?.labels.slice().sort()).toEqual(['stage', ...labels].sort());
    }
  });
});

const PrometheusConfig = z.object({
  global: z.object({ scrape_interval: z.literal('5s'), evaluation_interval: z.string().optional() }),
  rule_files: z.array(z.string()).min(1),
  scrape_configs: z.array(
    z.object({
      job_name: z.string(),
      metrics_path: z.literal('/metrics').optional(),
      static_configs: z.array(z.object({ targets: z.array(z.string()).min(1), labels: z.record(z.string(), z.string()).optional() })).min(1),
    }),
  ),
});

describe('prometheus.yml', () => {
  const config = PrometheusConfig.parse(parse(readFileSync(join(OBS_DIR, 'prometheus.yml'), 'utf8')));

  it('loads alerts.yml, and every rule file exists', () => {
    expect(config.rule_files).toContain('alerts.yml');
    for (const f of config.rule_files) expect(existsSync(join(OBS_DIR, f))).toBe(true);
  });

  it.each(STAGES)('scrapes %s on 127.0.0.1:%d as job vigil-%s', (stage, port) => {
    const job = config.scrape_configs.find((j) => j.job_name === `vigil-${stage}`);
    expect(job?.static_configs.flatMap((c) => c.targets)).toEqual([`127.0.0.1:${port}`]);
  });

  it('has no job for anything else', () => {
    expect(config.scrape_configs.map((j) => j.job_name).sort()).toEqual(STAGES.map(([s]) => `vigil-${s}`).sort());
  });
});

const Rule = z.object({
  alert: z.string().regex(/^[A-Z][A-Za-z0-9]+$/),
  expr: z.string().min(1),
  for: z.string().regex(/^\d+[smhd]$/),
  labels: z.object({ severity: z.enum(['page', 'ticket']) }),
  annotations: z.object({ summary: z.string().min(10), description: z.string().min(40) }),
});
const RuleFile = z.object({ groups: z.array(z.object({ name: z.string(), rules: z.array(Rule).min(1) })).min(1) });

describe('alerts.yml', () => {
  const rules = RuleFile.parse(parse(readFileSync(join(OBS_DIR, 'alerts.yml'), 'utf8'))).groups.flatMap((g) => g.rules);

  it('has unique alert names', () => {
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it.each(rules.map((r) => [r.alert, r.expr]))('%s uses only metrics and labels from METRICS.md', (_alert, expr) => {
    expect(checkExpr(contract, expr)).toEqual([]);
  });

  it.each([
    ['consumer lag', /vigil_consumer_lag/],
    ['SLA breaches', /vigil_review_sla_breaches_total/],
    ['dead-letter rate over consumed', /vigil_records_dead_lettered_total[\s\S]*\/[\s\S]*vigil_records_consumed_total/],
    ['auto-decision ratio against a day ago', /vigil_route_decisions_total\{action=~"allow\|hide"\}[\s\S]*offset 1d/],
    ['writeback failures', /vigil_writeback_failures_total/],
    ['a stage down', /\bup\{[^}]*\}\s*==\s*0/],
  ])('covers %s', (_what, pattern) => {
    expect(rules.some((r) => pattern.test(r.expr))).toBe(true);
  });
});

interface Target {
  expr?: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  gridPos: { x: number; y: number; w: number; h: number };
}

describe('grafana-dashboard.json', () => {
  const dashboard = JSON.parse(readFileSync(join(OBS_DIR, 'grafana-dashboard.json'), 'utf8')) as {
    schemaVersion: number;
    uid: string;
    templating: { list: Array<{ name: string; type: string; query?: unknown }> };
    panels: Panel[];
  };
  // Rows only group panels; they query nothing.
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));

  it('is a current schema with a Prometheus data source variable DS_PROMETHEUS', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }));
  });

  it('gives every panel the data source variable and at least one target', () => {
    for (const p of panels) {
      expect({ title: p.title, ds: p.datasource }).toEqual({ title: p.title, ds: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } });
      expect((p.targets ?? []).length).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid).toBe('${DS_PROMETHEUS}');
    }
  });

  it('has unique panel ids and panels inside the 24-column grid', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
  });

  it.each(panels.map((p) => [p.title, p]))('panel "%s" uses only metrics and labels from METRICS.md', (_title, p) => {
    for (const t of p.targets ?? []) expect(checkExpr(contract, t.expr ?? '')).toEqual([]);
  });

  it.each([
    'vigil_records_consumed_total', 'vigil_records_produced_total', 'vigil_consumer_lag', 'vigil_end_to_end_seconds_bucket',
    'vigil_batch_duration_seconds_bucket', 'vigil_route_decisions_total', 'vigil_review_queue_depth', 'vigil_review_queue_oldest_seconds',
    'vigil_review_sla_breaches_total', 'vigil_records_dead_lettered_total', 'vigil_writeback_deliveries_total', 'vigil_writeback_retries_total',
    'vigil_writeback_failures_total', 'vigil_writeback_outbox_depth', 'vigil_classify_model_seconds_bucket',
  ])('charts %s', (metric) => {
    expect(exprs.some((e) => promqlRefs(e).selectors.some((s) => s.metric === metric))).toBe(true);
  });

  it('shows p50, p95 and p99 end-to-end latency', () => {
    for (const q of ['0.5', '0.95', '0.99']) expect(exprs).toContainEqual(expect.stringContaining(`histogram_quantile(${q}, sum by (le, actor) (rate(vigil_end_to_end_seconds_bucket`));
  });
});
