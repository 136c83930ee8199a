import { blockedCategories, harmCategoriesOf, utcDay } from './exposure';

describe('reviewer exposure', () => {
  it('given routing reasons, when picking harm categories, then reason codes, spam, pii and legal do not count', () => {
    expect(harmCategoriesOf(['NEEDS_REVIEW', 'insult', 'toxicity', 'insult'])).toEqual(['insult', 'toxicity']);
    expect(harmCategoriesOf(['PERSONAL_DATA', 'pii', 'spam', 'legal_reference'])).toEqual([]);
  });

  it('counts per UTC day: 23:59 and 00:00 UTC are different days whatever the local zone', () => {
    expect(utcDay(Date.UTC(2026, 10, 22, 23, 59))).toBe('2026-11-22');
    expect(utcDay(Date.UTC(2026, 10, 23, 0, 0))).toBe('2026-11-23');
  });

  it('blocks a category once today\'s count reaches its limit, and a limit of 0 at once; no limit never blocks', () => {
    expect(blockedCategories({ insult: 2, threat: 1 }, { insult: 3, threat: 1 })).toEqual(['threat']);
    expect(blockedCategories({ insult: 3 }, { insult: 3 })).toEqual(['insult']);
    expect(blockedCategories({}, { sexual: 0 })).toEqual(['sexual']);
    expect(blockedCategories({ self_harm: 40 }, {})).toEqual([]);
  });
});
