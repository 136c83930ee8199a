import { entry } from '../../test/support/fixtures';
import type { LogEntry, ReviewAction } from '../core/log/events';
import { qualityMetrics, qualitySummary } from './quality-metrics';

const decided = (action: ReviewAction): LogEntry => entry({ type: 'ReviewDecided', data: { reviewerId: 'r1', role: 'trust_safety', action, reasonCode: 'OK' } });
const sampled = (first: ReviewAction): LogEntry => entry({ type: 'QualitySampled', data: { queue: 'quality', sampleRate: 1, firstSeq: 1, firstReviewerId: 'r1', firstAction: first, slaDeadline: 1 } });
const second = (first: ReviewAction, action: ReviewAction): LogEntry =>
  entry({ type: 'SecondReviewDecided', data: { reviewerId: 'r2', role: 'trust_safety', action, reasonCode: 'OK', firstReviewerId: 'r1', firstAction: first, agrees: first === action } });
const appeal = (outcome: 'upheld' | 'reversed'): LogEntry => entry({ type: 'AppealDecided', data: { appealId: 'a', reviewerId: 'r3', outcome, reasonCode: 'OK' } });

describe('quality metrics from the log', () => {
  it('computes overturn rates and Cohen\'s kappa over the first/second label pairs', () => {
    // 4 pairs: approve/approve, remove/remove, remove/remove, approve/remove.
    // pₒ = 3/4; first: approve 2, remove 2; second: approve 1, remove 3; pₑ = (2·1 + 2·3)/16 = 0.5; κ = 0.25/0.5 = 0.5.
    const log = [
      decided('approve'), decided('remove'), decided('remove'), decided('approve'), decided('escalate'),
      sampled('approve'), sampled('remove'), sampled('remove'), sampled('approve'), sampled('remove'),
      second('approve', 'approve'), second('remove', 'remove'), second('remove', 'remove'), second('approve', 'remove'),
      appeal('reversed'), appeal('upheld'),
    ];
    const m = qualityMetrics(log);
    expect(m).toMatchObject({ decisions: 4, appealsDecided: 2, sampled: 5, secondReviews: 4 });
    expect(m.appealOverturn).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
    expect(m.secondReviewOverturn).toEqual({ rate: 0.2, numerator: 1, denominator: 5 });
    expect(m.agreement.kappa).toBeCloseTo(0.5, 10);
    expect(m.confusion).toEqual({ 'approve -> approve': 1, 'remove -> remove': 2, 'approve -> remove': 1 });
    expect(qualitySummary(m).join('\n')).toContain('0.500 over 4 pairs');
  });

  it('reports n/a rather than dividing by zero on an empty log', () => {
    const m = qualityMetrics([]);
    expect(m.appealOverturn.rate).toBeNull();
    expect(m.secondReviewOverturn.rate).toBeNull();
    expect(m.agreement.kappa).toBeNull();
  });

  it('perfect agreement over two labels is kappa 1', () => {
    expect(qualityMetrics([second('approve', 'approve'), second('remove', 'remove')]).agreement.kappa).toBe(1);
  });
});
