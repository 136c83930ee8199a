// Loads the committed artifacts from models/artifacts (local files only, no network) and checks
// determinism, engine agreement, shadow mode, explanations and a few sanity cases.
import { join } from 'node:path';
import { normaliseText } from '../text/normalise';
import { decodeWeights, encodeWeights, readArtifact, readManifest, type ArtifactHeader } from './artifact';
import { loadModelSignals, type LoadedModelSignals } from './index';

const MODELS_DIR = join(__dirname, '..', '..', '..', '..', 'models');
const ARTIFACTS = join(MODELS_DIR, 'artifacts');

const SPAM = [
  'WINNER!! As a valued network customer you have been selected to receive a £900 prize reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only.',
  'URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010 T&C www.dbuk.net',
];
const CLEAN = ['Hello, how are you?', 'Thanks for the quick reply, that fixed my problem.', 'I still have not received my new card, when will it arrive?'];
const INSULT = 'You are a stupid idiot and a worthless moron.';

describe('loadModelSignals', () => {
  let signals: LoadedModelSignals;
  beforeAll(async () => {
    signals = await loadModelSignals({ modelsDir: MODELS_DIR, router: 'banking77' });
  });
  afterAll(() => signals.dispose());

  it('loads every live model with its version, without warnings', () => {
    expect(signals.versions).toEqual({ hate: '1.0.0', spam: '1.0.0', toxicity: '1.0.0', 'router.banking77': '1.0.0' });
    expect(['tfjs-wasm', 'tfjs-cpu']).toContain(signals.engine);
    expect(signals.warnings).toEqual([]);
    expect(signals.shadowVersions).toEqual({});
  });

  it('scores obvious spam high and a greeting low', async () => {
    const r = await signals.scoreBatch([...SPAM, ...CLEAN].map(normaliseText));
    for (const x of r.slice(0, SPAM.length)) expect(x.scores.spam).toBeGreaterThan(0.9);
    for (const x of r.slice(SPAM.length)) expect(x.scores.spam).toBeLessThan(0.1);
    expect(r[SPAM.length]!.scores.spam).toBeLessThan(0.1); // "Hello, how are you?"
  });

  it('scores an obvious insult high and clean text low', async () => {
    const [insult, ...clean] = await signals.scoreBatch([INSULT, ...CLEAN].map(normaliseText));
    expect(insult!.scores.insult).toBeGreaterThan(0.8);
    expect(insult!.scores.toxicity).toBeGreaterThan(0.8);
    for (const x of clean) {
      expect(x.scores.insult).toBeLessThan(0.2);
      expect(x.scores.toxicity).toBeLessThan(0.5);
    }
  });

  it('returns calibrated probabilities in [0, 1] for every model-backed category', async () => {
    const [r] = await signals.scoreBatch([normaliseText(INSULT)]);
    expect(Object.keys(r!.scores).sort()).toEqual(['identity_attack', 'insult', 'profanity', 'severe_toxicity', 'spam', 'threat', 'toxicity']);
    for (const v of Object.values(r!.scores)) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('routes a banking query to the right intent', async () => {
    const [r] = await signals.scoreBatch([normaliseText('I still have not received my new card, when will it arrive?')]);
    expect(r!.topic?.label).toBe('card_arrival');
    expect(r!.topic!.score).toBeGreaterThan(0.5);
  });

  it('is deterministic: same input, same scores, across calls, batch positions and loaders', async () => {
    const texts = [...SPAM, INSULT, ...CLEAN].map(normaliseText);
    const a = await signals.scoreBatch(texts);
    const b = await signals.scoreBatch([...texts].reverse());
    const other = await loadModelSignals({ modelsDir: ARTIFACTS, router: 'banking77' });
    const c = await other.scoreBatch(texts);
    expect(b.reverse()).toEqual(a);
    expect(c).toEqual(a);
  });

  it('agrees with the plain-TypeScript engine', async () => {
    const js = await loadModelSignals({ modelsDir: MODELS_DIR, router: 'banking77', engine: 'js' });
    expect(js.engine).toBe('js');
    const texts = [...SPAM, INSULT, ...CLEAN].map(normaliseText);
    const [a, b] = [await signals.scoreBatch(texts), await js.scoreBatch(texts)];
    a.forEach((x, i) => {
      for (const [k, v] of Object.entries(x.scores)) expect(v).toBeCloseTo(b[i]!.scores[k as keyof typeof x.scores]!, 5);
      expect(x.topic?.label).toBe(b[i]!.topic?.label);
    });
  });

  it('explains high scores with tokens found in the normalised text', async () => {
    const text = normaliseText(SPAM[0]!);
    const [r] = await signals.scoreBatch([text]);
    const e = r!.explanations.find((x) => x.category === 'spam');
    expect(e?.source).toBe('spam-lr@1.0.0');
    expect(e!.spans.length).toBeGreaterThan(0);
    for (const s of e!.spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    // only categories at or above 0.5 are explained
    for (const x of r!.explanations) expect(r!.scores[x.category]!).toBeGreaterThanOrEqual(0.5);
  });

  it('handles an empty batch and empty texts', async () => {
    expect(await signals.scoreBatch([])).toEqual([]);
    const [r] = await signals.scoreBatch(['']);
    expect(r!.scores.spam).toBeGreaterThanOrEqual(0);
    expect(r!.explanations.filter((e) => e.spans.length > 0)).toEqual([]);
  });

  it('runs a shadow version next to the live one without changing live scores', async () => {
    const shadowed = await loadModelSignals({ modelsDir: MODELS_DIR, shadow: { spam: '1.0.0' } });
    const live = await loadModelSignals({ modelsDir: MODELS_DIR });
    const texts = [...SPAM, ...CLEAN].map(normaliseText);
    const [a, b] = [await shadowed.scoreBatch(texts), await live.scoreBatch(texts)];
    expect(shadowed.shadowVersions.spam).toBe('1.0.0');
    a.forEach((x, i) => {
      expect(x.scores).toEqual(b[i]!.scores);
      expect(x.shadowScores).toEqual(b[i]!.scores); // same version in shadow: same numbers
    });
    expect(b[0]!.shadowScores).toBeUndefined();
  });

  it('rejects unknown routers, models and versions', async () => {
    await expect(loadModelSignals({ modelsDir: MODELS_DIR, shadow: { spam: '9.9.9' } })).rejects.toThrow(/no version 9.9.9/);
    await expect(loadModelSignals({ modelsDir: MODELS_DIR, live: { nope: '1.0.0' } })).rejects.toThrow(/not loaded/);
    await expect(loadModelSignals({ modelsDir: join(MODELS_DIR, 'cards') })).rejects.toThrow(/no manifest/);
  });
});

describe('artifacts', () => {
  it('refuses a file whose sha256 does not match the manifest', async () => {
    const manifest = await readManifest(ARTIFACTS);
    const entry = manifest.models['spam']!;
    const files = { ...entry.versions['1.0.0']!.files, 'weights.bin': '0'.repeat(64) };
    const tampered = { ...manifest, models: { ...manifest.models, spam: { live: '1.0.0', versions: { '1.0.0': { files } } } } };
    await expect(readArtifact(ARTIFACTS, tampered, 'spam', '1.0.0')).rejects.toThrow(/sha256/);
  });

  it('round-trips int8 weights within half a quantisation step', async () => {
    const manifest = await readManifest(ARTIFACTS);
    const { header } = await readArtifact(ARTIFACTS, manifest, 'hate', '1.0.0');
    const w = Float32Array.from({ length: 5 * 3 }, (_, k) => Math.sin(k) * (k % 3 === 0 ? 10 : 0.5));
    const buckets = Uint32Array.from([3, 17, 200, 4096, 9000]);
    const { bytes, scales } = encodeWeights(buckets, w, 3, 'int8');
    const h: ArtifactHeader = { ...header, weights: { ...header.weights, rows: 5, scales } };
    const d = decodeWeights(bytes, h);
    expect(Array.from(d.buckets)).toEqual(Array.from(buckets));
    d.weights.forEach((v, k) => expect(Math.abs(v - w[k]!)).toBeLessThanOrEqual(scales[k % 3]! / 2 + 1e-6));
    expect(() => decodeWeights(bytes.subarray(0, bytes.length - 1), h)).toThrow(/bytes/);
  });
});
