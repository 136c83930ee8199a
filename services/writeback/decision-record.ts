// writeback's pure part: a logged outward event becomes the `decisions` contract record.
import type { LogEntry } from '../core/log/events';

export interface DecisionRecord {
  idempotency_key: string;
  log_sequence: number;
  event_type: string;
  case_id: string;
  tenant_id: string;
  post_id: string;
  action: string;
  reason_code: string;
  policy_version: string;
  model_versions: Record<string, string>;
  automated: 'yes' | 'partially' | 'no';
  appeal_link: string | null;
  decided_at: number;
  /** The approved answer text, for action `answer`; null otherwise. */
  answer: string | null;
}

type Summary = Pick<DecisionRecord, 'action' | 'reason_code' | 'automated'>;

function summarise(entry: LogEntry): Summary | null {
  const e = entry.event;
  switch (e.type) {
    case 'AutoAllowed':
    case 'AutoHidden':
      return { action: e.data.action, reason_code: e.data.reasonCode, automated: 'yes' };
    case 'ProvisionallyPublished':
    case 'QueuedForReview':
    case 'Escalated':
      // Detected and held automatically; a human makes the final call.
      return { action: e.data.action, reason_code: e.data.reasonCode, automated: 'partially' };
    case 'ReviewDecided':
      return { action: e.data.action, reason_code: e.data.reasonCode, automated: 'no' };
    case 'AppealDecided':
      return { action: `appeal_${e.data.outcome}`, reason_code: e.data.reasonCode, automated: 'no' };
    case 'DecisionSuperseded':
      return { action: e.data.next.action, reason_code: e.data.next.reasonCode, automated: 'yes' };
    case 'AnswerApproved':
      return { action: 'answer', reason_code: 'ANSWER_APPROVED', automated: 'no' };
    case 'QuestionRoutedToExpert':
    case 'AnswerPosted':
    case 'QuestionReassigned':
    case 'QualitySampled':
    case 'SecondReviewDecided':
    case 'PostClassified':
    case 'ReviewClaimed':
    case 'ReviewReleased':
    case 'SlaBreached':
    case 'AppealFiled':
    case 'PolicyPublished':
    case 'ThresholdTightened':
    case 'WritebackDelivered':
    case 'WritebackFailed':
      return null;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** Members may appeal anything that hid or removed their post. */
function appealable(action: string): boolean {
  return ['hide', 'review', 'escalate', 'remove', 'restrict_author', 'appeal_upheld'].includes(action);
}

export function decisionRecord(entry: LogEntry, postId: string, appealBaseUrl: string): DecisionRecord | null {
  const s = summarise(entry);
  if (!s) return null;
  return {
    idempotency_key: entry.eventId,
    log_sequence: entry.seq,
    event_type: entry.event.type,
    case_id: entry.caseId,
    tenant_id: entry.tenantId,
    post_id: postId,
    ...s,
    policy_version: entry.policyVersion ?? 'unknown',
    model_versions: entry.modelVersions,
    appeal_link: appealable(s.action) ? `${appealBaseUrl}/appeals/new?case=${encodeURIComponent(entry.caseId)}` : null,
    decided_at: entry.occurredAt.getTime(),
    answer: entry.event.type === 'AnswerApproved' ? entry.event.data.text : null,
  };
}

/** Exponential backoff with full jitter, capped: attempt 1 waits up to 1 s, attempt 8 up to 2 min. */
export function retryDelayMs(attempts: number, random: number): number {
  const cap = Math.min(120_000, 1_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(cap * random);
}
