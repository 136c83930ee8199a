import { entry } from '../../test/support/fixtures';
import { decisionRecord, retryDelayMs } from './decision-record';

const routed = { action: 'hide' as const, reasonCode: 'AUTO_HIDE', drivers: ['spam'], queue: null, severity: null, priority: 0, slaDeadline: null };

describe('writeback decisionRecord', () => {
  it('maps an automatic hide to an automated decision with an appeal link and the log event id as idempotency key', () => {
    const e = entry({ type: 'AutoHidden', data: routed }, { modelVersions: { spam: '1.0.0' } });
    expect(decisionRecord(e, 'p1', 'https://vigil.example')).toMatchObject({
      idempotency_key: e.eventId, log_sequence: e.seq, action: 'hide', reason_code: 'AUTO_HIDE', automated: 'yes',
      appeal_link: 'https://vigil.example/appeals/new?case=acme%3Ap1', model_versions: { spam: '1.0.0' },
    });
  });
  it('marks a human decision as not automated', () => {
    const e = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: 'approve', reasonCode: 'OK' } });
    expect(decisionRecord(e, 'p1', 'x')).toMatchObject({ automated: 'no', action: 'approve', appeal_link: null });
  });
  it('produces nothing for internal events', () => {
    expect(decisionRecord(entry({ type: 'ReviewClaimed', data: { reviewerId: 'r', leaseExpiresAt: 1 } }), 'p1', 'x')).toBeNull();
  });
  it('backs off exponentially with a cap', () => {
    expect(retryDelayMs(1, 1)).toBe(1_000);
    expect(retryDelayMs(3, 1)).toBe(4_000);
    expect(retryDelayMs(30, 1)).toBe(120_000);
    expect(retryDelayMs(3, 0.5)).toBe(2_000);
  });
});
