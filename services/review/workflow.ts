// The human review workflow as a pure decider: claim leases, release, reassign, decide, appeal, SLA.
// decideWorkflow(command, context) -> events. The clock arrives in the context (never Date.now()), and
// the case's own log is passed in so rules that look back (who made the appealed decision, was this
// deadline already breached) stay pure and replayable.
import type { CaseState } from '../core/log/case-state';
import type { DecisionEvent, LogEntry, ReviewAction } from '../core/log/events';

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const APPEAL_SLA_MS = 72 * 3_600_000;
export const APPEALS_QUEUE = 'appeals';

/**
 * Statuses in which a case sits in a queue waiting for a human. A decided case (approved, removed) has no
 * queue, except while it waits for a quality second review: it keeps its status (so appeals and strikes
 * still see the decision) and sits in the quality queue.
 */
export const WAITING_STATUSES: readonly CaseState['status'][] = ['in_review', 'escalated', 'appealed', 'awaiting_context', 'approved', 'removed'];
/** Statuses a member may appeal: a post hidden by a person or by the policy. */
const APPEALABLE_STATUSES: readonly CaseState['status'][] = ['removed', 'hidden'];
const APPEALABLE_EVENTS: ReadonlySet<string> = new Set(['ReviewDecided', 'AutoHidden', 'DecisionSuperseded']);

export interface Reviewer {
  id: string;
  role: string;
}

export type WorkflowCommand =
  | { type: 'ClaimNext'; reviewer: Reviewer; leaseMs: number }
  | { type: 'Claim'; reviewer: Reviewer; leaseMs: number }
  | { type: 'Release'; reviewer: Reviewer }
  | { type: 'Reassign'; reviewer: Reviewer; to: string; leaseMs: number }
  | { type: 'ExtendLease'; reviewer: Reviewer; leaseMs: number }
  | { type: 'Decide'; reviewer: Reviewer; action: ReviewAction; reasonCode: string; note: string | null }
  | { type: 'FileAppeal'; appealId: string; memberId: string; statement: string }
  | { type: 'DecideAppeal'; reviewer: Reviewer; outcome: 'upheld' | 'reversed'; reasonCode: string }
  | { type: 'CheckSla' };

export interface WorkflowContext {
  state: CaseState | null;
  /** The case's log entries in sequence order. */
  log: readonly LogEntry[];
  now: number;
  reasonCodes: ReadonlySet<string>;
  /** The queue a breached case escalates to (from the policy), or null for none. */
  escalationOf: (queue: string) => string | null;
}

export type Refusal = 'not_found' | 'conflict' | 'forbidden' | 'invalid';
export type WorkflowOutcome = { ok: true; events: DecisionEvent[] } | { ok: false; refusal: Refusal; reason: string; field?: string };

const accept = (...events: DecisionEvent[]): WorkflowOutcome => ({ ok: true, events });
const refuse = (refusal: Refusal, reason: string, field?: string): WorkflowOutcome => ({ ok: false, refusal, reason, ...(field ? { field } : {}) });

export function hasLiveLease(state: CaseState, now: number): boolean {
  return state.assignee !== null && state.leaseExpiresAt !== null && state.leaseExpiresAt > now;
}

function isWaiting(state: CaseState): boolean {
  return state.queue !== null && WAITING_STATUSES.includes(state.status);
}

/** The refusal when `reviewer` does not hold a live lease on the case, or null when they do. */
function leaseProblem(state: CaseState, reviewer: Reviewer, now: number): WorkflowOutcome | null {
  if (state.assignee !== reviewer.id) return refuse('conflict', 'you do not hold this case; claim it first');
  if (!hasLiveLease(state, now)) return refuse('conflict', 'your lease on this case has expired; claim it again');
  return null;
}

function claim(state: CaseState, reviewer: Reviewer, now: number, leaseMs: number): WorkflowOutcome {
  if (!isWaiting(state)) return refuse('conflict', `case is ${state.status}, not waiting for review`);
  const claimed: DecisionEvent = { type: 'ReviewClaimed', data: { reviewerId: reviewer.id, leaseExpiresAt: now + leaseMs } };
  if (state.assignee === null || state.assignee === reviewer.id) return accept(claimed);
  if (hasLiveLease(state, now)) return refuse('conflict', `case is held by ${state.assignee} until ${new Date(state.leaseExpiresAt ?? now).toISOString()}`);
  // The previous holder's lease ran out: record that before the takeover, so the history explains it.
  return accept({ type: 'ReviewReleased', data: { reviewerId: state.assignee, why: 'expired' } }, claimed);
}

/** The log entry of the decision an appeal contests, from the latest AppealFiled in the log. */
export function appealedDecision(log: readonly LogEntry[]): LogEntry | null {
  const filed = [...log].reverse().find((e) => e.event.type === 'AppealFiled');
  if (!filed || filed.event.type !== 'AppealFiled') return null;
  const seq = filed.event.data.appealedSeq;
  return log.find((e) => e.seq === seq) ?? null;
}

function latestAppealId(log: readonly LogEntry[]): string | null {
  const filed = [...log].reverse().find((e) => e.event.type === 'AppealFiled');
  return filed?.event.type === 'AppealFiled' ? filed.event.data.appealId : null;
}

function fileAppeal(c: Extract<WorkflowCommand, { type: 'FileAppeal' }>, state: CaseState, ctx: WorkflowContext): WorkflowOutcome {
  if (state.authorId !== c.memberId) return refuse('forbidden', 'member_id: only the author of the post may appeal', 'member_id');
  if (!APPEALABLE_STATUSES.includes(state.status)) return refuse('conflict', `case is ${state.status}; only a hidden or removed post can be appealed`);
  if (ctx.log.some((e) => e.event.type === 'AppealFiled')) return refuse('conflict', 'this case has already been appealed');
  const decision = [...ctx.log].reverse().find((e) => APPEALABLE_EVENTS.has(e.event.type));
  if (!decision) return refuse('conflict', 'no decision to appeal in the case log');
  const data = { appealId: c.appealId, memberId: c.memberId, statement: c.statement, appealedSeq: decision.seq, slaDeadline: ctx.now + APPEAL_SLA_MS };
  return accept({ type: 'AppealFiled', data });
}

function decideAppeal(c: Extract<WorkflowCommand, { type: 'DecideAppeal' }>, state: CaseState, ctx: WorkflowContext): WorkflowOutcome {
  if (state.status !== 'appealed') return refuse('conflict', `case is ${state.status}, not appealed`);
  const held = leaseProblem(state, c.reviewer, ctx.now);
  if (held) return held;
  if (!ctx.reasonCodes.has(c.reasonCode)) return refuse('invalid', `reason_code: "${c.reasonCode}" is not a reason code of the policy`, 'reason_code');
  const appealed = appealedDecision(ctx.log);
  // An appeal is a second opinion: the person who made the contested decision may not judge it.
  if (appealed?.actor.type === 'reviewer' && appealed.actor.id === c.reviewer.id) {
    return refuse('forbidden', 'an appeal must be decided by a different reviewer than the one who made the appealed decision');
  }
  const appealId = latestAppealId(ctx.log) ?? `${state.caseId}:appeal`;
  return accept({ type: 'AppealDecided', data: { appealId, reviewerId: c.reviewer.id, outcome: c.outcome, reasonCode: c.reasonCode } });
}

function checkSla(state: CaseState, ctx: WorkflowContext): WorkflowOutcome {
  const deadline = state.slaDeadline;
  if (!isWaiting(state) || deadline === null || ctx.now <= deadline || state.queue === null) return accept();
  const already = ctx.log.some((e) => e.event.type === 'SlaBreached' && e.event.data.deadline === deadline);
  if (already) return accept();
  return accept({ type: 'SlaBreached', data: { queue: state.queue, deadline, escalatedTo: ctx.escalationOf(state.queue) } });
}

export function decideWorkflow(command: WorkflowCommand, ctx: WorkflowContext): WorkflowOutcome {
  const state = ctx.state;
  if (state === null) return refuse('not_found', 'no such case');
  switch (command.type) {
    case 'ClaimNext':
    case 'Claim':
      return claim(state, command.reviewer, ctx.now, command.leaseMs);
    case 'Release': {
      if (state.assignee !== command.reviewer.id) return refuse('conflict', 'you do not hold this case');
      return accept({ type: 'ReviewReleased', data: { reviewerId: command.reviewer.id, why: 'released' } });
    }
    case 'Reassign': {
      if (command.reviewer.role !== 'lead') return refuse('forbidden', 'only a lead may reassign');
      if (!isWaiting(state)) return refuse('conflict', `case is ${state.status}, not waiting for review`);
      const from = state.assignee ?? command.reviewer.id;
      return accept(
        { type: 'ReviewReleased', data: { reviewerId: from, why: 'reassigned', reassignedTo: command.to } },
        { type: 'ReviewClaimed', data: { reviewerId: command.to, leaseExpiresAt: ctx.now + command.leaseMs } },
      );
    }
    case 'ExtendLease': {
      const held = leaseProblem(state, command.reviewer, ctx.now);
      return held ?? accept({ type: 'ReviewClaimed', data: { reviewerId: command.reviewer.id, leaseExpiresAt: ctx.now + command.leaseMs } });
    }
    case 'Decide': {
      if (state.status === 'appealed') return refuse('conflict', 'case is appealed; decide the appeal instead');
      const held = leaseProblem(state, command.reviewer, ctx.now);
      if (held) return held;
      if (!ctx.reasonCodes.has(command.reasonCode)) return refuse('invalid', `reason_code: "${command.reasonCode}" is not a reason code of the policy`, 'reason_code');
      const { reviewer, action, reasonCode, note } = command;
      return accept({ type: 'ReviewDecided', data: { reviewerId: reviewer.id, role: reviewer.role, action, reasonCode, ...(note ? { note } : {}) } });
    }
    case 'FileAppeal':
      return fileAppeal(command, state, ctx);
    case 'DecideAppeal':
      return decideAppeal(command, state, ctx);
    case 'CheckSla':
      return checkSla(state, ctx);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
