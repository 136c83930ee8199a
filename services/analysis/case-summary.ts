// What an analyst needs to know about each case, folded from the log: the facts routing saw, the
// automated outcome in force, and what humans decided. Pure; shared by re-score and drift audits.
import type { Action, LogEntry, PostFacts, ReviewAction } from '../core/log/events';

export interface CaseSummary {
  caseId: string;
  tenantId: string;
  facts: PostFacts | null;
  modelVersions: Record<string, string>;
  classifiedAt: number | null;
  /** The automated outcome in force: the routing decision, or the latest superseding one. */
  automated: { seq: number; action: Action; drivers: string[]; queue: string | null; policyVersion: string | null } | null;
  human: Array<{ reviewerId: string; action: ReviewAction; at: number }>;
  appeals: Array<{ outcome: 'upheld' | 'reversed' }>;
}

function blank(entry: LogEntry): CaseSummary {
  return { caseId: entry.caseId, tenantId: entry.tenantId, facts: null, modelVersions: {}, classifiedAt: null, automated: null, human: [], appeals: [] };
}

export function summarise(into: Map<string, CaseSummary>, entries: Iterable<LogEntry>): void {
  for (const entry of entries) {
    const e = entry.event;
    if (e.type === 'PolicyPublished' || e.type === 'ThresholdTightened') continue;
    const s = into.get(entry.caseId) ?? blank(entry);
    into.set(entry.caseId, s);
    switch (e.type) {
      case 'PostClassified':
        s.facts = e.data;
        s.modelVersions = entry.modelVersions;
        s.classifiedAt = entry.occurredAt.getTime();
        break;
      case 'AutoAllowed':
      case 'AutoHidden':
      case 'ProvisionallyPublished':
      case 'QueuedForReview':
      case 'Escalated':
        s.automated = { seq: entry.seq, action: e.data.action, drivers: e.data.drivers, queue: e.data.queue, policyVersion: entry.policyVersion };
        break;
      case 'DecisionSuperseded':
        s.automated = { seq: entry.seq, action: e.data.next.action, drivers: e.data.next.drivers, queue: e.data.next.queue, policyVersion: e.data.policyVersion };
        break;
      case 'ReviewDecided':
        s.human.push({ reviewerId: e.data.reviewerId, action: e.data.action, at: entry.occurredAt.getTime() });
        break;
      case 'AppealDecided':
        s.appeals.push({ outcome: e.data.outcome });
        break;
      default:
        break;
    }
  }
}

/** A human removed the post (and no appeal reversed that). */
export function humanRemoved(s: CaseSummary): boolean {
  const last = s.human[s.human.length - 1];
  const removed = last !== undefined && (last.action === 'remove' || last.action === 'restrict_author');
  return removed && !s.appeals.some((a) => a.outcome === 'reversed');
}
