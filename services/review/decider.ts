// review's pure decider. In this stage it records human decisions that arrive on review.decisions;
// the full claim/lease/appeal workflow builds on the same shape.
import type { CaseState } from '../core/log/case-state';
import type { DecisionEvent, ReviewAction } from '../core/log/events';

export interface RecordReviewDecision {
  type: 'RecordReviewDecision';
  reviewerId: string;
  role: string;
  action: ReviewAction;
  reasonCode: string;
  note: string | null;
}

export type ReviewCommand = RecordReviewDecision;

export type ReviewOutcome = { ok: true; events: DecisionEvent[] } | { ok: false; reason: string; field: string };

const REVIEW_ACTIONS: readonly ReviewAction[] = ['approve', 'remove', 'restrict_author', 'escalate', 'request_context'];
// Any routed case can be decided by a human: waiting cases, and also automatically allowed or hidden
// ones that come back through a member report or a quality sample. Only an unrouted case cannot.
const NOT_YET_ROUTED: ReadonlySet<CaseState['status']> = new Set(['pending']);

export function isReviewAction(value: string): value is ReviewAction {
  return (REVIEW_ACTIONS as readonly string[]).includes(value);
}

export function decideReview(command: ReviewCommand, state: CaseState | null, knownReasonCodes: ReadonlySet<string>): ReviewOutcome {
  switch (command.type) {
    case 'RecordReviewDecision': {
      if (state === null) return { ok: false, field: 'case_id', reason: 'case_id: no such case in the decision log' };
      if (NOT_YET_ROUTED.has(state.status)) return { ok: false, field: 'case_id', reason: `case_id: case is ${state.status}, not routed yet` };
      if (!knownReasonCodes.has(command.reasonCode)) return { ok: false, field: 'reason_code', reason: `reason_code: "${command.reasonCode}" is not a reason code of policy ${state.policyVersion ?? ''}`.trim() };
      const { reviewerId, role, action, reasonCode, note } = command;
      return { ok: true, events: [{ type: 'ReviewDecided', data: { reviewerId, role, action, reasonCode, ...(note ? { note } : {}) } }] };
    }
    default: {
      const unreachable: never = command.type;
      return unreachable;
    }
  }
}
