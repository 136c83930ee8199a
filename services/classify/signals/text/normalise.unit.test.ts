import fc from 'fast-check';
import {
  cleanWithMap,
  collapseSeparators,
  collapseSeparatorsWithMap,
  lexiconFormWithMap,
  mapSpan,
  normaliseText,
  normaliseWithMap,
  type MappedText,
} from './normalise';

function expectConsistentMap(original: string, mapped: MappedText): void {
  expect(mapped.toOriginal).toHaveLength(mapped.text.length);
  expect(mapped.toOriginalEnd).toHaveLength(mapped.text.length);
  for (let i = 0; i < mapped.text.length; i++) {
    const start = mapped.toOriginal[i] ?? -1;
    const end = mapped.toOriginalEnd[i] ?? -1;
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(original.length);
    if (i > 0) expect(start).toBeGreaterThanOrEqual(mapped.toOriginal[i - 1] ?? 0);
  }
}

describe('normaliseText', () => {
  it.each([
    ['FUCK', 'fuck'],
    ['ＦＵＣＫ', 'fuck'],
    ['fu\u200Bck', 'fuck'],
    ['fu\u00ADck', 'fuck'],
    ['fuсk', 'fuck'], // Cyrillic с
    ['ѕhіt', 'shit'], // Cyrillic ѕ and і
    ['sh1t', 'shit'],
    ['h3ll0', 'hello'],
    ['fuuuuuck', 'fuuck'],
    ['I’m here', "i'm here"],
  ])('given %j, then %j', (input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('keeps diacritics, which carry meaning for the models in German and French', () => {
    expect(normaliseText('Straße École')).toBe('straße école');
  });

  it('composes a base letter with a combining accent like whole-string NFKC', () => {
    expect(normaliseText('e\u0301cole')).toBe('école');
  });

  it('is deterministic', () => {
    const text = 'Ｆu\u200Bсk th1s sh!t, WIN £1000!!! ';
    expect(normaliseText(text)).toBe(normaliseText(text));
  });
});

describe('normaliseWithMap', () => {
  it('produces exactly the normaliseText output', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      expect(normaliseWithMap(text).text).toBe(normaliseText(text));
    }));
  });

  it('maps every normalised unit back into the original, in order', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      expectConsistentMap(text, normaliseWithMap(text));
    }));
  });

  it('maps a match on the normalised form back to the obfuscated original', () => {
    const original = 'well ＦＵ\u200Bсk this';
    const mapped = normaliseWithMap(original);
    const at = mapped.text.indexOf('fuck');
    const span = mapSpan(original, mapped, at, at + 4);
    expect(span.text).toBe('ＦＵ\u200Bсk');
    expect(original.slice(span.start, span.end)).toBe(span.text);
  });

  it('widens a squeezed run so the span covers every repeated letter', () => {
    const original = 'oh fuuuuuck no';
    const mapped = normaliseWithMap(original);
    const at = mapped.text.indexOf('fuuck');
    expect(mapSpan(original, mapped, at, at + 5).text).toBe('fuuuuuck');
  });

  it('maps an expanded ligature to its single original character', () => {
    const original = 'the ﬁle';
    const mapped = normaliseWithMap(original);
    expect(mapped.text).toBe('the file');
    expect(mapSpan(original, mapped, 4, 6).text).toBe('ﬁ');
  });
});

describe('cleanWithMap', () => {
  it('keeps case and digits but drops invisible characters and folds full-width forms', () => {
    const original = 'Mail J\u200Bohn@Example.com or call ０１２３';
    expect(cleanWithMap(original).text).toBe('Mail John@Example.com or call 0123');
  });

  it('is the identity on plain ASCII', () => {
    const mapped = cleanWithMap('Plain text 123');
    expect(mapped.text).toBe('Plain text 123');
    expect(mapped.toOriginal).toEqual([...Array(14).keys()]);
  });
});

describe('collapseSeparators', () => {
  it.each([
    ['f.u.c.k', 'fuck'],
    ['f-u-c-k you', 'fuck you'],
    ['s_h_i_t', 'shit'],
    ['s h i t head', 'shit head'],
    ['f.u.c.king', 'fucking'],
  ])('given %j, then %j', (input, expected) => {
    expect(collapseSeparators(input)).toBe(expected);
  });

  it.each(['e-mail', 'well-known', 'a b c', 'file.txt', 'i am ok'])('leaves %j alone', (input) => {
    expect(collapseSeparators(input)).toBe(input);
  });

  it('keeps offsets when letters are collapsed', () => {
    const original = 'a f.u.c.k b';
    const mapped = collapseSeparatorsWithMap(normaliseWithMap(original));
    expect(mapped.text).toBe('a fuck b');
    expect(mapSpan(original, mapped, 2, 6).text).toBe('f.u.c.k');
  });
});

describe('lexiconFormWithMap', () => {
  it('also drops diacritics and squeezes whitespace to single spaces', () => {
    expect(lexiconFormWithMap('FÜCK  \n you').text).toBe('fuck you');
  });

  it('maps every unit back into the original, in order', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      expectConsistentMap(text, lexiconFormWithMap(text));
    }));
  });

  it('built on an already normalised text, equals the form built from scratch (text and offsets)', () => {
    const samples = ['F.U.C.K  you\t\tsh1t', 'shuuuut   up', 'a$$ h3ll0 s h i t', 'FÜCK  \n you', 'Ｆｕｌｌ ｗｉｄｔｈ', 'plain text.'];
    for (const text of samples) expect(lexiconFormWithMap(text, normaliseWithMap(text))).toEqual(lexiconFormWithMap(text));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
      expect(lexiconFormWithMap(text, normaliseWithMap(text))).toEqual(lexiconFormWithMap(text));
    }));
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      expect(lexiconFormWithMap(text, normaliseWithMap(text))).toEqual(lexiconFormWithMap(text));
    }));
  });
});
