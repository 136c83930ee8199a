// Case state is a pure fold over the decision log: evolve(state, entry) -> state. No clock, no I/O, so a
// replay from an empty state gives exactly the live projection.
import type { LogEntry, RoutingOutcome, Severity } from './events';

export type CaseStatus =
  | 'pending'
  | 'allowed'
  | 'hidden'
  | 'in_review'
  | 'escalated'
  | 'approved'
  | 'removed'
  | 'awaiting_context'
  | 'appealed'
  | 'answered';

export interface CaseHistoryItem {
  seq: number;
  type: string;
  at: string;
  actor: string;
}

export interface CaseState {
  caseId: string;
  tenantId: string;
  postId: string;
  authorId: string | null;
  status: CaseStatus;
  visibility: 'visible' | 'hidden';
  queue: string | null;
  severity: Severity | null;
  priority: number;
  slaDeadline: number | null;
  assignee: string | null;
  leaseExpiresAt: number | null;
  lastAction: string | null;
  policyVersion: string | null;
  history: CaseHistoryItem[];
  lastSeq: number;
  updatedAt: number;
}

const ESCALATION_QUEUE = 'escalations';
const APPEALS_QUEUE = 'appeals';

export function initialCaseState(entry: LogEntry, postId: string, authorId: string | null): CaseState {
  return {
    caseId: entry.caseId,
    tenantId: entry.tenantId,
    postId,
    authorId,
    status: 'pending',
    visibility: 'visible',
    queue: null,
    severity: null,
    priority: 0,
    slaDeadline: null,
    assignee: null,
    leaseExpiresAt: null,
    lastAction: null,
    policyVersion: entry.policyVersion,
    history: [],
    lastSeq: 0,
    updatedAt: entry.occurredAt.getTime(),
  };
}

/** True for events that belong to a post's case (policy and tenant events do not). */
export function isCaseEvent(entry: LogEntry): boolean {
  switch (entry.event.type) {
    case 'PolicyPublished':
    case 'ThresholdTightened':
      return false;
    case 'PostClassified':
    case 'AutoAllowed':
    case 'AutoHidden':
    case 'ProvisionallyPublished':
    case 'QueuedForReview':
    case 'Escalated':
    case 'ReviewClaimed':
    case 'ReviewReleased':
    case 'ReviewDecided':
    case 'SlaBreached':
    case 'AppealFiled':
    case 'AppealDecided':
    case 'DecisionSuperseded':
    case 'WritebackDelivered':
    case 'WritebackFailed':
    case 'QuestionRoutedToExpert':
    case 'AnswerPosted':
    case 'AnswerApproved':
    case 'QuestionReassigned':
    case 'QualitySampled':
    case 'SecondReviewDecided':
      return true;
    default: {
      const unreachable: never = entry.event;
      return unreachable;
    }
  }
}

function applyOutcome(state: CaseState, o: RoutingOutcome): CaseState {
  const waits = o.action === 'review' || o.action === 'provisional' || o.action === 'escalate';
  return {
    ...state,
    status: o.action === 'allow' ? 'allowed' : o.action === 'hide' ? 'hidden' : o.action === 'escalate' ? 'escalated' : 'in_review',
    visibility: o.action === 'allow' || o.action === 'provisional' ? 'visible' : 'hidden',
    queue: waits ? o.queue : null,
    severity: waits ? o.severity : null,
    priority: waits ? o.priority : 0,
    slaDeadline: waits ? o.slaDeadline : null,
    assignee: null,
    leaseExpiresAt: null,
    lastAction: o.action,
  };
}

function closeReview(state: CaseState): CaseState {
  return { ...state, queue: null, slaDeadline: null, assignee: null, leaseExpiresAt: null, priority: 0 };
}

export function evolveCase(prior: CaseState | null, entry: LogEntry): CaseState {
  const e = entry.event;
  let state = prior ?? initialCaseState(entry, e.type === 'PostClassified' ? e.data.postId : entry.caseId.split(':').slice(1).join(':'), e.type === 'PostClassified' ? e.data.authorId : null);
  switch (e.type) {
    case 'PostClassified':
      state = { ...state, postId: e.data.postId, authorId: e.data.authorId };
      break;
    case 'AutoAllowed':
    case 'AutoHidden':
    case 'ProvisionallyPublished':
    case 'QueuedForReview':
    case 'Escalated':
      state = applyOutcome(state, e.data);
      break;
    case 'DecisionSuperseded':
      state = applyOutcome(state, e.data.next);
      break;
    case 'ReviewClaimed':
      state = { ...state, assignee: e.data.reviewerId, leaseExpiresAt: e.data.leaseExpiresAt };
      break;
    case 'ReviewReleased':
      state = { ...state, assignee: e.data.reassignedTo ?? null, leaseExpiresAt: null };
      break;
    case 'ReviewDecided':
      switch (e.data.action) {
        case 'approve':
          state = { ...closeReview(state), status: 'approved', visibility: 'visible', lastAction: 'approve' };
          break;
        case 'remove':
        case 'restrict_author':
          state = { ...closeReview(state), status: 'removed', visibility: 'hidden', lastAction: e.data.action };
          break;
        case 'escalate':
          state = { ...state, status: 'escalated', queue: ESCALATION_QUEUE, severity: 'urgent', assignee: null, leaseExpiresAt: null, lastAction: 'escalate' };
          break;
        case 'request_context':
          state = { ...state, status: 'awaiting_context', assignee: null, leaseExpiresAt: null, lastAction: 'request_context' };
          break;
        default: {
          const unreachable: never = e.data.action;
          return unreachable;
        }
      }
      break;
    case 'SlaBreached':
      state = e.data.escalatedTo
        ? { ...state, status: 'escalated', queue: e.data.escalatedTo, severity: 'urgent', assignee: null, leaseExpiresAt: null }
        : state;
      break;
    case 'AppealFiled':
      state = { ...state, status: 'appealed', queue: APPEALS_QUEUE, slaDeadline: e.data.slaDeadline, assignee: null, leaseExpiresAt: null };
      break;
    case 'AppealDecided': {
      const reversed = e.data.outcome === 'reversed';
      const visibility = reversed ? (state.visibility === 'visible' ? 'hidden' : 'visible') : state.visibility;
      state = { ...closeReview(state), visibility, status: visibility === 'visible' ? 'approved' : 'removed', lastAction: `appeal_${e.data.outcome}` };
      break;
    }
    case 'QuestionRoutedToExpert':
      // The post keeps its visibility: a question waits for an expert, not for moderation.
      state = { ...state, status: 'in_review', queue: e.data.queue, severity: 'low', priority: e.data.priority, slaDeadline: e.data.slaDeadline, assignee: null, leaseExpiresAt: null, lastAction: 'route_question' };
      break;
    case 'QuestionReassigned':
      state = { ...state, queue: e.data.toQueue, slaDeadline: e.data.slaDeadline, assignee: e.data.toExpert, leaseExpiresAt: e.data.leaseExpiresAt };
      break;
    case 'AnswerApproved':
      state = { ...closeReview(state), status: 'answered', lastAction: 'answer' };
      break;
    case 'QualitySampled':
      // The decision keeps its status (appeals and strike counts still see it); only the queue changes.
      state = { ...state, queue: e.data.queue, severity: 'low', priority: 1, slaDeadline: e.data.slaDeadline, assignee: null, leaseExpiresAt: null };
      break;
    case 'SecondReviewDecided':
      // A second review measures quality; the first decision (status and visibility) stands.
      state = closeReview(state);
      break;
    case 'AnswerPosted':
      break;
    case 'WritebackDelivered':
    case 'WritebackFailed':
    case 'PolicyPublished':
    case 'ThresholdTightened':
      return { ...state, lastSeq: entry.seq };
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
  const actor = entry.actor.type === 'system' ? 'system' : `${entry.actor.type}:${entry.actor.id}`;
  return {
    ...state,
    policyVersion: entry.policyVersion ?? state.policyVersion,
    history: [...state.history, { seq: entry.seq, type: e.type, at: entry.occurredAt.toISOString(), actor }],
    lastSeq: entry.seq,
    updatedAt: entry.occurredAt.getTime(),
  };
}
