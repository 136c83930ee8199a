// Routing quality on the validation splits: does the shipped classifier plus a routing policy decide
// most posts automatically without auto-allowing any that break the policy?
//
// Posts: the VALIDATION rows the training scripts carve (their own seeded split functions, never a
// training row) of sms-spam, davidson and jigsaw-toxic, plus benign traffic: every BANKING77
// validation query and a seeded sample of 20 Newsgroups validation posts (posts over the ingest limit
// of 10,000 characters are left out, as ingest would reject them). Each post goes through the real
// ensemble (rules, lexicons, the live models; no router, as in the classify stage) and the policy's
// `evaluatePolicy`, as a standalone post exactly as `vigil classify` computes `action`: a free-tier
// member with no strikes, an audience of 100.
//
// Definitions (stated in the report):
//   automatic  = the policy's action is allow or hide. Review, escalate AND provisional are not
//                automatic: a provisional post is published but a human still has to review it.
//   violating  = sms-spam "spam"; davidson "hate" or "offensive"; jigsaw any of its six labels.
//                banking77 and 20 Newsgroups posts count as non-violating.
//   missed     = a violating post the policy auto-allows (the goal is zero).
//
//   npx tsx models/eval/routing.ts [--policy FILE] [--no-frontier]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier } from '../../services/classify/signals/ensemble';
import { loadModelSignals } from '../../services/classify/signals/models';
import type { CategoryScores } from '../../services/classify/signals/types';
import type { Action } from '../../services/core/log/events';
import { evaluatePolicy } from '../../services/route/evaluate';
import { loadPolicyFile, type Policy } from '../../services/route/policy';
import { JIGSAW_LABELS } from '../train/data';
import { hateSplit } from '../train/hate';
import { ARTIFACTS_DIR, REPO_ROOT } from '../train/paths';
import { BANKING77_SPEC, NEWSGROUPS_SPEC, routerSplit } from '../train/routers';
import { spamSplit } from '../train/spam';
import { rng, shuffle } from '../train/split';
import { toxicitySplit } from '../train/toxicity';
import { frontier, type FrontierPoint } from './routing-frontier';

export const RESULTS_FILE = join(REPO_ROOT, 'models', 'eval', 'results', 'routing.json');
const NEWSGROUPS_SAMPLE = 500;
const NEWSGROUPS_SEED = 20261127;
const MAX_TEXT = 10_000;
const NOW = Date.UTC(2026, 10, 22);

export interface EvalPost {
  dataset: 'sms-spam' | 'davidson' | 'jigsaw-toxic' | 'banking77' | '20newsgroups';
  /** Dataset labels of the post ("ham", "hate", "toxic", "insult", "clean", "benign", ...). */
  categories: string[];
  violating: boolean;
  text: string;
}

export interface ScoredPost extends EvalPost {
  scores: CategoryScores;
}

/** The validation posts of every dataset, with labels and the violating flag. */
export function validationPosts(): EvalPost[] {
  const posts: EvalPost[] = [];
  const sms = spamSplit();
  sms.valTexts.forEach((text, i) => {
    const spam = sms.yVal[i] === 1;
    posts.push({ dataset: 'sms-spam', categories: [spam ? 'spam' : 'ham'], violating: spam, text });
  });
  const davidson = hateSplit();
  const davidsonLabels = ['hate', 'offensive', 'neither'];
  davidson.valTexts.forEach((text, i) => {
    const label = davidson.yVal[i]!;
    posts.push({ dataset: 'davidson', categories: [davidsonLabels[label]!], violating: label !== 2, text });
  });
  const jigsaw = toxicitySplit();
  const C = JIGSAW_LABELS.length;
  jigsaw.valTexts.forEach((text, i) => {
    const labels = JIGSAW_LABELS.filter((_, c) => jigsaw.yVal[i * C + c] === 1);
    posts.push({ dataset: 'jigsaw-toxic', categories: labels.length > 0 ? [...labels] : ['clean'], violating: labels.length > 0, text });
  });
  for (const text of routerSplit(BANKING77_SPEC).valTexts) posts.push({ dataset: 'banking77', categories: ['benign'], violating: false, text });
  const newsgroups = routerSplit(NEWSGROUPS_SPEC).valTexts.filter((t) => t.length <= MAX_TEXT && t.trim().length > 0);
  for (const text of shuffle(newsgroups, rng(NEWSGROUPS_SEED)).slice(0, NEWSGROUPS_SAMPLE)) {
    posts.push({ dataset: '20newsgroups', categories: ['benign'], violating: false, text });
  }
  return posts;
}

/** Scores every post with the live ensemble (what the classify stage runs). */
export async function scorePosts(posts: readonly EvalPost[]): Promise<ScoredPost[]> {
  const models = await loadModelSignals({ modelsDir: ARTIFACTS_DIR });
  const classifier = createClassifier({ models });
  const out: ScoredPost[] = [];
  for (let i = 0; i < posts.length; i += 256) {
    const batch = posts.slice(i, i + 256);
    const results = await classifier.classifyBatch(batch.map((p, k) => ({ id: String(i + k), text: p.text })));
    batch.forEach((p, k) => out.push({ ...p, scores: results[k]!.scores }));
  }
  models.dispose();
  return out;
}

/** The policy's action for a post standing alone, with the facts `vigil classify` uses. */
export function standaloneOutcome(scores: CategoryScores, policy: Policy): { action: Action; drivers: string[] } {
  const o = evaluatePolicy(
    {
      postId: 'eval', authorId: 'eval', tier: 'free', accountAgeDays: null, priorStrikes: 0, audienceSize: 100, isPublic: true,
      language: 'und', productTopic: null, scores, isQuestion: false, topic: null, createdAt: NOW,
    },
    policy,
    NOW,
  );
  return { action: o.action, drivers: o.drivers };
}

export interface Tally {
  posts: number;
  violating: number;
  actions: Record<Action, number>;
  automatic: number;
  automaticShare: number;
  /** Automatic share if provisional publication counted as automatic. */
  automaticShareWithProvisional: number;
  violatingAutoAllowed: number;
  benignAutoHidden: number;
}

function emptyTally(): Tally {
  return {
    posts: 0, violating: 0, actions: { allow: 0, hide: 0, provisional: 0, review: 0, escalate: 0 }, automatic: 0, automaticShare: 0,
    automaticShareWithProvisional: 0, violatingAutoAllowed: 0, benignAutoHidden: 0,
  };
}

function count(t: Tally, p: ScoredPost, action: Action): void {
  t.posts += 1;
  if (p.violating) t.violating += 1;
  t.actions[action] += 1;
  if (action === 'allow' || action === 'hide') t.automatic += 1;
  if (p.violating && action === 'allow') t.violatingAutoAllowed += 1;
  if (!p.violating && action === 'hide') t.benignAutoHidden += 1;
}

function finish(t: Tally): Tally {
  t.automaticShare = t.posts ? t.automatic / t.posts : 0;
  t.automaticShareWithProvisional = t.posts ? (t.automatic + t.actions.provisional) / t.posts : 0;
  return t;
}

export interface Failure {
  dataset: string;
  categories: string[];
  text: string;
  topScores: Record<string, number>;
}

export interface RoutingReport {
  policyVersion: string;
  overall: Tally;
  /** Everything but Davidson, whose "offensive" class (most of its tweets) no Vigil category scores. */
  overallWithoutDavidson: Tally;
  byDataset: Record<string, Tally>;
  byCategory: Record<string, Tally>;
  /** Violating posts auto-allowed, a few per dataset and category. */
  missedExamples: Failure[];
  /** Benign posts auto-hidden, a few per dataset. */
  falseHideExamples: Failure[];
}

function topScores(scores: CategoryScores): Record<string, number> {
  return Object.fromEntries(
    Object.entries(scores)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([c, v]) => [c, Number(v.toFixed(3))]),
  );
}

function failure(p: ScoredPost): Failure {
  const text = p.text.replace(/\s+/g, ' ').trim();
  return { dataset: p.dataset, categories: p.categories, text: text.length > 140 ? `${text.slice(0, 137)}...` : text, topScores: topScores(p.scores) };
}

export function routingReport(scored: readonly ScoredPost[], policy: Policy, examplesPerGroup = 3): RoutingReport {
  const overall = emptyTally();
  const overallWithoutDavidson = emptyTally();
  const byDataset: Record<string, Tally> = {};
  const byCategory: Record<string, Tally> = {};
  const missedExamples: Failure[] = [];
  const falseHideExamples: Failure[] = [];
  const shown = new Map<string, number>();
  const take = (key: string): boolean => {
    const n = shown.get(key) ?? 0;
    shown.set(key, n + 1);
    return n < examplesPerGroup;
  };
  for (const p of scored) {
    const { action } = standaloneOutcome(p.scores, policy);
    count(overall, p, action);
    if (p.dataset !== 'davidson') count(overallWithoutDavidson, p, action);
    count((byDataset[p.dataset] ??= emptyTally()), p, action);
    for (const c of p.categories) count((byCategory[`${p.dataset}/${c}`] ??= emptyTally()), p, action);
    if (p.violating && action === 'allow' && take(`missed ${p.dataset}/${p.categories.join('+')}`)) missedExamples.push(failure(p));
    if (!p.violating && action === 'hide' && take(`hidden ${p.dataset}`)) falseHideExamples.push(failure(p));
  }
  for (const t of [overall, overallWithoutDavidson, ...Object.values(byDataset), ...Object.values(byCategory)]) finish(t);
  return { policyVersion: policy.version, overall, overallWithoutDavidson, byDataset, byCategory, missedExamples, falseHideExamples };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function tallyRow(name: string, t: Tally): string {
  const a = t.actions;
  return [
    name.padEnd(30), String(t.posts).padStart(6), String(t.violating).padStart(6), pct(t.automaticShare).padStart(7), pct(t.automaticShareWithProvisional).padStart(7),
    String(a.allow).padStart(6), String(a.hide).padStart(6), String(a.provisional).padStart(6), String(a.review).padStart(6), String(a.escalate).padStart(6),
    String(t.violatingAutoAllowed).padStart(7), String(t.benignAutoHidden).padStart(7),
  ].join(' ');
}

export function printRoutingReport(r: RoutingReport, log: (s: string) => void = console.log): void {
  log(`\nRouting on the validation splits with policy ${r.policyVersion} (each post standing alone, as \`vigil classify\` computes "action")`);
  log('  automatic = allow or hide; provisional is NOT automatic (a human still reviews it; "auto+prov" counts it as automatic).');
  log('  violating = sms spam; davidson hate or offensive; jigsaw any label. missed = violating and auto-allowed (goal 0).');
  log('  Goal: >= 92% automatic and 0 missed. Benign traffic: BANKING77 validation queries and a sample of 20 Newsgroups validation posts.\n');
  const header = ['dataset / category'.padEnd(30), 'posts'.padStart(6), 'viol.'.padStart(6), 'auto'.padStart(7), 'auto+prov'.padStart(7), 'allow'.padStart(6), 'hide'.padStart(6), 'prov.'.padStart(6), 'review'.padStart(6), 'escal.'.padStart(6), 'missed'.padStart(7), 'benign hidden'.padStart(7)].join(' ');
  log(header);
  log('-'.repeat(header.length));
  log(tallyRow('ALL', r.overall));
  log(tallyRow('ALL but davidson', r.overallWithoutDavidson));
  for (const [name, t] of Object.entries(r.byDataset)) log(tallyRow(name, t));
  log('-'.repeat(header.length));
  for (const [name, t] of Object.entries(r.byCategory)) log(tallyRow(name, t));
  if (r.missedExamples.length) {
    log('\nExamples of violating posts auto-allowed (top three scores):');
    for (const f of r.missedExamples) log(`  [${f.dataset}/${f.categories.join('+')}] ${JSON.stringify(f.topScores)} ${JSON.stringify(f.text)}`);
  }
  if (r.falseHideExamples.length) {
    log('\nExamples of benign posts auto-hidden:');
    for (const f of r.falseHideExamples) log(`  [${f.dataset}/${f.categories.join('+')}] ${JSON.stringify(f.topScores)} ${JSON.stringify(f.text)}`);
  }
}

export function printFrontier(points: readonly FrontierPoint[], log: (s: string) => void = console.log): void {
  log('\nFrontier: uniform thresholds for the model-scored categories (spam, toxicity, severe_toxicity, identity_attack, insult,');
  log('profanity), hard rules and rule-only categories as in the policy. allow < A; hide >= H; in between: review.');
  log(`${'allow below A'.padStart(13)} ${'hide at H'.padStart(9)} ${'auto'.padStart(7)} ${'missed'.padStart(7)} ${'missed %viol'.padStart(12)} ${'benign hidden'.padStart(13)} ${'benign hid. %'.padStart(13)}`);
  for (const p of points) {
    log(`${p.allowBelow.toFixed(2).padStart(13)} ${p.hideAt.toFixed(2).padStart(9)} ${pct(p.automaticShare).padStart(7)} ${String(p.violatingAutoAllowed).padStart(7)} ${pct(p.missedShareOfViolating).padStart(12)} ${String(p.benignAutoHidden).padStart(13)} ${pct(p.benignHiddenShare).padStart(13)}`);
  }
}

export async function runRouting(opts: { policyFile?: string; frontier?: boolean; log?: (s: string) => void } = {}): Promise<RoutingReport> {
  const log = opts.log ?? console.log;
  const policy = loadPolicyFile(opts.policyFile ?? join(REPO_ROOT, 'policies', 'default.yaml'));
  const scored = await scorePosts(validationPosts());
  const report = routingReport(scored, policy);
  printRoutingReport(report, log);
  const points = opts.frontier === false ? [] : frontier(scored, policy);
  if (points.length) printFrontier(points, log);
  mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ generatedBy: 'npx tsx models/eval/routing.ts', ...report, frontier: points }, null, 1)}\n`);
  log(`\nwrote ${RESULTS_FILE}`);
  return report;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--policy');
  runRouting({ ...(at >= 0 && args[at + 1] ? { policyFile: args[at + 1] } : {}), frontier: !args.includes('--no-frontier') }).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
