import { SlidingShare } from './sliding-share';

describe('SlidingShare', () => {
  it('has no value before the first outcome', () => {
    expect(new SlidingShare(3).value).toBeNaN();
  });

  it('is the share of yes among the outcomes while the window fills', () => {
    const s = new SlidingShare(4);
    s.record(true);
    s.record(false);
    s.record(true);
    expect(s.count).toBe(3);
    expect(s.value).toBeCloseTo(2 / 3);
  });

  it('forgets the oldest outcome once the window is full', () => {
    const s = new SlidingShare(3);
    for (const o of [true, true, true, false, false]) s.record(o);
    // Window now holds true, false, false.
    expect(s.count).toBe(3);
    expect(s.value).toBeCloseTo(1 / 3);
    s.record(false);
    expect(s.value).toBe(0);
  });

  it('agrees with a brute-force count over a long random sequence', () => {
    const size = 50;
    const s = new SlidingShare(size);
    const all: boolean[] = [];
    let seed = 7;
    for (let i = 0; i < 1_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const o = seed % 3 === 0;
      all.push(o);
      s.record(o);
      const recent = all.slice(-size);
      expect(s.value).toBeCloseTo(recent.filter(Boolean).length / recent.length);
    }
  });

  it('rejects a window size out of range, naming the field', () => {
    expect(() => new SlidingShare(0)).toThrow(/size: must be an integer from 1 to 1,000,000 \(got 0\)/);
    expect(() => new SlidingShare(2.5)).toThrow(/size/);
  });
});
