// Applies a policy to one post's facts. Pure and deterministic: the same facts, policy and time give
// the same outcome, which is what makes re-scoring past traffic meaningful. Only scores and member
// context are read, never the post text, so text cannot instruct the router.
import type { Category } from '../classify/signals/types';
import type { Action, PostFacts, RoutingOutcome, Severity } from '../core/log/events';
import type { Policy } from './policy';

const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, urgent: 4 };
const MINUTE = 60_000;

export type Band = 'allow' | 'provisional' | 'review' | 'hide';

export interface CategoryVerdict {
  category: Category;
  score: number;
  band: Band;
}

/** Impact multiplies priority: paid tiers, large audiences and repeat offenders are seen sooner. */
export function impactWeight(facts: PostFacts, policy: Policy): number {
  const tier = policy.impact.tier_weight[facts.tier] ?? 1;
  const audience = policy.impact.audience_steps.filter((s) => facts.audienceSize >= s.at_least).reduce((w, s) => Math.max(w, s.weight), 1);
  const repeat = facts.priorStrikes >= policy.impact.repeat_offender.strikes_at_least ? policy.impact.repeat_offender.weight : 1;
  return tier * audience * repeat;
}

export function categoryVerdicts(facts: PostFacts, policy: Policy): CategoryVerdict[] {
  const isRepeatOffender = facts.priorStrikes >= policy.impact.repeat_offender.strikes_at_least;
  const tighten = isRepeatOffender ? policy.impact.repeat_offender.allow_threshold_step : 0;
  const verdicts: CategoryVerdict[] = [];
  for (const [category, rule] of Object.entries(policy.categories) as [Category, NonNullable<Policy['categories'][Category]>][]) {
    const score = facts.scores[category] ?? 0;
    const allowBelow = Math.max(0, rule.auto_allow_below - tighten);
    const band: Band =
      score >= rule.auto_hide_at ? 'hide' : score < allowBelow ? 'allow' : rule.provisional_below !== undefined && score < rule.provisional_below ? 'provisional' : 'review';
    verdicts.push({ category, score, band });
  }
  return verdicts;
}

/** Categories a post is labelled with: at or above the category's review threshold. */
export function labelsFor(scores: Record<string, number>, policy: Policy): Category[] {
  const labels = new Set<Category>();
  for (const [category, rule] of Object.entries(policy.categories) as [Category, { auto_allow_below: number }][]) {
    if ((scores[category] ?? 0) >= rule.auto_allow_below) labels.add(category);
  }
  for (const [category, rule] of Object.entries(policy.hard_rules) as [Category, { at: number }][]) {
    if ((scores[category] ?? 0) >= rule.at) labels.add(category);
  }
  return [...labels];
}

function outcome(action: Action, reasonCode: string, drivers: string[], queue: string | null, severity: Severity | null, facts: PostFacts, policy: Policy, now: number): RoutingOutcome {
  if (queue === null || severity === null) return { action, reasonCode, drivers, queue: null, severity: null, priority: 0, slaDeadline: null };
  const slaMinutes = policy.queues[queue]?.sla_minutes ?? policy.severity_sla_minutes[severity] ?? 240;
  const priority = Math.round(SEVERITY_RANK[severity] * impactWeight(facts, policy) * 100) / 100;
  return { action, reasonCode, drivers, queue, severity, priority, slaDeadline: now + slaMinutes * MINUTE };
}

function worstSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function evaluatePolicy(facts: PostFacts, policy: Policy, now: number): RoutingOutcome {
  // 1. Hard rules, strongest first: escalation beats hiding beats review.
  const hits = (Object.entries(policy.hard_rules) as [Category, NonNullable<Policy['hard_rules'][Category]>][])
    .filter(([category, rule]) => (facts.scores[category] ?? 0) >= rule.at);
  const escalation = hits.find(([, r]) => r.action === 'escalate');
  if (escalation) return outcome('escalate', escalation[1].reason_code, hits.map(([c]) => c), escalation[1].queue, escalation[1].severity, facts, policy, now);

  const verdicts = categoryVerdicts(facts, policy);
  const hide = verdicts.filter((v) => v.band === 'hide');
  const hideRule = hits.find(([, r]) => r.action === 'hide_and_review');
  if (hideRule) return outcome('review', hideRule[1].reason_code, hits.map(([c]) => c), hideRule[1].queue, hideRule[1].severity, facts, policy, now);
  if (hide.length > 0) return outcome('hide', 'AUTO_HIDE', hide.map((v) => v.category), null, null, facts, policy, now);

  // 2. The human band: the most severe category picks the queue.
  const waiting = verdicts.filter((v) => v.band === 'review' || v.band === 'provisional');
  const reviewRule = hits.find(([, r]) => r.action === 'review');
  if (waiting.length === 0 && !reviewRule) return outcome('allow', 'AUTO_ALLOW', [], null, null, facts, policy, now);

  let queue: string | null = reviewRule?.[1].queue ?? null;
  let severity: Severity | null = reviewRule?.[1].severity ?? null;
  for (const v of waiting) {
    const rule = policy.categories[v.category];
    if (!rule) continue;
    if (severity === null || SEVERITY_RANK[rule.severity] > SEVERITY_RANK[severity]) queue = reviewRule ? queue : rule.queue;
    severity = severity === null ? rule.severity : worstSeverity(severity, rule.severity);
  }
  const drivers = [...(reviewRule ? [reviewRule[0]] : []), ...waiting.map((v) => v.category)];
  const allProvisional = !reviewRule && waiting.every((v) => v.band === 'provisional');
  const action: Action = allProvisional ? 'provisional' : 'review';
  const reason = reviewRule ? reviewRule[1].reason_code : allProvisional ? 'PROVISIONAL' : 'NEEDS_REVIEW';
  return outcome(action, reason, drivers, queue, severity, facts, policy, now);
}
