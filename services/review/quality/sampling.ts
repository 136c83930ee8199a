// Quality sampling as a pure decider. A fixed share of human-decided cases goes to a second reviewer;
// which ones is decided by a hash of the case id (not a random draw), so a replay or a second sweeper
// picks exactly the same cases. A sampled case keeps its status and visibility and waits in the quality
// queue. The second reviewer must be someone else; their verdict is logged as SecondReviewDecided and
// does not change the post (the first decision stands; leads see disagreement in the figures).
import { createHash } from 'node:crypto';
import type { CaseState } from '../../core/log/case-state';
import type { DecisionEvent, LogEntry, ReviewAction } from '../../core/log/events';
import type { Policy } from '../../route/policy';
import type { Refusal } from '../workflow';

const MINUTE = 60_000;
/** Actions that settle visibility: the decision labels a second reviewer can agree or disagree with. */
export const VERDICT_ACTIONS: readonly ReviewAction[] = ['approve', 'remove', 'restrict_author'];
const DECIDED: ReadonlySet<CaseState['status']> = new Set(['approved', 'removed']);

/**
 * The case's place in [0, 1): the first 32 bits of md5(case id). PostgreSQL computes the same number as
 * ('x' || substr(md5(case_id), 1, 8))::bit(32)::bigint / 4294967296.0, so the sweeper can pre-filter in SQL.
 */
export function sampleFraction(caseId: string): number {
  return parseInt(createHash('md5').update(caseId, 'utf8').digest('hex').slice(0, 8), 16) / 2 ** 32;
}

export function isSampled(caseId: string, rate: number): boolean {
  return sampleFraction(caseId) < rate;
}

/** The first human verdict on the case (approve, remove or restrict the author), or null. */
export function firstVerdict(log: readonly LogEntry[]): { entry: LogEntry; reviewerId: string; action: ReviewAction } | null {
  for (const entry of log) {
    const e = entry.event;
    if (e.type === 'ReviewDecided' && VERDICT_ACTIONS.includes(e.data.action)) return { entry, reviewerId: e.data.reviewerId, action: e.data.action };
  }
  return null;
}

export function decideQualitySample(state: CaseState | null, log: readonly LogEntry[], policy: Policy, now: number): DecisionEvent[] {
  const quality = policy.quality;
  if (!quality || state === null || !DECIDED.has(state.status)) return [];
  if (log.some((e) => e.event.type === 'QualitySampled')) return [];
  const first = firstVerdict(log);
  if (!first || !isSampled(state.caseId, quality.sample_rate)) return [];
  const slaMinutes = policy.queues[quality.queue]?.sla_minutes ?? policy.severity_sla_minutes.low ?? 1440;
  return [{
    type: 'QualitySampled',
    data: { queue: quality.queue, sampleRate: quality.sample_rate, firstSeq: first.entry.seq, firstReviewerId: first.reviewerId, firstAction: first.action, slaDeadline: now + slaMinutes * MINUTE },
  }];
}

export interface SecondReview {
  reviewer: { id: string; role: string };
  action: ReviewAction;
  reasonCode: string;
}

export interface SecondReviewContext {
  state: CaseState | null;
  log: readonly LogEntry[];
  now: number;
  reasonCodes: ReadonlySet<string>;
}

export type SecondReviewOutcome = { ok: true; events: DecisionEvent[] } | { ok: false; refusal: Refusal; reason: string; field?: string };

const refuse = (refusal: Refusal, reason: string, field?: string): SecondReviewOutcome => ({ ok: false, refusal, reason, ...(field ? { field } : {}) });

export function decideSecondReview(c: SecondReview, ctx: SecondReviewContext): SecondReviewOutcome {
  const state = ctx.state;
  if (state === null) return refuse('not_found', 'no such case');
  const sampled = [...ctx.log].reverse().find((e) => e.event.type === 'QualitySampled');
  if (sampled?.event.type !== 'QualitySampled' || ctx.log.some((e) => e.event.type === 'SecondReviewDecided')) return refuse('conflict', 'case is not waiting for a second review');
  const sample = sampled.event.data;
  // An appeal filed meanwhile takes the case to the appeals queue; the second review then lapses.
  if (!DECIDED.has(state.status) || state.queue !== sample.queue) return refuse('conflict', `case is ${state.status} in ${state.queue ?? 'no queue'}, not waiting in the ${sample.queue} queue`);
  // The point of a second review is independence: the first reviewer may not review themselves.
  if (c.reviewer.id === sample.firstReviewerId) return refuse('forbidden', 'a second review must be done by a different reviewer than the one who decided the case');
  if (state.assignee !== c.reviewer.id || state.leaseExpiresAt === null || state.leaseExpiresAt <= ctx.now) return refuse('conflict', 'you do not hold this case; claim it first');
  if (!VERDICT_ACTIONS.includes(c.action)) return refuse('invalid', `action: a second review is one of ${VERDICT_ACTIONS.join(', ')}`, 'action');
  if (!ctx.reasonCodes.has(c.reasonCode)) return refuse('invalid', `reason_code: "${c.reasonCode}" is not a reason code of the policy`, 'reason_code');
  return {
    ok: true,
    events: [{
      type: 'SecondReviewDecided',
      data: { reviewerId: c.reviewer.id, role: c.reviewer.role, action: c.action, reasonCode: c.reasonCode, firstReviewerId: sample.firstReviewerId, firstAction: sample.firstAction, agrees: c.action === sample.firstAction },
    }],
  };
}
