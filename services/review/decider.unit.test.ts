import { entry, facts } from '../../test/support/fixtures';
import { evolveCase } from '../core/log/case-state';
import { decideReview } from './decider';

const codes = new Set(['SPAM', 'OK']);
const queued = evolveCase(
  evolveCase(null, entry({ type: 'PostClassified', data: facts() })),
  entry({ type: 'QueuedForReview', data: { action: 'review', reasonCode: 'NEEDS_REVIEW', drivers: ['spam'], queue: 'community', severity: 'low', priority: 1, slaDeadline: 1 } }),
);
const cmd = { type: 'RecordReviewDecision' as const, reviewerId: 'r1', role: 'trust_safety', action: 'remove' as const, reasonCode: 'SPAM', note: null };

describe('review decideReview', () => {
  it('given a queued case, when a reviewer removes it, then ReviewDecided', () => {
    expect(decideReview(cmd, queued, codes)).toEqual({ ok: true, events: [{ type: 'ReviewDecided', data: { reviewerId: 'r1', role: 'trust_safety', action: 'remove', reasonCode: 'SPAM' } }] });
  });
  it('refuses an unknown case', () => {
    expect(decideReview(cmd, null, codes)).toMatchObject({ ok: false, field: 'case_id' });
  });
  it('refuses a case that has not been routed yet', () => {
    const pending = { ...queued, status: 'pending' as const };
    expect(decideReview(cmd, pending, codes)).toMatchObject({ ok: false, reason: 'case_id: case is pending, not routed yet' });
  });
  it('accepts a post-hoc decision on an auto-allowed case (a report or a quality sample)', () => {
    const allowed = { ...queued, status: 'allowed' as const };
    expect(decideReview(cmd, allowed, codes).ok).toBe(true);
  });
  it('refuses a reason code the policy does not define', () => {
    expect(decideReview({ ...cmd, reasonCode: 'BECAUSE' }, queued, codes)).toMatchObject({ ok: false, field: 'reason_code' });
  });
});
