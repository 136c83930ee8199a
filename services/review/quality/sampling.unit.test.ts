import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { entry, facts } from '../../../test/support/fixtures';
import { evolveCase, type CaseState } from '../../core/log/case-state';
import type { LogEntry, RoutingOutcome } from '../../core/log/events';
import { loadPolicyFile, type Policy } from '../../route/policy';
import { decideWorkflow } from '../workflow';
import { decideQualitySample, decideSecondReview, isSampled, sampleFraction } from './sampling';

const base = loadPolicyFile(join(__dirname, '..', '..', '..', 'policies', 'default.yaml'));
const everything: Policy = { ...base, quality: { sample_rate: 1, queue: 'quality' } };
const NOW = Date.UTC(2026, 10, 22, 13);
const MIN = 60_000;
const queued: RoutingOutcome = { action: 'review', reasonCode: 'NEEDS_REVIEW', drivers: ['toxicity'], queue: 'trust_safety', severity: 'medium', priority: 2, slaDeadline: 1 };
const fold = (entries: LogEntry[]): CaseState => entries.reduce<CaseState | null>((s, e) => evolveCase(s, e), null)!;
const decided = (action: 'approve' | 'remove' = 'remove', caseId = 'acme:p1'): LogEntry[] => [
  entry({ type: 'PostClassified', data: facts() }, { caseId }),
  entry({ type: 'QueuedForReview', data: queued }, { caseId }),
  entry({ type: 'ReviewDecided', data: { reviewerId: 'rev-tess', role: 'trust_safety', action, reasonCode: 'HARASSMENT' } }, { caseId, actor: { type: 'reviewer', id: 'rev-tess', role: 'trust_safety' } }),
];

describe('deterministic sampling by case id', () => {
  it('is the first 32 bits of md5(case id) over 2^32, the same number PostgreSQL computes', () => {
    const hex = createHash('md5').update('acme:p1').digest('hex').slice(0, 8);
    expect(sampleFraction('acme:p1')).toBe(parseInt(hex, 16) / 2 ** 32);
    expect(sampleFraction('acme:p1')).toBe(sampleFraction('acme:p1'));
  });

  it('samples about sample_rate of cases, and rate 0 none, rate 1 all', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `acme:post-${i}`);
    const share = ids.filter((id) => isSampled(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(ids.some((id) => isSampled(id, 0))).toBe(false);
    expect(ids.every((id) => isSampled(id, 1))).toBe(true);
  });
});

describe('decideQualitySample', () => {
  it('given a human-decided case under the rate, then it goes to the quality queue with the first verdict', () => {
    const log = decided();
    expect(decideQualitySample(fold(log), log, everything, NOW)).toEqual([{
      type: 'QualitySampled', data: { queue: 'quality', sampleRate: 1, firstSeq: log[2]!.seq, firstReviewerId: 'rev-tess', firstAction: 'remove', slaDeadline: NOW + 2880 * MIN },
    }]);
  });

  it('samples nothing at rate 0, without a human verdict, twice, or without a quality section', () => {
    const log = decided();
    expect(decideQualitySample(fold(log), log, { ...everything, quality: { sample_rate: 0, queue: 'quality' } }, NOW)).toEqual([]);
    const auto = log.slice(0, 2);
    expect(decideQualitySample(fold(auto), auto, everything, NOW)).toEqual([]);
    const sampled = [...log, entry({ type: 'QualitySampled', data: { queue: 'quality', sampleRate: 1, firstSeq: 1, firstReviewerId: 'rev-tess', firstAction: 'remove', slaDeadline: 1 } })];
    expect(decideQualitySample(fold(sampled), sampled, everything, NOW)).toEqual([]);
    const { quality: _unused, ...bare } = everything;
    expect(decideQualitySample(fold(log), log, bare, NOW)).toEqual([]);
  });
});

describe('decideSecondReview', () => {
  const sampledLog = (action: 'approve' | 'remove' = 'remove') => {
    const log = decided(action);
    const [sample] = decideQualitySample(fold(log), log, everything, NOW);
    return [...log, entry(sample!)];
  };
  const claimedBy = (log: LogEntry[], reviewerId: string) => [...log, entry({ type: 'ReviewClaimed', data: { reviewerId, leaseExpiresAt: NOW + 10 * MIN } })];
  const ctx = (log: LogEntry[]) => ({ state: fold(log), log, now: NOW + MIN, reasonCodes: new Set(Object.keys(base.reason_codes)) });

  it('a sampled case waits in the quality queue and keeps its decision, so the member may still appeal it', () => {
    const log = sampledLog();
    const state = fold(log);
    expect(state).toMatchObject({ status: 'removed', queue: 'quality', visibility: 'hidden', lastAction: 'remove' });
    const appeal = decideWorkflow({ type: 'FileAppeal', appealId: 'ap1', memberId: 'm1', statement: 'please' }, { state, log, now: NOW, reasonCodes: new Set(), escalationOf: () => null });
    expect(appeal).toMatchObject({ ok: true, events: [{ type: 'AppealFiled' }] });
    if (!appeal.ok) throw new Error('expected the appeal');
    // The appeal takes the case to the appeals queue; the second review lapses.
    const appealed = [...log, entry(appeal.events[0]!)];
    expect(decideSecondReview({ reviewer: { id: 'rev-tom', role: 'trust_safety' }, action: 'remove', reasonCode: 'OK' }, ctx(appealed))).toMatchObject({ ok: false, refusal: 'conflict' });
  });

  it('given a second reviewer who disagrees, then SecondReviewDecided records the disagreement and the first decision stands', () => {
    const log = claimedBy(sampledLog(), 'rev-tom');
    const out = decideSecondReview({ reviewer: { id: 'rev-tom', role: 'trust_safety' }, action: 'approve', reasonCode: 'OK' }, ctx(log));
    expect(out).toEqual({ ok: true, events: [{ type: 'SecondReviewDecided', data: { reviewerId: 'rev-tom', role: 'trust_safety', action: 'approve', reasonCode: 'OK', firstReviewerId: 'rev-tess', firstAction: 'remove', agrees: false } }] });
    if (!out.ok) throw new Error('expected ok');
    expect(evolveCase(fold(log), entry(out.events[0]!))).toMatchObject({ status: 'removed', visibility: 'hidden', queue: null, assignee: null, lastAction: 'remove' });
  });

  it('refuses the first reviewer, a reviewer without the lease, a bad reason code and a case not sampled', () => {
    expect(decideSecondReview({ reviewer: { id: 'rev-tess', role: 'trust_safety' }, action: 'remove', reasonCode: 'OK' }, ctx(claimedBy(sampledLog(), 'rev-tess')))).toMatchObject({ ok: false, refusal: 'forbidden' });
    expect(decideSecondReview({ reviewer: { id: 'rev-tom', role: 'trust_safety' }, action: 'remove', reasonCode: 'OK' }, ctx(sampledLog()))).toMatchObject({ ok: false, refusal: 'conflict' });
    expect(decideSecondReview({ reviewer: { id: 'rev-tom', role: 'trust_safety' }, action: 'remove', reasonCode: 'NOPE' }, ctx(claimedBy(sampledLog(), 'rev-tom')))).toMatchObject({ ok: false, field: 'reason_code' });
    expect(decideSecondReview({ reviewer: { id: 'rev-tom', role: 'trust_safety' }, action: 'remove', reasonCode: 'OK' }, ctx(decided()))).toMatchObject({ ok: false, refusal: 'conflict' });
  });
});
