import { entry, facts } from '../../../test/support/fixtures';
import { evolveCase, type CaseState } from './case-state';
import type { LogEntry, RoutingOutcome } from './events';

const outcome = (o: Partial<RoutingOutcome>): RoutingOutcome => ({ action: 'review', reasonCode: 'NEEDS_REVIEW', drivers: [], queue: 'trust_safety', severity: 'medium', priority: 2, slaDeadline: 1_000, ...o });
const fold = (entries: LogEntry[]): CaseState => entries.reduce<CaseState | null>((s, e) => evolveCase(s, e), null)!;

describe('case state (a pure fold over the log)', () => {
  it('given a classified post queued for review, the case waits hidden in its queue with its SLA', () => {
    const s = fold([entry({ type: 'PostClassified', data: facts() }), entry({ type: 'QueuedForReview', data: outcome({}) })]);
    expect(s).toMatchObject({ status: 'in_review', visibility: 'hidden', queue: 'trust_safety', slaDeadline: 1_000, lastAction: 'review' });
    expect(s.history.map((h) => h.type)).toEqual(['PostClassified', 'QueuedForReview']);
  });

  it('a provisional post stays visible while it waits, and a removal hides it', () => {
    const waiting = fold([entry({ type: 'PostClassified', data: facts() }), entry({ type: 'ProvisionallyPublished', data: outcome({ action: 'provisional' }) })]);
    expect(waiting.visibility).toBe('visible');
    const removed = evolveCase(waiting, entry({ type: 'ReviewDecided', data: { reviewerId: 'r1', role: 'trust_safety', action: 'remove', reasonCode: 'SPAM' } }));
    expect(removed).toMatchObject({ status: 'removed', visibility: 'hidden', queue: null, assignee: null });
  });

  it('claims set the assignee and releases clear it', () => {
    const base = fold([entry({ type: 'PostClassified', data: facts() }), entry({ type: 'QueuedForReview', data: outcome({}) })]);
    const claimed = evolveCase(base, entry({ type: 'ReviewClaimed', data: { reviewerId: 'r1', leaseExpiresAt: 5 } }));
    expect(claimed).toMatchObject({ assignee: 'r1', leaseExpiresAt: 5 });
    expect(evolveCase(claimed, entry({ type: 'ReviewReleased', data: { reviewerId: 'r1', why: 'expired' } }))).toMatchObject({ assignee: null, leaseExpiresAt: null });
  });

  it('a reversed appeal flips visibility', () => {
    const hidden = fold([entry({ type: 'PostClassified', data: facts() }), entry({ type: 'AutoHidden', data: outcome({ action: 'hide', queue: null, severity: null }) })]);
    const appealed = evolveCase(hidden, entry({ type: 'AppealFiled', data: { appealId: 'a1', memberId: 'm1', statement: 'not spam', appealedSeq: 2, slaDeadline: 9 } }));
    expect(appealed).toMatchObject({ status: 'appealed', queue: 'appeals' });
    const reversed = evolveCase(appealed, entry({ type: 'AppealDecided', data: { appealId: 'a1', reviewerId: 'r2', outcome: 'reversed', reasonCode: 'OK' } }));
    expect(reversed).toMatchObject({ visibility: 'visible', status: 'approved' });
  });

  it('is deterministic: folding the same entries twice gives equal states', () => {
    const entries = [entry({ type: 'PostClassified', data: facts() }), entry({ type: 'Escalated', data: outcome({ action: 'escalate', queue: 'urgent', severity: 'urgent' }) })];
    expect(fold(entries)).toEqual(fold(entries));
  });
});
