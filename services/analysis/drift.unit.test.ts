import fc from 'fast-check';
import { entry, facts } from '../../test/support/fixtures';
import type { Action, LogEntry, ReviewAction } from '../core/log/events';
import { summarise, type CaseSummary } from './case-summary';
import {
  appealReversalRate, autoDecisionRate, binIndex, cohensKappa, compareDistributions, driftLevel, histogram,
  modelVersionFor, overturnRate, psi, reviewerPairs, scoreHistograms, windowStats,
} from './drift';
import { barChartSvg, buildDriftReport, driftHtml, driftMarkdown } from './drift-report';

const EVENT_FOR: Record<Action, 'AutoAllowed' | 'AutoHidden' | 'ProvisionallyPublished' | 'QueuedForReview' | 'Escalated'> = {
  allow: 'AutoAllowed', hide: 'AutoHidden', provisional: 'ProvisionallyPublished', review: 'QueuedForReview', escalate: 'Escalated',
};

interface CaseSpec { spam?: number; versions?: Record<string, string>; automated?: Action; human?: Array<[string, ReviewAction]>; appeals?: Array<'upheld' | 'reversed'> }

function summaries(specs: CaseSpec[]): CaseSummary[] {
  const map = new Map<string, CaseSummary>();
  specs.forEach((s, i) => {
    const caseId = `acme:p${i}`;
    const entries: LogEntry[] = [entry({ type: 'PostClassified', data: facts({ scores: { spam: s.spam ?? 0.01 } }) }, { caseId, modelVersions: s.versions ?? { rules: '1.0.0' } })];
    if (s.automated) {
      const outcome = { action: s.automated, reasonCode: 'X', drivers: [], queue: null, severity: null, priority: 0, slaDeadline: null };
      entries.push(entry({ type: EVENT_FOR[s.automated], data: outcome }, { caseId }));
    }
    for (const [reviewerId, action] of s.human ?? []) entries.push(entry({ type: 'ReviewDecided', data: { reviewerId, role: 'trust_safety', action, reasonCode: 'R' } }, { caseId }));
    for (const outcome of s.appeals ?? []) entries.push(entry({ type: 'AppealDecided', data: { appealId: 'a', reviewerId: 'r9', outcome, reasonCode: 'R' } }, { caseId }));
    summarise(map, entries);
  });
  return [...map.values()];
}

describe('binning', () => {
  it.each([[0, 0], [0.0999, 0], [0.1, 1], [0.55, 5], [0.9999, 9], [1, 9], [1.7, 9], [-0.2, 0]])('score %p falls in bin %p', (score, bin) => {
    expect(binIndex(score)).toBe(bin);
  });

  it('counts finite scores only', () => {
    expect(histogram([0.05, 0.05, 0.95, Number.NaN, Number.POSITIVE_INFINITY])).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('population stability index', () => {
  const bins = (pairs: Record<number, number>) => Array.from({ length: 10 }, (_, i) => pairs[i] ?? 0);

  it('is 0 for identical distributions, whatever the sample sizes', () => {
    expect(psi(bins({ 0: 3, 4: 5, 9: 2 }), bins({ 0: 3, 4: 5, 9: 2 }))).toBe(0);
    expect(psi(bins({ 0: 3, 4: 5, 9: 2 }), bins({ 0: 300, 4: 500, 9: 200 }))).toBeCloseTo(0, 12);
  });

  it('matches a hand computation: 50/50 -> 80/20 gives 0.3·ln(1.6) + 0.3·ln(2.5) = 0.4159', () => {
    expect(psi(bins({ 0: 50, 9: 50 }), bins({ 0: 80, 9: 20 }))).toBeCloseTo(0.3 * Math.log(1.6) + 0.3 * Math.log(2.5), 12);
    expect(psi(bins({ 0: 50, 9: 50 }), bins({ 0: 80, 9: 20 }))).toBeCloseTo(0.4159, 4);
  });

  it('puts epsilon (1e-4) in an empty bin instead of dividing by zero', () => {
    // bin 0: (0.5 - 1)·ln(0.5 / 1) = 0.3466; bin 1: (0.5 - 0.0001)·ln(0.5 / 0.0001) = 4.2577
    expect(psi(bins({ 0: 10 }), bins({ 0: 5, 1: 5 }))).toBeCloseTo(4.6043, 4);
  });

  it('is n/a (null) when either window has no scores', () => {
    expect(psi(bins({}), bins({ 3: 1 }))).toBeNull();
    expect(psi(bins({ 3: 1 }), bins({}))).toBeNull();
  });

  it('is non-negative and symmetric', () => {
    const histogramArb = fc.array(fc.nat(1000), { minLength: 10, maxLength: 10 }).filter((h) => h.some((n) => n > 0));
    fc.assert(
      fc.property(histogramArb, histogramArb, (a, b) => {
        const ab = psi(a, b)!;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeCloseTo(psi(b, a)!, 9);
      }),
    );
  });

  it.each([[0, 'none'], [0.0999, 'none'], [0.1, 'moderate'], [0.2499, 'moderate'], [0.25, 'major'], [3, 'major']] as const)('PSI %p is %p drift', (value, level) => {
    expect(driftLevel(value)).toBe(level);
  });
});

describe("Cohen's kappa", () => {
  const repeat = (n: number, pair: [string, string]) => Array.from({ length: n }, () => pair);

  it('reproduces the textbook example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives κ = 0.4', () => {
    const pairs = [...repeat(20, ['yes', 'yes']), ...repeat(5, ['yes', 'no']), ...repeat(10, ['no', 'yes']), ...repeat(15, ['no', 'no'])];
    const k = cohensKappa(pairs);
    expect(k.observed).toBeCloseTo(0.7, 12); // (20 + 15) / 50
    expect(k.expected).toBeCloseTo(0.5, 12); // 0.5·0.6 + 0.5·0.4
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(k).toMatchObject({ pairs: 50, reason: null });
  });

  it('is 1 for perfect agreement and -1 for systematic disagreement on two balanced labels', () => {
    expect(cohensKappa([['approve', 'approve'], ['remove', 'remove']]).kappa).toBe(1);
    expect(cohensKappa([['approve', 'remove'], ['remove', 'approve']]).kappa).toBe(-1);
  });

  it('is n/a with fewer than 2 pairs', () => {
    expect(cohensKappa([])).toMatchObject({ kappa: null, pairs: 0, reason: 'fewer than 2 pairs (0)' });
    expect(cohensKappa([['approve', 'approve']])).toMatchObject({ kappa: null, pairs: 1 });
  });

  it('is n/a when expected agreement is 1 (everyone used one label)', () => {
    expect(cohensKappa(repeat(5, ['remove', 'remove']))).toMatchObject({ kappa: null, pairs: 5, expected: 1, reason: expect.stringContaining('expected agreement is 1') as unknown });
  });

  it('pairs the first actions of the first two distinct reviewers of a case', () => {
    const cases = summaries([
      { human: [['r1', 'remove'], ['r1', 'approve'], ['r2', 'approve'], ['r3', 'remove']] },
      { human: [['r1', 'remove'], ['r1', 'remove']] },
      { human: [['r4', 'escalate']] },
    ]);
    expect(reviewerPairs(cases)).toEqual([['remove', 'approve']]);
  });
});

describe('decision rates', () => {
  it('auto-decision rate is allow or hide among routed cases; unrouted cases do not count', () => {
    const cases = summaries([{ automated: 'allow' }, { automated: 'hide' }, { automated: 'review' }, { automated: 'provisional' }, {}]);
    expect(autoDecisionRate(cases)).toEqual({ rate: 0.5, numerator: 2, denominator: 4 });
  });

  it.each<[Action, ReviewAction, boolean]>([
    ['allow', 'remove', true], ['allow', 'restrict_author', true], ['provisional', 'remove', true], ['allow', 'approve', false], ['provisional', 'approve', false],
    ['hide', 'approve', true], ['review', 'approve', true], ['escalate', 'approve', true], ['hide', 'remove', false], ['review', 'restrict_author', false],
  ])('automated %s then human %s is an overturn: %p', (automated, human, overturned) => {
    expect(overturnRate(summaries([{ automated, human: [['r1', human]] }]))).toEqual({ rate: overturned ? 1 : 0, numerator: overturned ? 1 : 0, denominator: 1 });
  });

  it('uses the latest visibility verdict and ignores escalate / request_context, which are not verdicts', () => {
    const cases = summaries([
      { automated: 'allow', human: [['r1', 'remove'], ['r2', 'approve'], ['r3', 'escalate']] },
      { automated: 'allow', human: [['r1', 'request_context']] },
      { human: [['r1', 'remove']] },
    ]);
    expect(overturnRate(cases)).toEqual({ rate: 0, numerator: 0, denominator: 1 });
  });

  it('rates with nothing to count are n/a, not NaN', () => {
    expect(overturnRate([])).toEqual({ rate: null, numerator: 0, denominator: 0 });
    expect(appealReversalRate(summaries([{ automated: 'hide' }])).rate).toBeNull();
    expect(windowStats([])).toMatchObject({ cases: 0, autoDecision: { rate: null }, agreement: { kappa: null } });
  });

  it('appeal reversal rate is reversed over all decided appeals', () => {
    expect(appealReversalRate(summaries([{ appeals: ['upheld', 'reversed'] }, { appeals: ['upheld', 'upheld'] }]))).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
  });
});

describe('score distributions per category and model version', () => {
  it('names the producing signal when the log records one, else joins every version', () => {
    expect(modelVersionFor('spam', { rules: '1.0.0', spam: '2.1.0' })).toBe('spam@2.1.0');
    expect(modelVersionFor('insult', { toxicity: '1.0.0', rules: '1.0.0' })).toBe('rules@1.0.0+toxicity@1.0.0');
    expect(modelVersionFor('pii', {})).toBe('(unrecorded)');
  });

  it('compares a version new in the target with the pooled baseline, and marks a retired one n/a', () => {
    const before = scoreHistograms(summaries([{ spam: 0.05, versions: { spam: '1.0.0' } }, { spam: 0.95, versions: { spam: '1.0.0' } }]));
    const after = scoreHistograms(summaries([{ spam: 0.05, versions: { spam: '2.0.0' } }, { spam: 0.95, versions: { spam: '2.0.0' } }]));
    const spam = compareDistributions(before, after).distributions.filter((d) => d.category === 'spam');
    expect(spam).toEqual([
      expect.objectContaining({ modelVersion: 'spam@1.0.0', psi: null, drift: 'n/a', comparedWith: 'nothing (not in target)' }),
      expect.objectContaining({ modelVersion: 'spam@2.0.0', psi: 0, drift: 'none', comparedWith: 'all baseline versions' }),
    ]);
    expect(compareDistributions(before, after).categories.find((c) => c.category === 'spam')).toMatchObject({ psi: 0, baseline: [1, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
  });
});

describe('the report', () => {
  const scope = { tenant: null, baseline: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' }, target: { from: '2026-11-08T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' } };
  const baseline = summaries(Array.from({ length: 10 }, (_, i) => ({ spam: 0.05, automated: 'allow' as const, human: i < 2 ? [['r1', 'remove'], ['r2', 'remove']] as Array<[string, ReviewAction]> : [] })));
  const target = summaries(Array.from({ length: 10 }, () => ({ spam: 0.85, automated: 'review' as const })));
  const report = buildDriftReport(scope, baseline, target);

  it('flags a shifted spam distribution as major and puts it first', () => {
    expect(report.distributions[0]).toMatchObject({ category: 'spam', modelVersion: 'rules@1.0.0', drift: 'major' });
    expect(driftMarkdown(report)).toMatch(/\*\*Score drift:\*\* 1 major and 0 moderate drift of 11 category × model-version groups; major: spam/);
  });

  it('says n/a in words where there is nothing to compute', () => {
    const md = driftMarkdown(report);
    expect(md).toContain("| reviewer agreement (Cohen's κ) | n/a: expected agreement is 1 (a single label throughout) | n/a: fewer than 2 pairs (0) | |");
    expect(md).toContain('| overturn rate | 100.0% (2/2) | n/a (0 of 0) |  |');
  });

  it('renders a self-contained HTML page with a chart per category plus the rates chart', () => {
    const html = driftHtml(report);
    expect(html).not.toMatch(/https?:|src=|href=|<link|<script/);
    expect(html.match(/<svg /g)).toHaveLength(report.categories.length + 1);
  });

  it('draws nothing taller than the plot, writes n/a for a missing value, and escapes text', () => {
    const svg = barChartSvg({ title: 'a <b> & c', xLabel: 'x', yLabel: 'y', groups: ['g1', 'g2'], series: [{ name: 's', colour: '#000', values: [250, null] }], yMax: 100, format: String });
    expect(svg).toContain('a &lt;b&gt; &amp; c');
    expect(svg).toContain('>n/a</text>');
    for (const [, y] of svg.matchAll(/<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="[^"]+" fill="#000">/g)) expect(Number(y)).toBeGreaterThanOrEqual(56);
  });
});
