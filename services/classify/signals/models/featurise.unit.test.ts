import { DEFAULT_FEATURISER, Featuriser, configKey, fnv1a, tokenise, validateConfig, type FeaturiserConfig } from './featurise';
import { normaliseText } from '../text/normalise';

const norm = (v: Float32Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

describe('featuriser', () => {
  const f = new Featuriser();

  it('uses the reference FNV-1a 32-bit hash', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('is deterministic across calls and instances', () => {
    const text = normaliseText('FREE entry!! Txt WIN to 87121 now, £1000 prize');
    const a = f.featurise(text);
    const b = f.featurise(text);
    const c = new Featuriser().featurise(text);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(c.values));
  });

  it('returns unique in-range buckets with unit L2 norm (both blocks non-empty)', () => {
    const v = f.featurise('the quick brown fox jumps over the lazy dog the end');
    expect(new Set(v.indices).size).toBe(v.indices.length);
    for (const i of v.indices) expect(i >= 0 && i < DEFAULT_FEATURISER.buckets).toBe(true);
    expect(norm(v.values)).toBeCloseTo(1, 5);
  });

  it('gives an empty vector for empty or whitespace text', () => {
    expect(f.featurise('').indices.length).toBe(0);
    expect(f.featurise('   \n\t ').indices.length).toBe(0);
  });

  it('applies sublinear tf: repeating a word raises its weight less than linearly', () => {
    const cfg: FeaturiserConfig = { ...DEFAULT_FEATURISER, charNgrams: null, wordNgrams: [1, 1] };
    const g = new Featuriser(cfg);
    const v = g.featurise('spam spam spam spam ham');
    const values = Array.from(v.values).sort((a, b) => b - a);
    expect(values[0]! / values[1]!).toBeCloseTo(1 + Math.log(4), 5);
  });

  it('folds digits: unseen phone numbers look alike', () => {
    const cosine = (g: Featuriser, x: string, y: string) => {
      const a = g.featurise(x);
      const b = g.featurise(y);
      const m = new Map(Array.from(a.indices, (i, k) => [i, a.values[k]!]));
      return Array.from(b.indices).reduce((s, i, k) => s + (m.get(i) ?? 0) * b.values[k]!, 0);
    };
    const folded = cosine(f, 'call 09061701461 now', 'call 09061709999 now');
    const raw = cosine(new Featuriser({ ...DEFAULT_FEATURISER, foldDigits: false }), 'call 09061701461 now', 'call 09061709999 now');
    expect(folded).toBeGreaterThan(0.7);
    expect(folded).toBeGreaterThan(raw + 0.2);
  });

  it('ignores text beyond maxChars', () => {
    const g = new Featuriser({ ...DEFAULT_FEATURISER, maxChars: 10 });
    expect(Array.from(g.featurise('abcdefghij and more text').indices)).toEqual(Array.from(g.featurise('abcdefghij').indices));
  });

  it('tokenises letters/digits with offsets, keeping inner apostrophes', () => {
    const t = tokenise("don't stop, café 2go!");
    expect(t.map((x) => x.text)).toEqual(["don't", 'stop', 'café', '2go']);
    for (const x of t) expect("don't stop, café 2go!".slice(x.start, x.end)).toBe(x.text);
  });

  it('grams() reports every bucket that featurise() emits', () => {
    const text = normaliseText('You are a stupid idiot, call 0800 123 456 now');
    const v = f.featurise(text);
    const g = f.grams(text);
    const all = new Set([...g.wordGrams.bucket, ...g.charGrams.bucket]);
    for (const i of v.indices) expect(all.has(i)).toBe(true);
  });

  it('validates configs and keys them stably', () => {
    expect(() => validateConfig({ ...DEFAULT_FEATURISER, buckets: 1000 })).toThrow(RangeError);
    expect(() => validateConfig({ ...DEFAULT_FEATURISER, wordNgrams: null, charNgrams: null })).toThrow(RangeError);
    expect(configKey(DEFAULT_FEATURISER)).toBe(configKey({ ...DEFAULT_FEATURISER }));
    expect(configKey(DEFAULT_FEATURISER)).not.toBe(configKey({ ...DEFAULT_FEATURISER, charNgrams: null }));
  });
});
