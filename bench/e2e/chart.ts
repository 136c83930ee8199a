// The latency chart: p50 and p99 end-to-end latency against offered load, one line per system and
// percentile, as a vega-lite spec rendered to SVG by vega and to PNG by resvg.
import { writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { SystemResult } from './measure';

type VegaModule = typeof import('vega');
/** The one vega-lite call used here (its typings are reachable only through package exports, which this project's "node" resolution ignores). */
interface VegaLiteModule {
  compile(spec: Record<string, unknown>): { spec: Parameters<VegaModule['parse']>[0] };
}

// vega and vega-lite ship only as ES modules. tsx (which runs the benchmark) keeps `import()` a real
// dynamic import in CommonJS files; the specifier is a variable where TypeScript's "node" resolution
// cannot see the package's typings.
const VEGA_LITE = 'vega-lite';

export interface ChartPoint {
  system: string;
  percentile: 'p50' | 'p99';
  offered: number;
  latencyMs: number;
}

/**
 * Paced runs only: the burst has no offered rate, and its latency is queueing by construction. A run in
 * which posts never arrived is left out too: its percentiles would cover only the lucky ones.
 */
export function chartPoints(systems: readonly SystemResult[]): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const s of systems) {
    for (const r of s.loads) {
      if (r.offered === null || r.latency.count === 0 || r.arrived < r.sent) continue;
      points.push({ system: s.name, percentile: 'p50', offered: r.offered, latencyMs: Math.max(0.1, r.latency.p50) });
      points.push({ system: s.name, percentile: 'p99', offered: r.offered, latencyMs: Math.max(0.1, r.latency.p99) });
    }
  }
  return points;
}

export async function writeLatencyChart(systems: readonly SystemResult[], pngPath: string): Promise<void> {
  const vega: VegaModule = await import('vega');
  const vegaLite = (await import(VEGA_LITE)) as VegaLiteModule;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Vigil end-to-end latency (community.posts to decisions) against offered load', subtitle: 'paced runs at the fixed loads and at each system\'s measured maximum; runs that lost posts are left out' },
    width: 560,
    height: 320,
    background: 'white',
    data: { values: chartPoints(systems) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'offered', type: 'quantitative', title: 'offered load (posts/s)', scale: { type: 'log' } },
      y: { field: 'latencyMs', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' } },
      color: { field: 'system', type: 'nominal', title: 'system' },
      strokeDash: { field: 'percentile', type: 'nominal', title: 'percentile', legend: { symbolType: 'stroke', encode: { symbols: { update: { stroke: { value: '#444' }, strokeWidth: { value: 2 } } } } } },
    },
  };
  const compiled = vegaLite.compile(spec);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  writeFileSync(pngPath, png);
}
