// Everything the case page shows, gathered from what the system holds: the case projection, the review
// task (post text and routing reasons), the case's log (facts, scores, model versions, the threshold
// snapshot, appeals) and the rules re-run over the text for span-level explanations.
import { maskPii } from '../../classify/signals/rules/pii';
import { ruleExplanations, runRules } from '../../classify/signals/rules/rule-signals';
import { CATEGORIES, type Category } from '../../classify/signals/types';
import type { Db } from '../../core/db/database';
import type { CaseState } from '../../core/log/case-state';
import type { LogEntry, PostFacts, RoutingOutcome } from '../../core/log/events';
import { readCase } from '../../core/log/store';
import type { Policy } from '../../route/policy';
import { appealedDecision } from '../workflow';
import { harmCategoriesOf, isHarmCategory } from '../wellbeing/exposure';

const ROUTING_EVENTS = new Set(['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated', 'DecisionSuperseded']);
type Thresholds = { categories?: Record<string, { auto_allow_below?: number; auto_hide_at?: number }>; hard_rules?: Record<string, { at?: number; action?: string }> };

export interface ScoreRow {
  category: string;
  score: number;
  allowBelow: number | null;
  hideAt: number | null;
  hardRuleAt: number | null;
  band: 'allow' | 'review' | 'hide' | 'hard rule';
  driver: boolean;
  explanations: Array<{ source: string; detail: string | null; spans: string[] }>;
}

export interface CaseView {
  text: string | null;
  reasons: string[];
  routing: { reasonCode: string; drivers: string[]; event: string } | null;
  facts: PostFacts | null;
  modelVersions: Record<string, string>;
  policyVersion: string | null;
  scores: ScoreRow[];
  harmful: string[];
  authorCases: Array<{ caseId: string; status: string; lastAction: string | null; at: string }>;
  appeal: { statement: string; decidedBy: string | null } | null;
}

function routingOf(log: readonly LogEntry[]): { outcome: RoutingOutcome; event: string } | null {
  const e = [...log].reverse().find((x) => ROUTING_EVENTS.has(x.event.type));
  if (!e) return null;
  const data = e.event.type === 'DecisionSuperseded' ? e.event.data.next : (e.event.data as RoutingOutcome);
  return { outcome: data, event: e.event.type };
}

function bandOf(score: number, allowBelow: number | null, hideAt: number | null, hardRuleAt: number | null): ScoreRow['band'] {
  if (hardRuleAt !== null && score >= hardRuleAt) return 'hard rule';
  if (hideAt !== null && score >= hideAt) return 'hide';
  if (allowBelow !== null && score >= allowBelow) return 'review';
  return 'allow';
}

const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);

/** Per-category scores against the thresholds the case was routed under, with rule evidence (spans masked). */
export function scoreRows(scores: Record<string, number>, thresholds: Thresholds | null, drivers: readonly string[], text: string | null): ScoreRow[] {
  const signals = text ? runRules(text) : null;
  return Object.entries(scores)
    .filter(([, s]) => s > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([category, score]) => {
      const rule = thresholds?.categories?.[category];
      const allowBelow = rule?.auto_allow_below ?? null;
      const hideAt = rule?.auto_hide_at ?? null;
      const hardRuleAt = thresholds?.hard_rules?.[category]?.at ?? null;
      const explained = signals && isCategory(category) ? ruleExplanations(category, signals) : [];
      return {
        category,
        score,
        allowBelow,
        hideAt,
        hardRuleAt,
        band: bandOf(score, allowBelow, hideAt, hardRuleAt),
        driver: drivers.includes(category),
        // Personal data stays masked in the evidence too: a span of an e-mail address shows as [email].
        explanations: explained.map((e) => ({ source: e.source, detail: e.detail ?? null, spans: [...new Set(e.spans.map((s) => maskPii(s.text)))].slice(0, 6) })),
      };
    });
}

export async function buildCaseView(db: Db, state: CaseState, task: { text: string; reasons: unknown } | undefined): Promise<CaseView> {
  const log = await readCase(db, state.caseId);
  const classified = log.find((e) => e.event.type === 'PostClassified');
  const facts = classified?.event.type === 'PostClassified' ? classified.event.data : null;
  const routing = routingOf(log);
  const routedEntry = [...log].reverse().find((x) => ROUTING_EVENTS.has(x.event.type));
  const reasons = Array.isArray(task?.reasons) ? (task.reasons as string[]) : routing ? [routing.outcome.reasonCode, ...routing.outcome.drivers] : [];
  const drivers = routing?.outcome.drivers ?? reasons.slice(1);
  const text = task?.text ?? null;
  const scores = scoreRows(facts?.scores ?? {}, routedEntry?.thresholds ?? classified?.thresholds ?? null, drivers, text);
  // Harmful text stays collapsed if harm drove the case or any harm category reached its review band.
  const harmful = [...new Set([...harmCategoriesOf(reasons), ...scores.filter((s) => isHarmCategory(s.category) && s.band !== 'allow').map((s) => s.category)])];
  const authorCases = state.authorId
    ? await db
        .selectFrom('cases')
        .select(['case_id', 'status', 'last_action', 'updated_at'])
        .where('tenant_id', '=', state.tenantId)
        .where('author_id', '=', state.authorId)
        .where('case_id', '!=', state.caseId)
        .orderBy('updated_at', 'desc')
        .limit(8)
        .execute()
    : [];
  const filed = [...log].reverse().find((e) => e.event.type === 'AppealFiled');
  const appealed = appealedDecision(log);
  return {
    text: text === null ? null : maskPii(text),
    reasons,
    routing: routing ? { reasonCode: routing.outcome.reasonCode, drivers, event: routing.event } : null,
    facts,
    modelVersions: classified?.modelVersions ?? {},
    policyVersion: routedEntry?.policyVersion ?? state.policyVersion,
    scores,
    harmful,
    authorCases: authorCases.map((c) => ({ caseId: c.case_id, status: c.status, lastAction: c.last_action, at: new Date(c.updated_at).toISOString() })),
    appeal: filed?.event.type === 'AppealFiled' ? { statement: filed.event.data.statement, decidedBy: appealed && appealed.actor.type !== 'system' ? appealed.actor.id : null } : null,
  };
}

export const DECISIONS = [
  { action: 'approve', label: 'Approve', key: 'a' },
  { action: 'remove', label: 'Remove', key: 'r' },
  { action: 'restrict_author', label: 'Restrict author', key: 's' },
  { action: 'escalate', label: 'Escalate', key: 'e' },
  { action: 'request_context', label: 'Ask for context', key: 'c' },
] as const;

/**
 * The reason code a decision carries when the reviewer does not pick one: "reviewed and allowed" for an
 * approval, otherwise the code the policy routed the case with. Null when the policy has neither.
 */
export function defaultReasonCode(action: string, routedWith: string | null, policy: Pick<Policy, 'reason_codes'>): string | null {
  const codes = policy.reason_codes;
  if (action === 'approve') return 'OK' in codes ? 'OK' : null;
  if (routedWith && routedWith in codes && routedWith !== 'AUTO_ALLOW' && routedWith !== 'OK') return routedWith;
  return 'NEEDS_REVIEW' in codes ? 'NEEDS_REVIEW' : null;
}
