import type { LogEntry } from '../core/log/events';
import { actorOf, endToEndSeconds } from './end-to-end';

const entry = (actor: LogEntry['actor']): LogEntry =>
  ({ seq: 1, eventId: 'e', tenantId: 't', caseId: 't:p', event: { type: 'ReviewDecided', data: { reviewerId: 'r', role: 'legal', action: 'approve', reasonCode: 'ok' } }, actor }) as unknown as LogEntry;

describe('end-to-end latency', () => {
  it('measures seconds from created_at to delivery', () => {
    expect(endToEndSeconds(1_000, new Date(3_500))).toBe(2.5);
  });

  it('clamps a created_at slightly in the future (upstream clock skew) to 0', () => {
    expect(endToEndSeconds(10_000, new Date(9_000))).toBe(0);
  });

  it('labels human decisions reviewer and everything else system', () => {
    expect(actorOf(entry({ type: 'reviewer', id: 'r', role: 'legal' }))).toBe('reviewer');
    expect(actorOf(entry({ type: 'system', id: 'route' }))).toBe('system');
    expect(actorOf(entry({ type: 'member', id: 'm' }))).toBe('system');
  });
});
