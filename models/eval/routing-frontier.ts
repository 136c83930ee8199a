// The trade-off between deciding automatically and letting violating posts through: the same scored
// validation posts routed under a grid of uniform thresholds for the model-scored categories.
import type { Category, CategoryScores } from '../../services/classify/signals/types';
import type { Action } from '../../services/core/log/events';
import { evaluatePolicy } from '../../services/route/evaluate';
import type { Policy } from '../../services/route/policy';

/** Categories whose scores come from the trained models (threat, sexual, self_harm, pii, legal stay as the policy has them). */
export const MODEL_CATEGORIES: readonly Category[] = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'profanity'];

export const ALLOW_GRID = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6];
export const HIDE_GRID = [0.5, 0.7, 0.8, 0.9, 0.95];

export interface FrontierPoint {
  allowBelow: number;
  hideAt: number;
  automaticShare: number;
  violatingAutoAllowed: number;
  missedShareOfViolating: number;
  benignAutoHidden: number;
  benignHiddenShare: number;
}

interface Post {
  violating: boolean;
  scores: CategoryScores;
}

/** `policy` with every model-scored category set to allow below `allowBelow`, hide at `hideAt`, review between. */
export function uniformPolicy(policy: Policy, allowBelow: number, hideAt: number): Policy {
  const categories = { ...policy.categories };
  for (const c of MODEL_CATEGORIES) {
    const rule = categories[c];
    if (!rule) continue;
    const { provisional_below: _dropped, ...rest } = rule;
    categories[c] = { ...rest, auto_allow_below: allowBelow, auto_hide_at: hideAt };
  }
  return { ...policy, categories };
}

const NOW = Date.UTC(2026, 10, 22);

function action(scores: CategoryScores, policy: Policy): Action {
  return evaluatePolicy(
    {
      postId: 'eval', authorId: 'eval', tier: 'free', accountAgeDays: null, priorStrikes: 0, audienceSize: 100, isPublic: true,
      language: 'und', productTopic: null, scores, isQuestion: false, topic: null, createdAt: NOW,
    },
    policy,
    NOW,
  ).action;
}

export function frontierPoint(posts: readonly Post[], policy: Policy, allowBelow: number, hideAt: number): FrontierPoint {
  const p = uniformPolicy(policy, allowBelow, hideAt);
  let automatic = 0;
  let missed = 0;
  let hidden = 0;
  let violating = 0;
  for (const post of posts) {
    const a = action(post.scores, p);
    if (a === 'allow' || a === 'hide') automatic += 1;
    if (post.violating) violating += 1;
    if (post.violating && a === 'allow') missed += 1;
    if (!post.violating && a === 'hide') hidden += 1;
  }
  const benign = posts.length - violating;
  return {
    allowBelow,
    hideAt,
    automaticShare: posts.length ? automatic / posts.length : 0,
    violatingAutoAllowed: missed,
    missedShareOfViolating: violating ? missed / violating : 0,
    benignAutoHidden: hidden,
    benignHiddenShare: benign ? hidden / benign : 0,
  };
}

export function frontier(posts: readonly Post[], policy: Policy): FrontierPoint[] {
  const points: FrontierPoint[] = [];
  for (const hideAt of HIDE_GRID) {
    for (const allowBelow of ALLOW_GRID) if (allowBelow <= hideAt) points.push(frontierPoint(posts, policy, allowBelow, hideAt));
  }
  return points;
}
