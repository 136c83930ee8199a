// The review.tasks record for a log entry that puts a case in front of a human, or null if it doesn't.
import type { LogEntry } from '../core/log/events';
import type { ClassifiedPost } from './facts';

export function reviewTaskFor(entry: LogEntry, c: ClassifiedPost) {
  const e = entry.event;
  switch (e.type) {
    case 'QueuedForReview':
    case 'ProvisionallyPublished':
    case 'Escalated':
      return {
        task_id: entry.eventId,
        case_id: entry.caseId,
        tenant_id: entry.tenantId,
        post_id: c.post.post_id,
        queue: e.data.queue ?? 'trust_safety',
        severity: e.data.severity ?? 'medium',
        priority: e.data.priority,
        sla_deadline: e.data.slaDeadline ?? entry.occurredAt.getTime(),
        reasons: [e.data.reasonCode, ...e.data.drivers],
        visibility: e.type === 'ProvisionallyPublished' ? 'visible' : 'hidden',
        policy_version: entry.policyVersion ?? 'unknown',
        text: c.post.text,
        author_id: c.post.author.member_id,
        created_at: entry.occurredAt.getTime(),
      };
    default:
      return null;
  }
}
