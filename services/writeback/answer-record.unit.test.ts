import { entry } from '../../test/support/fixtures';
import { decisionRecord } from './decision-record';

describe('writeback: approved answers on the decisions topic', () => {
  it('maps AnswerApproved to action answer, carrying the text, by a human, with no appeal link', () => {
    const e = entry({ type: 'AnswerApproved', data: { answerId: 'a1', expertId: 'rev-ella', role: 'support_expert', topic: 'cards', text: 'Cards arrive in 3 to 5 days.', suggestedFrom: null } });
    expect(decisionRecord(e, 'p1', 'https://vigil.example')).toMatchObject({
      idempotency_key: e.eventId, event_type: 'AnswerApproved', action: 'answer', reason_code: 'ANSWER_APPROVED', automated: 'no', appeal_link: null, answer: 'Cards arrive in 3 to 5 days.',
    });
  });

  it('other decisions carry answer null, and answer drafts, routing and quality events produce no record', () => {
    const decided = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: 'approve', reasonCode: 'OK' } });
    expect(decisionRecord(decided, 'p1', 'x')?.answer).toBeNull();
    expect(decisionRecord(entry({ type: 'AnswerPosted', data: { answerId: 'a', expertId: 'r', role: 'support_expert', chars: 3, sha256: 'x' } }), 'p1', 'x')).toBeNull();
    expect(decisionRecord(entry({ type: 'QuestionRoutedToExpert', data: { topic: null, queue: 'q', questionScore: 1, askedAt: 1, priority: 1, slaDeadline: 2 } }), 'p1', 'x')).toBeNull();
    expect(decisionRecord(entry({ type: 'QualitySampled', data: { queue: 'quality', sampleRate: 1, firstSeq: 1, firstReviewerId: 'r', firstAction: 'remove', slaDeadline: 1 } }), 'p1', 'x')).toBeNull();
  });
});
