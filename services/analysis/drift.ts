// Drift audit arithmetic: score distribution shift (PSI) per category and model version, and the
// decision-quality rates (auto-decision, overturn, appeal reversal, reviewer agreement) of a window.
// Pure: the caller folds the log into CaseSummary maps (case-summary.ts) and hands them over.
import type { Action, ReviewAction } from '../core/log/events';
import type { CaseSummary } from './case-summary';

/** Fixed bins keep baseline and target comparable whatever their ranges: 10 equal-width bins on [0, 1]. */
export const BIN_COUNT = 10;
/** Stands in for an empty bin's share, so ln(t/b) stays finite. Shares are not renormalised afterwards. */
export const PSI_EPSILON = 1e-4;
export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const PSI_FORMULA = 'PSI = Σᵢ (tᵢ − bᵢ) · ln(tᵢ / bᵢ), where bᵢ and tᵢ are the baseline and target shares of scores in bin i, and an empty bin counts as ε';

export type DriftLevel = 'none' | 'moderate' | 'major';

/** The bin a score falls in; 1.0 belongs to the last bin, and out-of-range scores are clamped. */
export function binIndex(score: number): number {
  return Math.min(BIN_COUNT - 1, Math.max(0, Math.floor(score * BIN_COUNT)));
}

export function emptyHistogram(): number[] {
  return new Array<number>(BIN_COUNT).fill(0);
}

export function histogram(scores: Iterable<number>): number[] {
  const counts = emptyHistogram();
  for (const s of scores) if (Number.isFinite(s)) counts[binIndex(s)]! += 1;
  return counts;
}

/** PSI between two histograms of counts; null when either side has no scores (there is nothing to compare). */
export function psi(baseline: readonly number[], target: readonly number[]): number | null {
  const nb = baseline.reduce((a, b) => a + b, 0);
  const nt = target.reduce((a, b) => a + b, 0);
  if (nb === 0 || nt === 0) return null;
  let total = 0;
  for (let i = 0; i < BIN_COUNT; i++) {
    const b = Math.max((baseline[i] ?? 0) / nb, PSI_EPSILON);
    const t = Math.max((target[i] ?? 0) / nt, PSI_EPSILON);
    total += (t - b) * Math.log(t / b);
  }
  return total;
}

export function driftLevel(value: number): DriftLevel {
  if (value >= PSI_MAJOR) return 'major';
  if (value >= PSI_MODERATE) return 'moderate';
  return 'none';
}

/**
 * The version that produced a category's score: the signal named after the category when the entry
 * records one (the spam model is `spam`), else every signal's version joined, since any of them may have.
 */
export function modelVersionFor(category: string, modelVersions: Record<string, string>): string {
  const own = modelVersions[category];
  if (own !== undefined) return `${category}@${own}`;
  const all = Object.entries(modelVersions).sort(([a], [b]) => a.localeCompare(b));
  return all.length > 0 ? all.map(([id, v]) => `${id}@${v}`).join('+') : '(unrecorded)';
}

export interface Rate { rate: number | null; numerator: number; denominator: number }

export function rate(numerator: number, denominator: number): Rate {
  return { rate: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

type Visibility = 'visible' | 'hidden';

function automatedVisibility(action: Action): Visibility {
  switch (action) {
    case 'allow':
    case 'provisional':
      return 'visible';
    case 'hide':
    case 'review':
    case 'escalate':
      return 'hidden';
    default: {
      const unhandled: never = action;
      throw new TypeError(`unknown automated action ${String(unhandled)}`);
    }
  }
}

/** What a reviewer's action says about visibility; escalating or asking for context says nothing yet. */
function humanVisibility(action: ReviewAction): Visibility | null {
  switch (action) {
    case 'approve':
      return 'visible';
    case 'remove':
    case 'restrict_author':
      return 'hidden';
    case 'escalate':
    case 'request_context':
      return null;
    default: {
      const unhandled: never = action;
      throw new TypeError(`unknown review action ${String(unhandled)}`);
    }
  }
}

/** Share of routed cases the pipeline settled on its own (auto-allow or auto-hide). */
export function autoDecisionRate(cases: Iterable<CaseSummary>): Rate {
  const actions = [...cases].flatMap((c) => (c.automated ? [c.automated.action] : []));
  return rate(actions.filter((a) => a === 'allow' || a === 'hide').length, actions.length);
}

/**
 * Among routed cases with a human verdict on visibility (the latest approve/remove/restrict_author),
 * the share where the human contradicted the automated visibility.
 */
export function overturnRate(cases: Iterable<CaseSummary>): Rate {
  const contradicted = [...cases].flatMap((c) => {
    const verdict = c.human.map((h) => humanVisibility(h.action)).filter((v) => v !== null).pop();
    return c.automated && verdict ? [verdict !== automatedVisibility(c.automated.action)] : [];
  });
  return rate(contradicted.filter(Boolean).length, contradicted.length);
}

export function appealReversalRate(cases: Iterable<CaseSummary>): Rate {
  const outcomes = [...cases].flatMap((c) => c.appeals.map((a) => a.outcome));
  return rate(outcomes.filter((o) => o === 'reversed').length, outcomes.length);
}

/** For each case two different reviewers decided: the first action of each of the first two. */
export function reviewerPairs(cases: Iterable<CaseSummary>): Array<[ReviewAction, ReviewAction]> {
  const pairs: Array<[ReviewAction, ReviewAction]> = [];
  for (const c of cases) {
    const first = c.human[0];
    const second = c.human.find((h) => h.reviewerId !== first?.reviewerId);
    if (first && second) pairs.push([first.action, second.action]);
  }
  return pairs;
}

export interface Agreement {
  kappa: number | null; pairs: number; observed: number | null; expected: number | null;
  /** Why kappa is n/a, when it is. */
  reason: string | null;
}

/** Cohen's kappa, κ = (pₒ − pₑ) / (1 − pₑ), treating "first reviewer" and "second reviewer" as the two raters. */
export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): Agreement {
  const n = pairs.length;
  if (n < 2) return { kappa: null, pairs: n, observed: null, expected: null, reason: `fewer than 2 pairs (${n})` };
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreed += 1;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agreed / n;
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  // Both raters used one and the same label throughout: chance explains everything, kappa is 0/0.
  if (Math.abs(1 - expected) < 1e-12) return { kappa: null, pairs: n, observed, expected, reason: 'expected agreement is 1 (a single label throughout)' };
  return { kappa: (observed - expected) / (1 - expected), pairs: n, observed, expected, reason: null };
}

/** category -> model version -> histogram of that window's scores. */
export type ScoreHistograms = Map<string, Map<string, number[]>>;

export interface WindowStats {
  cases: number; classified: number; routed: number;
  autoDecision: Rate; overturn: Rate; appealReversal: Rate; agreement: Agreement;
}

export function windowStats(cases: readonly CaseSummary[]): WindowStats {
  return {
    cases: cases.length,
    classified: cases.filter((c) => c.facts !== null).length,
    routed: cases.filter((c) => c.automated !== null).length,
    autoDecision: autoDecisionRate(cases),
    overturn: overturnRate(cases),
    appealReversal: appealReversalRate(cases),
    agreement: cohensKappa(reviewerPairs(cases)),
  };
}

export function scoreHistograms(cases: readonly CaseSummary[]): ScoreHistograms {
  const out: ScoreHistograms = new Map();
  for (const c of cases) {
    for (const [category, score] of Object.entries(c.facts?.scores ?? {})) {
      if (!Number.isFinite(score)) continue;
      const byVersion = out.get(category) ?? new Map<string, number[]>();
      out.set(category, byVersion);
      const version = modelVersionFor(category, c.modelVersions);
      const counts = byVersion.get(version) ?? emptyHistogram();
      byVersion.set(version, counts);
      counts[binIndex(score)]! += 1;
    }
  }
  return out;
}

export interface DistributionShift {
  category: string;
  /** `spam@1.2.0`, or every signal's version joined when the producing signal is not identifiable. */
  modelVersion: string;
  baseline: number[];
  target: number[];
  psi: number | null;
  drift: DriftLevel | 'n/a';
  /** A version new in the target has no baseline of its own, so it is compared with all baseline versions. */
  comparedWith: 'same version' | 'all baseline versions' | 'nothing (not in target)';
}

export interface CategoryShift { category: string; baseline: number[]; target: number[]; psi: number | null; drift: DriftLevel | 'n/a' }
export interface DriftComparison { categories: CategoryShift[]; distributions: DistributionShift[] }

function sumHistograms(byVersion: Map<string, number[]> | undefined): number[] {
  const total = emptyHistogram();
  for (const counts of byVersion?.values() ?? []) counts.forEach((n, i) => (total[i]! += n));
  return total;
}

function level(value: number | null): DriftLevel | 'n/a' {
  return value === null ? 'n/a' : driftLevel(value);
}

/** PSI per category (all versions pooled, for the charts) and per category × model version (for the table). */
export function compareDistributions(baseline: ScoreHistograms, target: ScoreHistograms): DriftComparison {
  const names = [...new Set([...baseline.keys(), ...target.keys()])].sort();
  const categories: CategoryShift[] = [];
  const distributions: DistributionShift[] = [];
  for (const category of names) {
    const before = baseline.get(category) ?? new Map<string, number[]>();
    const after = target.get(category) ?? new Map<string, number[]>();
    const pooled = sumHistograms(before);
    const pooledAfter = sumHistograms(after);
    const pooledPsi = psi(pooled, pooledAfter);
    categories.push({ category, baseline: pooled, target: pooledAfter, psi: pooledPsi, drift: level(pooledPsi) });
    for (const version of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const own = before.get(version);
      const counts = after.get(version) ?? emptyHistogram();
      const reference = own ?? pooled;
      const value = after.has(version) ? psi(reference, counts) : null;
      const comparedWith = !after.has(version) ? 'nothing (not in target)' : own ? 'same version' : 'all baseline versions';
      distributions.push({ category, modelVersion: version, baseline: reference, target: counts, psi: value, drift: level(value), comparedWith });
    }
  }
  return { categories, distributions };
}
