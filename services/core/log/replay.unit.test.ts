// Property: folding the log in one pass from nothing (replay) gives exactly the state the live
// projection reaches batch by batch, with a round trip through the table's row shape in between.
import fc from 'fast-check';
import { facts } from '../../../test/support/fixtures';
import type { CaseState } from './case-state';
import type { DecisionEvent, LogEntry, RoutingOutcome } from './events';
import { caseFromRow, caseToRow, foldCases } from './projection';

const outcome = (action: RoutingOutcome['action'], queue: string | null): RoutingOutcome => ({
  action, reasonCode: 'X', drivers: ['spam'], queue, severity: queue ? 'medium' : null, priority: queue ? 2.5 : 0, slaDeadline: queue ? 1_700_000_000_000 : null,
});

const eventArb: fc.Arbitrary<DecisionEvent> = fc.oneof(
  fc.constant<DecisionEvent>({ type: 'PostClassified', data: facts() }),
  fc.constantFrom<DecisionEvent>(
    { type: 'AutoAllowed', data: outcome('allow', null) },
    { type: 'AutoHidden', data: outcome('hide', null) },
    { type: 'QueuedForReview', data: outcome('review', 'trust_safety') },
    { type: 'ProvisionallyPublished', data: outcome('provisional', 'community') },
    { type: 'Escalated', data: outcome('escalate', 'urgent') },
  ),
  fc.record({ reviewerId: fc.constantFrom('r1', 'r2'), leaseExpiresAt: fc.integer({ min: 0, max: 2e12 }) }).map((data): DecisionEvent => ({ type: 'ReviewClaimed', data })),
  fc.constantFrom<DecisionEvent>({ type: 'ReviewReleased', data: { reviewerId: 'r1', why: 'expired' } }, { type: 'SlaBreached', data: { queue: 'trust_safety', deadline: 5, escalatedTo: 'urgent' } }),
  fc.constantFrom('approve', 'remove', 'restrict_author', 'escalate', 'request_context').map((action): DecisionEvent => ({ type: 'ReviewDecided', data: { reviewerId: 'r2', role: 'trust_safety', action: action, reasonCode: 'OK' } })),
  fc.constant<DecisionEvent>({ type: 'AppealFiled', data: { appealId: 'a', memberId: 'm1', statement: 's', appealedSeq: 1, slaDeadline: 99 } }),
  fc.constantFrom('upheld', 'reversed').map((outcomeName): DecisionEvent => ({ type: 'AppealDecided', data: { appealId: 'a', reviewerId: 'r3', outcome: outcomeName, reasonCode: 'OK' } })),
  fc.constant<DecisionEvent>({ type: 'WritebackDelivered', data: { eventSeq: 1, destination: 'kafka:decisions', attempts: 1 } }),
);

const logArb = fc.array(fc.tuple(fc.constantFrom('acme:p1', 'acme:p2', 'globex:p9'), eventArb, fc.constantFrom<LogEntry['actor']>({ type: 'system', id: 'route' }, { type: 'reviewer', id: 'r2', role: 'trust_safety' })), { minLength: 1, maxLength: 60 })
  .map((items) => items.map(([caseId, event, actor], i): LogEntry => ({
    seq: i + 1, eventId: `e${i + 1}`, tenantId: caseId.split(':')[0]!, caseId, event, policyVersion: `v${i % 3}`, modelVersions: {}, thresholds: null, actor,
    causationId: null, correlationId: null, traceId: null, occurredAt: new Date(1_700_000_000_000 + i * 1_000), recordedAt: new Date(1_700_000_000_000 + i * 1_000), prevHash: '', hash: '',
  })));

function liveProjection(entries: LogEntry[], batchSizes: number[]): Map<string, CaseState> {
  let table = new Map<string, ReturnType<typeof caseToRow>>();
  let at = 0;
  for (const size of [...batchSizes, entries.length]) {
    const batch = entries.slice(at, at + Math.max(1, size));
    if (batch.length === 0) break;
    at += batch.length;
    const loaded = new Map([...table].map(([id, row]) => [id, caseFromRow({ ...row, history: JSON.parse(row.history) as unknown })]));
    const changed = foldCases(loaded, batch);
    table = new Map([...table, ...[...changed].map(([id, s]) => [id, caseToRow(s)] as const)]);
  }
  return new Map([...table].map(([id, row]) => [id, caseFromRow({ ...row, history: JSON.parse(row.history) as unknown })]));
}

describe('replay', () => {
  it('folding the whole log from nothing equals the batch-by-batch live projection', () => {
    fc.assert(
      fc.property(logArb, fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 20 }), (entries, batches) => {
        const replayed = new Map<string, CaseState>();
        foldCases(replayed, entries);
        expect(liveProjection(entries, batches)).toEqual(replayed);
      }),
      { numRuns: 300 },
    );
  });
});
