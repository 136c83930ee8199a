import { entry } from '../../test/support/fixtures';
import { decisionRecord } from './decision-record';
import { describeTimeline, EXCERPT_MAX_CHARS, excerptOf, memberNotice } from './member-notice';

const removed = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: 'remove', reasonCode: 'SPAM' } });
const record = decisionRecord(removed, 'p1', 'https://vigil.example')!;
const ctx = { memberId: 'm1', postText: 'Buy now! Mail me at jane.doe@example.com or call +44 20 7946 0958', reasonText: 'Spam or unsolicited advertising', appealSlaMinutes: 4320 };

describe('member notice', () => {
  it('carries the reason code and text, a masked excerpt, the appeal link and the appeals SLA', () => {
    const n = memberNotice(record, ctx);
    expect(n).toMatchObject({
      type: 'member.notification', notice_id: `${removed.eventId}:notice`, member_id: 'm1', action: 'remove', headline: 'Your post has been removed',
      reason_code: 'SPAM', reason_text: 'Spam or unsolicited advertising', excerpt_status: 'included',
      appeal: { link: 'https://vigil.example/appeals/new?case=acme%3Ap1', expected_timeline_minutes: 4320 },
    });
    expect(n.excerpt).toContain('Buy now!');
    expect(n.excerpt).not.toContain('jane.doe@example.com');
    expect(n.excerpt).not.toContain('7946');
    expect(n.appeal?.expected_timeline).toContain('within 3 days (72 hours)');
  });

  it('says so when the post text is not available', () => {
    const n = memberNotice(record, { ...ctx, postText: null });
    expect(n).toMatchObject({ excerpt: null, excerpt_status: 'unavailable', excerpt_note: 'the post text was not retained for this decision' });
  });

  it('offers no further appeal on an appeal outcome', () => {
    const appeal = entry({ type: 'AppealDecided', data: { appealId: 'a', reviewerId: 'r2', outcome: 'upheld', reasonCode: 'SPAM' } });
    expect(memberNotice(decisionRecord(appeal, 'p1', 'x')!, ctx)).toMatchObject({ action: 'appeal_upheld', appeal: null, headline: 'Your appeal was reviewed: the decision stands' });
  });
});

describe('excerpt', () => {
  it('is at most 140 characters, cut at a word, with personal data masked before the cut', () => {
    const long = `${'word '.repeat(40)}contact me at someone@example.org please`;
    const e = excerptOf(long);
    expect(e.length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
    expect(e.endsWith('word…')).toBe(true);
    expect(excerptOf(`a@b.example.com ${'x'.repeat(10)}`)).not.toContain('@');
  });
  it('keeps a short text whole, whitespace collapsed', () => {
    expect(excerptOf('  Hello\n\nthere  ')).toBe('Hello there');
  });
});

describe('timeline', () => {
  it('reads in days, hours or minutes', () => {
    expect(describeTimeline(1440)).toBe('within 1 day (24 hours)');
    expect(describeTimeline(120)).toBe('within 2 hours');
    expect(describeTimeline(90)).toBe('within 90 minutes');
  });
});
