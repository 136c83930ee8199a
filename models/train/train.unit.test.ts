// Training utilities: calibration, metrics, splitting and parsing (no I/O).
import { fitPlatt, fitTemperature, fitTemperatureBias, crossFittedProbabilities } from './calibrate';
import { parseCsv, stripNewsgroupPost, cleanTweet } from './data';
import { eceBinary, rocAuc, averagePrecision, binaryAt, multiclassReport } from './metrics';
import { chooseThreshold } from './spam';
import { rng, stratifiedGroupSplit } from './split';
import { sigmoid } from '../../services/classify/signals/models/linear';

/** Labels drawn from p = sigmoid(a*z + b) with a seeded PRNG. */
function synthetic(n: number, a: number, b: number, seed = 1) {
  const r = rng(seed);
  const z = Float64Array.from({ length: n }, () => (r() - 0.5) * 8);
  const y = Float64Array.from(z, (v) => (r() < sigmoid(a * v + b) ? 1 : 0));
  return { z, y };
}

describe('calibration', () => {
  it('Platt scaling recovers the generating parameters', () => {
    const { z, y } = synthetic(20000, 0.5, -1);
    const { a, b } = fitPlatt(z, y);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });

  it('reduces ECE of over-confident scores (cross-fitted)', () => {
    const { z, y } = synthetic(5000, 0.4, 0.3);
    const raw = Float64Array.from(z, sigmoid);
    const after = crossFittedProbabilities('sigmoid', z, y, 1, 3);
    expect(eceBinary(after, y)).toBeLessThan(eceBinary(raw, y) / 3);
  });

  it('temperature scaling recovers T for softmax logits, and biases fix a prior shift', () => {
    const r = rng(5);
    const n = 6000;
    const C = 3;
    const T = 2.5;
    const prior = [-1, 0.5, 0.5];
    const z = new Float64Array(n * C);
    const y = new Int32Array(n);
    const yShift = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) z[i * C + c] = (r() - 0.5) * 10;
      const draw = (bias: number[]) => {
        const e = [0, 1, 2].map((c) => Math.exp(z[i * C + c]! / T + bias[c]!));
        const s = e[0]! + e[1]! + e[2]!;
        const u = r() * s;
        return u < e[0]! ? 0 : u < e[0]! + e[1]! ? 1 : 2;
      };
      y[i] = draw([0, 0, 0]);
      yShift[i] = draw(prior);
    }
    expect(fitTemperature(z, y, C)).toBeCloseTo(T, 0);
    const fit = fitTemperatureBias(z, yShift, C);
    expect(fit.t).toBeCloseTo(T, 0);
    expect(fit.bias[0]! - fit.bias[1]!).toBeCloseTo(-1.5, 0);
  });
});

describe('metrics', () => {
  it('computes ECE, AUC, AP and confusion-based metrics', () => {
    expect(eceBinary([0.05, 0.05, 0.95, 0.95], [0, 0, 1, 1])).toBeCloseTo(0.05, 10);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
    expect(averagePrecision([0.9, 0.8, 0.7], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2, 10);
    const m = binaryAt([0.9, 0.6, 0.4, 0.1], [1, 0, 1, 0], 0.5);
    expect([m.tp, m.fp, m.tn, m.fn]).toEqual([1, 1, 1, 1]);
    const r = multiclassReport([0, 0, 1, 2], [0, 1, 1, 2], ['a', 'b', 'c']);
    expect(r.accuracy).toBe(0.75);
    expect(r.perClass[1]!.precision).toBe(0.5);
  });

  it('picks the spam threshold with the most spam caught under the blocked-ham limit', () => {
    const p = [0.1, 0.2, 0.3, 0.65, 0.7, 0.8, 0.9];
    const y = [0, 0, 0, 0, 1, 1, 1];
    const t = chooseThreshold(p, y, 0);
    expect(t).toBeGreaterThan(0.65);
    expect(t).toBeLessThanOrEqual(0.7);
  });
});

describe('split', () => {
  const labels = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 'spam' : 'ham'));
  const texts = Array.from({ length: 200 }, (_, i) => `text ${i % 150}`); // 50 duplicates
  it('is deterministic, stratified and keeps duplicates together', () => {
    const a = stratifiedGroupSplit(200, (i) => labels[i]!, (i) => texts[i]!, 0.2, 42);
    const b = stratifiedGroupSplit(200, (i) => labels[i]!, (i) => texts[i]!, 0.2, 42);
    expect(a).toEqual(b);
    expect(a.train.length + a.val.length).toBe(200);
    const valTexts = new Set(a.val.map((i) => texts[i]));
    for (const i of a.train) expect(valTexts.has(texts[i])).toBe(false);
    const spamShare = a.val.filter((i) => labels[i] === 'spam').length / a.val.length;
    expect(spamShare).toBeGreaterThan(0.15);
    expect(spamShare).toBeLessThan(0.35);
  });
});

describe('parsing', () => {
  it('parses quoted CSV with newlines and doubled quotes', () => {
    expect(parseCsv('a,b\n1,"x\n""y"""\n2,z\n')).toEqual([['a', 'b'], ['1', 'x\n"y"'], ['2', 'z']]);
  });

  it('strips newsgroup headers, quotes and signatures', () => {
    const post = 'From: a@b\nSubject: hi\n\nIn article <1@x>, c@d writes:\n> quoted\nMy answer.\nMore.\n\n--\nSig line';
    expect(stripNewsgroupPost(post).trim()).toBe('My answer.\nMore.');
  });

  it('cleans tweets', () => {
    expect(cleanTweet('RT @mayasolovely: you &amp; me http://t.co/x')).toBe('@user you & me http');
  });
});
