import { cleanWithMap } from '../text/normalise';
import { combineEvidence, keepNonOverlapping, matchMapped } from './rule-hit';

describe('matchMapped', () => {
  it('maps matches on the cleaned text back to the original', () => {
    const original = 'call ０１２３ or ４５６７';
    const matches = matchMapped(original, cleanWithMap(original), /\d{4}/g);
    expect(matches.map((m) => m.span.text)).toEqual(['０１２３', '４５６７']);
  });

  it('refuses a non-global pattern, which would loop forever', () => {
    expect(() => matchMapped('x', cleanWithMap('x'), /x/)).toThrow(TypeError);
  });

  it('steps over empty matches', () => {
    expect(matchMapped('ab', cleanWithMap('ab'), /x*/g)).toEqual([]);
  });
});

describe('combineEvidence', () => {
  it('adds independent evidence without exceeding 1', () => {
    expect(combineEvidence([])).toBe(0);
    expect(combineEvidence([0.5])).toBe(0.5);
    expect(combineEvidence([0.5, 0.5])).toBe(0.75);
    expect(combineEvidence([1, 0.2])).toBe(1);
    expect(combineEvidence([2, -1])).toBe(1);
  });
});

describe('keepNonOverlapping', () => {
  const span = (start: number, end: number) => ({ start, end, text: '' });

  it('keeps the earlier-ranked item where spans overlap, and touching spans both', () => {
    const ranked = [span(2, 6), span(0, 3), span(6, 8), span(5, 7)];
    expect(keepNonOverlapping(ranked, (s) => s, 10)).toEqual([span(2, 6), span(6, 8)]);
  });

  it('stays fast with thousands of overlapping candidates', () => {
    const ranked = Array.from({ length: 50_000 }, (_, i) => span(i, i + 3));
    const started = performance.now();
    expect(keepNonOverlapping(ranked, (s) => s, 50_010)).toHaveLength(16_667);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
