import { defaultReasonCode, scoreRows } from './case-view';

const policy = { reason_codes: { OK: 'allowed', NEEDS_REVIEW: 'review band', PERSONAL_DATA: 'personal data', AUTO_ALLOW: 'auto' } };
const thresholds = { categories: { insult: { auto_allow_below: 0.6, auto_hide_at: 0.97 } }, hard_rules: { pii: { at: 0.5, action: 'hide_and_review' } } };

describe('case page', () => {
  it('given a decision without a chosen reason code, then approve is OK and a removal carries the routing reason', () => {
    expect(defaultReasonCode('approve', 'PERSONAL_DATA', policy)).toBe('OK');
    expect(defaultReasonCode('remove', 'PERSONAL_DATA', policy)).toBe('PERSONAL_DATA');
    expect(defaultReasonCode('escalate', 'AUTO_ALLOW', policy)).toBe('NEEDS_REVIEW');
    expect(defaultReasonCode('remove', 'NOT_IN_POLICY', policy)).toBe('NEEDS_REVIEW');
    expect(defaultReasonCode('approve', null, { reason_codes: {} })).toBeNull();
  });

  it('places each score in its band under the thresholds it was routed with, hard rules included, highest first', () => {
    const rows = scoreRows({ insult: 0.7, pii: 1, spam: 0.01, threat: 0 }, thresholds, ['pii'], null);
    expect(rows.map((r) => [r.category, r.band, r.driver])).toEqual([
      ['pii', 'hard rule', true],
      ['insult', 'review', false],
      ['spam', 'allow', false],
    ]);
  });

  it('explains a score with the rule spans, personal data still masked', () => {
    const [pii] = scoreRows({ pii: 1 }, thresholds, ['pii'], 'write to jane.doe@example.com today');
    expect(pii?.explanations).toEqual([expect.objectContaining({ source: 'pii.email', spans: ['[email]'] })]);
  });
});
