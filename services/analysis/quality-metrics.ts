// Review quality from the decision log: agreement between first and second reviewers (Cohen's kappa
// over the decision labels) and the overturn rates. Pure: folds log entries, no I/O.
import type { LogEntry, ReviewAction } from '../core/log/events';
import { cohensKappa, rate, type Agreement, type Rate } from './drift';

export interface QualityMetrics {
  /** Human verdicts (approve, remove, restrict_author) recorded as ReviewDecided. */
  decisions: number;
  appealsDecided: number;
  /** Appeals reversed / human decisions. */
  appealOverturn: Rate;
  sampled: number;
  secondReviews: number;
  /** Second reviews that disagreed with the first decision / cases sampled. */
  secondReviewOverturn: Rate;
  /** Kappa over (first decision, second review) label pairs. */
  agreement: Agreement;
  /** label pair "first -> second" -> count. */
  confusion: Record<string, number>;
}

const VERDICTS: ReadonlySet<ReviewAction> = new Set(['approve', 'remove', 'restrict_author']);

export function qualityMetrics(entries: Iterable<LogEntry>): QualityMetrics {
  let decisions = 0;
  let appealsDecided = 0;
  let appealsReversed = 0;
  let sampled = 0;
  let disagreements = 0;
  const pairs: Array<[string, string]> = [];
  for (const entry of entries) {
    const e = entry.event;
    if (e.type === 'ReviewDecided' && VERDICTS.has(e.data.action)) decisions += 1;
    else if (e.type === 'AppealDecided') {
      appealsDecided += 1;
      if (e.data.outcome === 'reversed') appealsReversed += 1;
    } else if (e.type === 'QualitySampled') sampled += 1;
    else if (e.type === 'SecondReviewDecided') {
      pairs.push([e.data.firstAction, e.data.action]);
      if (!e.data.agrees) disagreements += 1;
    }
  }
  const confusion: Record<string, number> = {};
  for (const [a, b] of pairs) confusion[`${a} -> ${b}`] = (confusion[`${a} -> ${b}`] ?? 0) + 1;
  return {
    decisions,
    appealsDecided,
    appealOverturn: rate(appealsReversed, decisions),
    sampled,
    secondReviews: pairs.length,
    secondReviewOverturn: rate(disagreements, sampled),
    agreement: cohensKappa(pairs),
    confusion,
  };
}

const pct = (r: Rate) => (r.rate === null ? 'n/a' : `${(r.rate * 100).toFixed(1)}% (${r.numerator}/${r.denominator})`);

/** A few lines for the CLI and logs. */
export function qualitySummary(m: QualityMetrics): string[] {
  const kappa = m.agreement.kappa === null ? `n/a (${m.agreement.reason ?? ''})` : `${m.agreement.kappa.toFixed(3)} over ${m.agreement.pairs} pairs`;
  return [
    `human decisions: ${m.decisions}; appeals decided: ${m.appealsDecided}; appeal overturn rate: ${pct(m.appealOverturn)}`,
    `sampled for second review: ${m.sampled}; second reviews done: ${m.secondReviews}; second-review overturn rate: ${pct(m.secondReviewOverturn)}`,
    `reviewer agreement (Cohen's kappa): ${kappa}`,
  ];
}
