import { entry, facts } from '../../test/support/fixtures';
import { evolveCase, type CaseState } from '../core/log/case-state';
import type { Actor, DecisionEvent, LogEntry } from '../core/log/events';
import { APPEAL_SLA_MS, decideWorkflow, type Reviewer, type WorkflowCommand, type WorkflowOutcome } from './workflow';

const T0 = Date.UTC(2026, 10, 22, 12);
const MIN = 60_000;
const tess: Reviewer = { id: 'tess', role: 'trust_safety' };
const tom: Reviewer = { id: 'tom', role: 'trust_safety' };
const lead: Reviewer = { id: 'lee', role: 'lead' };
const ESCALATION: Record<string, string | null> = { trust_safety: 'urgent', urgent: null, appeals: 'urgent' };

const queued: DecisionEvent = {
  type: 'QueuedForReview',
  data: { action: 'review', reasonCode: 'NEEDS_REVIEW', drivers: ['toxicity'], queue: 'trust_safety', severity: 'medium', priority: 2, slaDeadline: T0 + 240 * MIN },
};
const claimedBy = (r: Reviewer, until: number): DecisionEvent => ({ type: 'ReviewClaimed', data: { reviewerId: r.id, leaseExpiresAt: until } });
const removedBy = (r: Reviewer): DecisionEvent => ({ type: 'ReviewDecided', data: { reviewerId: r.id, role: r.role, action: 'remove', reasonCode: 'HARASSMENT' } });

/** given(...facts).when(command, now).then(events) — the facts are folded exactly as the projection does. */
function given(...events: Array<DecisionEvent | [DecisionEvent, Actor]>) {
  const log: LogEntry[] = [entry({ type: 'PostClassified', data: facts() }), ...events.map((e) => (Array.isArray(e) ? entry(e[0], { actor: e[1] }) : entry(e)))];
  const state = log.reduce<CaseState | null>((s, e) => evolveCase(s, e), null);
  const run = (command: WorkflowCommand, now: number): WorkflowOutcome =>
    decideWorkflow(command, { state, log, now, reasonCodes: new Set(['HARASSMENT', 'OK']), escalationOf: (q) => ESCALATION[q] ?? null });
  return {
    log,
    when: (command: WorkflowCommand, now = T0) => ({
      then: (expected: DecisionEvent[]) => expect(run(command, now)).toEqual({ ok: true, events: expected }),
      refused: (refusal: string, reason?: RegExp) => {
        const out = run(command, now);
        expect(out).toMatchObject({ ok: false, refusal });
        if (reason && !out.ok) expect(out.reason).toMatch(reason);
      },
    }),
  };
}
const asReviewer = (r: Reviewer): Actor => ({ type: 'reviewer', id: r.id, role: r.role });

describe('review workflow: claims and leases', () => {
  it('given a queued case, when a reviewer claims it, then a 10-minute lease', () => {
    given(queued).when({ type: 'ClaimNext', reviewer: tess, leaseMs: 10 * MIN }).then([claimedBy(tess, T0 + 10 * MIN)]);
  });
  it('given a live lease by someone else, a claim is refused', () => {
    given(queued, claimedBy(tom, T0 + 5 * MIN)).when({ type: 'Claim', reviewer: tess, leaseMs: 10 * MIN }).refused('conflict', /held by tom/);
  });
  it('given an expired lease, a claim takes over and records the expiry first', () => {
    given(queued, claimedBy(tom, T0 - 1)).when({ type: 'Claim', reviewer: tess, leaseMs: 10 * MIN }).then([
      { type: 'ReviewReleased', data: { reviewerId: 'tom', why: 'expired' } },
      claimedBy(tess, T0 + 10 * MIN),
    ]);
  });
  it('a case that is not waiting for a human cannot be claimed', () => {
    given(queued, claimedBy(tess, T0 + MIN), removedBy(tess)).when({ type: 'Claim', reviewer: tom, leaseMs: MIN }).refused('conflict', /removed/);
  });
  it('the holder can extend the lease; nobody else can', () => {
    given(queued, claimedBy(tess, T0 + MIN)).when({ type: 'ExtendLease', reviewer: tess, leaseMs: 10 * MIN }).then([claimedBy(tess, T0 + 10 * MIN)]);
    given(queued, claimedBy(tess, T0 + MIN)).when({ type: 'ExtendLease', reviewer: tom, leaseMs: 10 * MIN }).refused('conflict');
    given(queued, claimedBy(tess, T0 - 1)).when({ type: 'ExtendLease', reviewer: tess, leaseMs: 10 * MIN }).refused('conflict', /expired/);
  });
  it('the holder can release', () => {
    given(queued, claimedBy(tess, T0 + MIN)).when({ type: 'Release', reviewer: tess }).then([{ type: 'ReviewReleased', data: { reviewerId: 'tess', why: 'released' } }]);
    given(queued, claimedBy(tess, T0 + MIN)).when({ type: 'Release', reviewer: tom }).refused('conflict');
  });
  it('a lead reassigns: released as reassigned, then a fresh lease for the new reviewer', () => {
    given(queued, claimedBy(tess, T0 + MIN)).when({ type: 'Reassign', reviewer: lead, to: 'tom', leaseMs: 10 * MIN }).then([
      { type: 'ReviewReleased', data: { reviewerId: 'tess', why: 'reassigned', reassignedTo: 'tom' } },
      claimedBy(tom, T0 + 10 * MIN),
    ]);
  });
  it('only a lead may reassign', () => {
    given(queued).when({ type: 'Reassign', reviewer: tess, to: 'tom', leaseMs: MIN }).refused('forbidden');
  });
  it('an unknown case is not found', () => {
    expect(decideWorkflow({ type: 'Release', reviewer: tess }, { state: null, log: [], now: T0, reasonCodes: new Set(), escalationOf: () => null })).toMatchObject({ ok: false, refusal: 'not_found' });
  });
});

describe('review workflow: decisions', () => {
  const decide = (r: Reviewer, reasonCode = 'HARASSMENT'): WorkflowCommand => ({ type: 'Decide', reviewer: r, action: 'remove', reasonCode, note: 'abusive' });
  it('given a held lease, when the holder decides, then ReviewDecided with the reason code', () => {
    given(queued, claimedBy(tess, T0 + MIN)).when(decide(tess)).then([
      { type: 'ReviewDecided', data: { reviewerId: 'tess', role: 'trust_safety', action: 'remove', reasonCode: 'HARASSMENT', note: 'abusive' } },
    ]);
  });
  it('a decision requires holding a live lease', () => {
    given(queued).when(decide(tess)).refused('conflict', /claim it first/);
    given(queued, claimedBy(tom, T0 + MIN)).when(decide(tess)).refused('conflict');
    given(queued, claimedBy(tess, T0 - 1)).when(decide(tess)).refused('conflict', /expired/);
  });
  it('refuses a reason code the policy does not define, naming the field', () => {
    given(queued, claimedBy(tess, T0 + MIN)).when(decide(tess, 'BECAUSE')).refused('invalid', /reason_code/);
  });
});

describe('review workflow: appeals', () => {
  const removed = [queued, claimedBy(tess, T0 + MIN), [removedBy(tess), asReviewer(tess)] as [DecisionEvent, Actor]] as const;
  const fileAppeal: WorkflowCommand = { type: 'FileAppeal', appealId: 'ap1', memberId: 'm1', statement: 'it was a joke' };
  it('given a removed post, when its author appeals, then AppealFiled in the appeals queue with a 72-hour SLA', () => {
    const g = given(...removed);
    const appealedSeq = g.log[3]!.seq; // PostClassified, QueuedForReview, ReviewClaimed, ReviewDecided
    g.when(fileAppeal).then([{ type: 'AppealFiled', data: { appealId: 'ap1', memberId: 'm1', statement: 'it was a joke', appealedSeq, slaDeadline: T0 + APPEAL_SLA_MS } }]);
  });
  it('only the author may appeal, and only once', () => {
    given(...removed).when({ type: 'FileAppeal', appealId: 'ap1', memberId: 'someone-else', statement: 'x' }).refused('forbidden');
    given(...removed, { type: 'AppealFiled', data: { appealId: 'ap0', memberId: 'm1', statement: 'x', appealedSeq: 1, slaDeadline: T0 } }).when(fileAppeal).refused('conflict');
  });
  it('an allowed post cannot be appealed', () => {
    given(queued, claimedBy(tess, T0 + MIN), { type: 'ReviewDecided', data: { reviewerId: 'tess', role: 'trust_safety', action: 'approve', reasonCode: 'OK' } }).when(fileAppeal).refused('conflict');
  });

  it('the reviewer who made the appealed decision may not decide the appeal; another may', () => {
    const log: LogEntry[] = [entry({ type: 'PostClassified', data: facts() }), entry(queued), entry(claimedBy(tess, T0 + MIN)), entry(removedBy(tess), { actor: asReviewer(tess) })];
    const appealedSeq = log[3]!.seq;
    log.push(entry({ type: 'AppealFiled', data: { appealId: 'ap1', memberId: 'm1', statement: 's', appealedSeq, slaDeadline: T0 + APPEAL_SLA_MS } }));
    const decideAs = (r: Reviewer) => {
      const withClaim = [...log, entry(claimedBy(r, T0 + MIN))];
      const state = withClaim.reduce<CaseState | null>((s, e) => evolveCase(s, e), null);
      return decideWorkflow({ type: 'DecideAppeal', reviewer: r, outcome: 'reversed', reasonCode: 'OK' }, { state, log: withClaim, now: T0, reasonCodes: new Set(['OK']), escalationOf: () => null });
    };
    expect(decideAs(tess)).toMatchObject({ ok: false, refusal: 'forbidden' });
    expect(decideAs(tom)).toEqual({ ok: true, events: [{ type: 'AppealDecided', data: { appealId: 'ap1', reviewerId: 'tom', outcome: 'reversed', reasonCode: 'OK' } }] });
  });
});

describe('review workflow: SLA', () => {
  it('given a case past its deadline, CheckSla escalates to the queue\'s escalation target', () => {
    given(queued).when({ type: 'CheckSla' }, T0 + 241 * MIN).then([{ type: 'SlaBreached', data: { queue: 'trust_safety', deadline: T0 + 240 * MIN, escalatedTo: 'urgent' } }]);
  });
  it('before the deadline, nothing happens', () => {
    given(queued).when({ type: 'CheckSla' }, T0 + 240 * MIN).then([]);
  });
  it('a breach is recorded once per deadline', () => {
    const breach: DecisionEvent = { type: 'SlaBreached', data: { queue: 'trust_safety', deadline: T0 + 240 * MIN, escalatedTo: 'urgent' } };
    given(queued, breach).when({ type: 'CheckSla' }, T0 + 500 * MIN).then([]);
  });
  it('a decided case has no SLA', () => {
    given(queued, claimedBy(tess, T0 + MIN), removedBy(tess)).when({ type: 'CheckSla' }, T0 + 500 * MIN).then([]);
  });
});
