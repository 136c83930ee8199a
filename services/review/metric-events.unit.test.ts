import type { DecisionEvent } from '../core/log/events';
import { NO_QUEUE, reviewCounterIncrements } from './metric-events';

const claimed: DecisionEvent = { type: 'ReviewClaimed', data: { reviewerId: 'r1', leaseExpiresAt: 2_000 } };
const expired: DecisionEvent = { type: 'ReviewReleased', data: { reviewerId: 'r0', why: 'expired' } };
const released: DecisionEvent = { type: 'ReviewReleased', data: { reviewerId: 'r1', why: 'released' } };
const reassigned: DecisionEvent = { type: 'ReviewReleased', data: { reviewerId: 'r1', why: 'reassigned', reassignedTo: 'r2' } };
const breached: DecisionEvent = { type: 'SlaBreached', data: { queue: 'community', deadline: 1_000, escalatedTo: 'trust_safety' } };

describe('reviewCounterIncrements', () => {
  it('counts a claim, and a takeover of an expired lease as both a claim and an expired lease', () => {
    expect(reviewCounterIncrements('ClaimNext', 'legal', [claimed])).toEqual([{ counter: 'claims', queue: 'legal' }]);
    expect(reviewCounterIncrements('Claim', 'legal', [expired, claimed])).toEqual([
      { counter: 'expiredLeases', queue: 'legal' },
      { counter: 'claims', queue: 'legal' },
    ]);
  });

  it('does not count a lease extension or a reassignment as a claim', () => {
    expect(reviewCounterIncrements('ExtendLease', 'legal', [claimed])).toEqual([]);
    expect(reviewCounterIncrements('Reassign', 'legal', [reassigned, claimed])).toEqual([]);
    expect(reviewCounterIncrements('Release', 'legal', [released])).toEqual([]);
  });

  it('labels an SLA breach with the queue it happened in, not the case queue after escalation', () => {
    expect(reviewCounterIncrements('CheckSla', 'trust_safety', [breached])).toEqual([{ counter: 'slaBreaches', queue: 'community' }]);
  });

  it('labels a case outside any queue with a fixed placeholder', () => {
    expect(reviewCounterIncrements('Claim', null, [claimed])).toEqual([{ counter: 'claims', queue: NO_QUEUE }]);
  });
});
