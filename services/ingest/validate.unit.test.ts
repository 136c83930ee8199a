import { rawPost } from '../../test/support/fixtures';
import { LIMITS, validatePost } from './validate';

const NOW = Date.UTC(2026, 10, 22, 12, 1);

describe('ingest validatePost', () => {
  it('accepts a complete post and derives the case id', () => {
    const v = validatePost(rawPost(), NOW);
    expect(v).toMatchObject({ ok: true, caseId: 'acme:p1' });
  });

  it.each([
    ['a missing tenant', { tenant_id: null }, 'tenant_id', 'tenant_id: required'],
    ['an empty tenant', { tenant_id: '  ' }, 'tenant_id', 'tenant_id: required'],
    ['text over the limit', { text: 'x'.repeat(LIMITS.textMaxChars + 1) }, 'text', `text: longer than ${LIMITS.textMaxChars} characters`],
    ['empty text', { text: '   ' }, 'text', 'text: empty'],
    ['too many links', { links: Array.from({ length: LIMITS.linksMax + 1 }, (_, i) => `https://x/${i}`) }, 'links', `links: more than ${LIMITS.linksMax} links`],
    ['a missing event id', { event_id: '' }, 'event_id', 'event_id: required'],
    ['a negative account age', { author: { member_id: 'm', account_age_days: -1, tier: null } }, 'author.account_age_days', 'author.account_age_days: must be >= 0'],
  ])('rejects %s, naming the field and the limit', (_name, override, field, reason) => {
    const v = validatePost(rawPost(override), NOW);
    expect(v).toEqual({ ok: false, field, reason });
  });

  it('rejects a post dated in the future beyond clock skew', () => {
    const v = validatePost(rawPost({ created_at: NOW + 10 * 60_000 }), NOW);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.field).toBe('created_at');
  });

  it('normalises text to NFC and trims it, and keeps everything else', () => {
    const v = validatePost(rawPost({ text: '  Cafe\u0301  ' }), NOW);
    expect(v.ok && v.post.text).toBe('Café');
  });
});
