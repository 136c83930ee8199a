// The drift audit report: assembled from two windows of case summaries, then rendered as Markdown
// (for reading and diffing), JSON (for tooling) and a self-contained HTML page with inline SVG charts.
import type { CaseSummary } from './case-summary';
import {
  BIN_COUNT, PSI_EPSILON, PSI_FORMULA, PSI_MAJOR, PSI_MODERATE,
  compareDistributions, scoreHistograms, windowStats,
  type Agreement, type CategoryShift, type DistributionShift, type Rate, type WindowStats,
} from './drift';

export interface DriftScope {
  tenant: string | null;
  baseline: { from: string; to: string };
  target: { from: string; to: string };
}

export interface DriftReport {
  scope: DriftScope;
  method: { bins: number; epsilon: number; formula: string; moderateAt: number; majorAt: number };
  baseline: WindowStats;
  target: WindowStats;
  /** All model versions pooled per category: what the charts show. */
  categories: CategoryShift[];
  /** Per category × model version, worst drift first: what the table shows. */
  distributions: DistributionShift[];
}

export function buildDriftReport(scope: DriftScope, baseline: readonly CaseSummary[], target: readonly CaseSummary[]): DriftReport {
  const { categories, distributions } = compareDistributions(scoreHistograms(baseline), scoreHistograms(target));
  distributions.sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1) || a.category.localeCompare(b.category));
  return {
    scope,
    method: { bins: BIN_COUNT, epsilon: PSI_EPSILON, formula: PSI_FORMULA, moderateAt: PSI_MODERATE, majorAt: PSI_MAJOR },
    baseline: windowStats(baseline),
    target: windowStats(target),
    categories,
    distributions,
  };
}

const RATES = [
  ['autoDecision', 'auto-decision rate'],
  ['overturn', 'overturn rate'],
  ['appealReversal', 'appeal reversal rate'],
] as const;

const pct = (r: Rate) => (r.rate === null ? `n/a (0 of 0)` : `${(r.rate * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`);
const pp = (b: Rate, t: Rate) => (b.rate === null || t.rate === null ? '' : `${t.rate >= b.rate ? '+' : '−'}${(Math.abs(t.rate - b.rate) * 100).toFixed(1)} pp`);
const kappaText = (a: Agreement) => (a.kappa === null ? `n/a: ${a.reason ?? ''}` : `${a.kappa.toFixed(3)} (${a.pairs} pairs)`);
const psiText = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
const binLabel = (i: number) => `${(i / BIN_COUNT).toFixed(1)}–${((i + 1) / BIN_COUNT).toFixed(1)}`;

function scopeLine(s: DriftScope): string {
  return `Target ${s.target.from} to ${s.target.to}; baseline ${s.baseline.from} to ${s.baseline.to}; tenant: ${s.tenant ?? 'all tenants'}.`;
}

export function driftHeadline(r: DriftReport): string {
  const major = r.distributions.filter((d) => d.drift === 'major');
  const moderate = r.distributions.filter((d) => d.drift === 'moderate');
  const named = major.map((d) => `${d.category} (${d.modelVersion}, PSI ${psiText(d.psi)})`).join(', ');
  return `${major.length} major and ${moderate.length} moderate drift of ${r.distributions.length} category × model-version groups${named ? `; major: ${named}` : ''}.`;
}

export function driftMarkdown(r: DriftReport): string {
  const lines = [
    '# Drift audit',
    '',
    scopeLine(r.scope),
    `Cases seen: baseline ${r.baseline.cases} (${r.baseline.classified} classified, ${r.baseline.routed} routed), target ${r.target.cases} (${r.target.classified} classified, ${r.target.routed} routed).`,
    '',
    '## Summary',
    '',
    `**Score drift:** ${driftHeadline(r)}`,
    '',
    '| measure | baseline | target | change |',
    '|---|---|---|---|',
    ...RATES.map(([key, label]) => `| ${label} | ${pct(r.baseline[key])} | ${pct(r.target[key])} | ${pp(r.baseline[key], r.target[key])} |`),
    `| reviewer agreement (Cohen's κ) | ${kappaText(r.baseline.agreement)} | ${kappaText(r.target.agreement)} | |`,
    '',
    '## Score distribution shift (PSI), worst first',
    '',
    '| category | model version | baseline n | target n | PSI | drift | compared with |',
    '|---|---|---|---|---|---|---|',
    ...r.distributions.map((d) => `| ${d.category} | ${d.modelVersion} | ${sum(d.baseline)} | ${sum(d.target)} | ${psiText(d.psi)} | ${d.drift} | ${d.comparedWith} |`),
    '',
    '## Method',
    '',
    `- ${r.method.formula}; ε = ${r.method.epsilon}. Scores fall in ${r.method.bins} equal-width bins on [0, 1] (1.0 in the last bin).`,
    `- Drift is "moderate" at PSI ≥ ${r.method.moderateAt} and "major" at PSI ≥ ${r.method.majorAt}. Small groups give noisy PSI: read it with the counts.`,
    '- A model version that is new in the target has no baseline of its own and is compared with all baseline versions pooled.',
    '- Auto-decision rate: routed cases whose automated outcome in force is allow or hide.',
    '- Overturn rate: routed cases whose latest human verdict (approve, or remove/restrict_author) contradicts the automated visibility (allow/provisional are visible; hide/review/escalate are not).',
    '- Appeal reversal rate: reversed / all AppealDecided. Reviewer agreement: Cohen\'s κ over the first actions of the first two distinct reviewers of a case.',
    '- Each window is read on its own: a human decision or appeal whose case was routed in an earlier window counts towards appeals and agreement but not towards the overturn rate.',
  ];
  return `${lines.join('\n')}\n`;
}

function sum(counts: readonly number[]): number {
  return counts.reduce((a, b) => a + b, 0);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

// Okabe–Ito blue and vermillion: distinguishable with colour-vision deficiency, ≥ 3:1 against white.
const BASELINE_COLOUR = '#0072B2';
const TARGET_COLOUR = '#D55E00';

export interface BarChart {
  title: string;
  xLabel: string;
  yLabel: string;
  groups: readonly string[];
  series: ReadonlyArray<{ name: string; colour: string; values: ReadonlyArray<number | null> }>;
  yMax: number;
  format: (value: number) => string;
  /** Print each bar's value above it; worth it only for a few bars. */
  valueLabels?: boolean;
}

/** A grouped bar chart as inline SVG: y gridlines with ticks, labelled axes, a legend, a tooltip per bar. */
export function barChartSvg(c: BarChart): string {
  const [width, height] = [680, 320];
  const m = { top: 56, right: 16, bottom: 60, left: 72 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const y = (v: number) => m.top + plotH - (Math.max(0, Math.min(v, c.yMax)) / c.yMax) * plotH;
  const groupW = plotW / Math.max(1, c.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, c.series.length);
  const out: string[] = [`<text x="${m.left}" y="20" font-size="15" font-weight="600">${escapeXml(c.title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = (c.yMax * i) / 4;
    out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d7de"/>`);
    out.push(`<text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end">${escapeXml(c.format(v))}</text>`);
  }
  c.groups.forEach((group, g) => {
    const left = m.left + g * groupW + groupW * 0.1;
    c.series.forEach((s, k) => {
      const v = s.values[g] ?? null;
      const x = left + k * barW;
      const tip = `<title>${escapeXml(`${s.name}, ${group}: ${v === null ? 'n/a' : c.format(v)}`)}</title>`;
      if (v !== null) out.push(`<rect x="${x}" y="${y(v)}" width="${barW - 1}" height="${m.top + plotH - y(v)}" fill="${s.colour}">${tip}</rect>`);
      if (c.valueLabels || v === null) out.push(`<text x="${x + barW / 2}" y="${(v === null ? m.top + plotH : y(v)) - 4}" text-anchor="middle" font-size="11">${v === null ? 'n/a' : escapeXml(c.format(v))}</text>`);
    });
    out.push(`<text x="${left + groupW * 0.4}" y="${m.top + plotH + 16}" text-anchor="middle" font-size="11">${escapeXml(group)}</text>`);
  });
  out.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#24292f"/>`);
  out.push(`<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#24292f"/>`);
  out.push(`<text x="${m.left + plotW / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(c.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(c.yLabel)}</text>`);
  c.series.forEach((s, k) => {
    const x = m.left + 170 * k;
    out.push(`<rect x="${x}" y="28" width="12" height="12" fill="${s.colour}"/><text x="${x + 18}" y="39">${escapeXml(s.name)}</text>`);
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(c.title)}" font-family="system-ui, sans-serif" font-size="12" fill="#24292f">${out.join('')}</svg>`;
}

function histogramChart(c: CategoryShift): string {
  const share = (counts: readonly number[]) => counts.map((n) => (sum(counts) === 0 ? 0 : (100 * n) / sum(counts)));
  const [baseline, target] = [share(c.baseline), share(c.target)];
  const peak = Math.max(10, ...baseline, ...target);
  return barChartSvg({
    title: `${c.category}: PSI ${psiText(c.psi)} (${c.drift})`,
    xLabel: 'score bin',
    yLabel: 'share of scores (%)',
    groups: Array.from({ length: BIN_COUNT }, (_, i) => binLabel(i)),
    series: [
      { name: `baseline (n=${sum(c.baseline)})`, colour: BASELINE_COLOUR, values: baseline },
      { name: `target (n=${sum(c.target)})`, colour: TARGET_COLOUR, values: target },
    ],
    yMax: Math.ceil(peak / 10) * 10,
    format: (v) => `${Math.round(v)}%`,
  });
}

function ratesChart(r: DriftReport): string {
  const values = (w: WindowStats) => RATES.map(([key]) => (w[key].rate === null ? null : w[key].rate * 100));
  return barChartSvg({
    title: 'Decision rates, baseline vs target',
    xLabel: 'rate',
    yLabel: 'percent of cases',
    groups: RATES.map(([, label]) => label),
    series: [
      { name: 'baseline', colour: BASELINE_COLOUR, values: values(r.baseline) },
      { name: 'target', colour: TARGET_COLOUR, values: values(r.target) },
    ],
    yMax: 100,
    format: (v) => `${v.toFixed(1)}%`,
    valueLabels: true,
  });
}

/** One page, no external assets: the styles and charts are inline, so it can be mailed or archived as is. */
export function driftHtml(r: DriftReport): string {
  const rows = [
    ...RATES.map(([key, label]) => [label, pct(r.baseline[key]), pct(r.target[key]), pp(r.baseline[key], r.target[key])]),
    ["reviewer agreement (Cohen's κ)", kappaText(r.baseline.agreement), kappaText(r.target.agreement), ''],
  ];
  const cell = (tag: string, cells: readonly string[]) => `<tr>${cells.map((c) => `<${tag}>${escapeXml(c)}</${tag}>`).join('')}</tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil drift audit</title>
<style>body{font-family:system-ui,sans-serif;color:#24292f;max-width:760px;margin:2rem auto;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}figure{margin:1.5rem 0}</style></head>
<body><h1>Drift audit</h1><p>${escapeXml(scopeLine(r.scope))}</p>
<p><strong>Score drift:</strong> ${escapeXml(driftHeadline(r))}</p>
<table>${cell('th', ['measure', 'baseline', 'target', 'change'])}${rows.map((row) => cell('td', row)).join('')}</table>
<figure>${ratesChart(r)}</figure>
<h2>Score distributions per category (all model versions pooled)</h2>
${r.categories.map((c) => `<figure>${histogramChart(c)}</figure>`).join('\n')}
<p><small>${escapeXml(r.method.formula)}; ε = ${r.method.epsilon}; moderate at ${r.method.moderateAt}, major at ${r.method.majorAt}.</small></p>
</body></html>
`;
}
