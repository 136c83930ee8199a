import { LEXICON_CATEGORIES, WORDS } from './lexicon-data';
import { PHRASES } from './lexicon-phrases';

describe('lexicon data', () => {
  it.each(LEXICON_CATEGORIES)('%s words follow the term grammar, with weights in (0, 1] and no duplicates', (category) => {
    const terms = WORDS[category].map(([term]) => term);
    expect(new Set(terms).size).toBe(terms.length);
    for (const [term, weight] of WORDS[category]) {
      expect(term).toMatch(/^\p{Ll}+(?: \p{Ll}+)*\*?$/u);
      expect(weight).toBeGreaterThan(0);
      expect(weight).toBeLessThanOrEqual(1);
    }
  });

  it('gives every phrase a unique id named after its category, and a weight in (0, 1]', () => {
    const ids = PHRASES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const phrase of PHRASES) {
      expect(phrase.id.startsWith(`${phrase.category}.`)).toBe(true);
      expect(phrase.weight).toBeGreaterThan(0);
      expect(phrase.weight).toBeLessThanOrEqual(1);
      expect(() => new RegExp(phrase.pattern, 'u')).not.toThrow();
    }
  });

  it('stays a curated list, not a dump', () => {
    const total = LEXICON_CATEGORIES.reduce((n, c) => n + WORDS[c].length, 0) + PHRASES.length;
    expect(total).toBeLessThan(400);
  });
});
