// Threshold search for the default policy on the routing validation posts (models/eval/routing.ts),
// never on anything else. Coordinate ascent over each model-scored category's auto_allow_below and
// auto_hide_at: it keeps a change only when the policy then decides more posts automatically WITHOUT
// auto-allowing more violating posts or auto-hiding more benign posts than the policy it started
// from, so the result dominates the starting policy on this data (it cannot meet "92% automatic and
// zero violating auto-allowed": see the frontier in `make eval`). Prints the thresholds it found;
// copying them into policies/default.yaml is a human decision.
//   npx tsx models/eval/routing-tune.ts [--policy FILE]
import { join } from 'node:path';
import type { Category } from '../../services/classify/signals/types';
import { loadPolicyFile, type Policy } from '../../services/route/policy';
import { REPO_ROOT } from '../train/paths';
import { scorePosts, standaloneOutcome, validationPosts, type ScoredPost } from './routing';

const TUNED: readonly Category[] = ['spam', 'toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'profanity', 'threat'];
const ALLOW = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
const HIDE = [0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 1.01];

interface Score {
  automatic: number;
  missed: number;
  benignHidden: number;
}

function measure(posts: readonly ScoredPost[], policy: Policy): Score {
  const s: Score = { automatic: 0, missed: 0, benignHidden: 0 };
  for (const p of posts) {
    const { action } = standaloneOutcome(p.scores, policy);
    if (action === 'allow' || action === 'hide') s.automatic += 1;
    if (p.violating && action === 'allow') s.missed += 1;
    if (!p.violating && action === 'hide') s.benignHidden += 1;
  }
  return s;
}

/** `policy` with one category's allow/hide thresholds replaced; provisional_below is clamped into the new band. */
function withThresholds(policy: Policy, category: Category, allow: number, hide: number): Policy | null {
  const rule = policy.categories[category];
  if (!rule || allow > hide) return null;
  const provisional = rule.provisional_below === undefined ? undefined : Math.min(Math.max(rule.provisional_below, allow), hide);
  const { provisional_below: _old, ...rest } = rule;
  return { ...policy, categories: { ...policy.categories, [category]: { ...rest, auto_allow_below: allow, auto_hide_at: hide, ...(provisional === undefined ? {} : { provisional_below: provisional }) } } };
}

export function tune(posts: readonly ScoredPost[], start: Policy, sweeps = 2): { policy: Policy; before: Score; after: Score } {
  const before = measure(posts, start);
  let best = start;
  let bestScore = before;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (const category of TUNED) {
      for (const allow of ALLOW) {
        for (const hide of HIDE) {
          const candidate = withThresholds(best, category, allow, hide);
          if (!candidate) continue;
          const s = measure(posts, candidate);
          if (s.missed <= before.missed && s.benignHidden <= before.benignHidden && s.automatic > bestScore.automatic) {
            best = candidate;
            bestScore = s;
          }
        }
      }
    }
  }
  return { policy: best, before, after: bestScore };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--policy');
  const policy = loadPolicyFile(at >= 0 && args[at + 1] ? args[at + 1]! : join(REPO_ROOT, 'policies', 'default.yaml'));
  const posts = await scorePosts(validationPosts());
  const { policy: tuned, before, after } = tune(posts, policy);
  const show = (s: Score) => `automatic ${((100 * s.automatic) / posts.length).toFixed(1)}%, violating auto-allowed ${s.missed}, benign auto-hidden ${s.benignHidden}`;
  console.log(`${posts.length} validation posts`);
  console.log(`  ${policy.version}: ${show(before)}`);
  console.log(`  tuned: ${show(after)}`);
  for (const c of TUNED) {
    const [a, b] = [policy.categories[c], tuned.categories[c]];
    if (!a || !b) continue;
    const changed = a.auto_allow_below !== b.auto_allow_below || a.auto_hide_at !== b.auto_hide_at || a.provisional_below !== b.provisional_below;
    console.log(`  ${c.padEnd(16)} allow < ${b.auto_allow_below}, hide >= ${b.auto_hide_at}${b.provisional_below === undefined ? '' : `, provisional < ${b.provisional_below}`}${changed ? `   (was ${a.auto_allow_below} / ${a.auto_hide_at}${a.provisional_below === undefined ? '' : ` / ${a.provisional_below}`})` : ''}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
