// Automatic tightening: when a reviewer removes a post the policy auto-allowed (a false allow), the
// category that came closest to its review threshold gets a stricter threshold in a new policy version.
// Scores are probabilities of a violation, so tightening lowers auto_allow_below by the step; in terms
// of confidence, the certainty needed to auto-allow rises by the same step (e.g. 0.85 to 0.90).
import type { Category } from '../classify/signals/types';
import type { PostFacts } from '../core/log/events';
import type { Policy } from './policy';

export interface Tightening {
  policy: Policy;
  category: Category;
  from: number;
  to: number;
}

const DEFAULT_STEP = 0.05;
const FLOOR = 0.05;

/** The category whose score came nearest its allow threshold, relative to that threshold. */
export function nearestCategory(facts: PostFacts, policy: Policy): Category | null {
  let best: Category | null = null;
  let bestRatio = 0;
  for (const [category, rule] of Object.entries(policy.categories) as [Category, { auto_allow_below: number }][]) {
    const ratio = (facts.scores[category] ?? 0) / Math.max(rule.auto_allow_below, 1e-6);
    if (ratio > bestRatio) {
      best = category;
      bestRatio = ratio;
    }
  }
  return best;
}

export function tightenPolicy(policy: Policy, facts: PostFacts, tenantId: string, tag: string): Tightening | null {
  const category = nearestCategory(facts, policy);
  if (!category) return null;
  const rule = policy.categories[category];
  if (!rule) return null;
  const step = policy.auto_tighten?.step ?? DEFAULT_STEP;
  const from = rule.auto_allow_below;
  const to = Math.round(Math.max(FLOOR, from - step) * 1000) / 1000;
  if (to >= from) return null;
  const provisional = rule.provisional_below === undefined ? undefined : Math.max(to, rule.provisional_below);
  return {
    category,
    from,
    to,
    policy: {
      ...policy,
      tenant: tenantId,
      version: `${policy.version}+tightened.${tag}`,
      categories: { ...policy.categories, [category]: { ...rule, auto_allow_below: to, ...(provisional !== undefined ? { provisional_below: provisional } : {}) } },
    },
  };
}
