// Hashed text features shared by training (models/train) and serving (this folder), so both see
// exactly the same vector for the same text. Input is text already passed through `normaliseText`
// (services/classify/signals/text/normalise.ts); the featuriser itself does no case folding.
//
// Features, each hashed (FNV-1a over UTF-16 code units, finalised with murmur3's fmix32) into
// `buckets` slots (a power of two):
//   - word unigrams and bigrams (tokens = runs of letters/digits, with an inner apostrophe allowed);
//   - character n-grams (default 3..5) over the text with whitespace runs collapsed to one space and a
//     space added at both ends, so word boundaries are part of the grams.
// Weighting: sublinear term frequency (1 + ln tf); the word block and the char block are each
// L2-normalised and scaled by `wordWeight` / sqrt(1 - wordWeight^2), so the whole vector has norm 1
// when both blocks are non-empty. Word and char features may hash to the same bucket; the output
// merges them (indices are unique, in first-seen order).
//
// The algorithm is versioned (`FEATURISER_ALGO`); an artifact records the algorithm version and
// config it was trained with, and the loader refuses a mismatch.

import { BucketTable } from './bucket-table';

export const FEATURISER_ALGO = 1 as const;

export interface FeaturiserConfig {
  algo: typeof FEATURISER_ALGO;
  /** Number of hash buckets; a power of two. */
  buckets: number;
  /** Inclusive word n-gram range, e.g. [1, 2]; null disables word features. */
  wordNgrams: [number, number] | null;
  /** Inclusive char n-gram range, e.g. [3, 5]; null disables char features. */
  charNgrams: [number, number] | null;
  /** Text beyond this many UTF-16 units is ignored (bounds cost on very long posts). */
  maxChars: number;
  /** Share of the vector norm given to the word block (0..1); the char block gets the rest. */
  wordWeight: number;
  /**
   * Number shapes: char grams see every digit as "0" ("£1000" and "£5000" share grams), and each
   * word token containing a digit also emits its shape as an extra unigram ("09061701461" ->
   * "00000000000"), so unseen phone numbers and prices still count. The raw token is kept too.
   */
  foldDigits: boolean;
}

export const DEFAULT_FEATURISER: Readonly<FeaturiserConfig> = {
  algo: FEATURISER_ALGO,
  buckets: 1 << 18,
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  maxChars: 2000,
  wordWeight: Math.SQRT1_2,
  foldDigits: true,
};

/** A sparse vector: parallel arrays of bucket indices (unique) and values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** A word token of the (normalised) text with its UTF-16 offsets into that text. */
export interface Token {
  text: string;
  start: number;
  end: number;
  hash: number;
  /** Hash of the digit-folded token when it contains a digit, else -1. */
  shape: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Distinct seeds so a unigram, a bigram and a char gram with equal text land in different buckets.
const SEED_WORD = FNV_OFFSET;
const SEED_CHAR = 0x9747b28c;
const SEED_SHAPE = 0x2f6b1d3a;
const BIGRAM_MIX = 0x9e3779b1;

/** murmur3 fmix32: spreads the low-entropy FNV state over all 32 bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a (32-bit) of a string's UTF-16 code units, from `seed`. */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function isWordCode(code: number, text: string, i: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 95;
  }
  if (code >= 0xd800 && code <= 0xdbff) return NON_ASCII_WORD.test(text.slice(i, i + 2));
  if (code >= 0xdc00 && code <= 0xdfff) return NON_ASCII_WORD.test(text.slice(i - 1, i + 1));
  return NON_ASCII_WORD.test(text[i] ?? '');
}

/**
 * Walks the word tokens of `text` (already normalised) in order, calling `visit` with each token's
 * offsets, unigram hash state and digit-shape hash (-1 when the token has no digit). The one scanner
 * behind `tokenise` (explanations) and the featuriser's hot path (which needs no Token objects).
 */
export function scanWords(text: string, maxChars: number, visit: (start: number, end: number, hash: number, shape: number) => void): void {
  const n = Math.min(text.length, maxChars);
  let i = 0;
  while (i < n) {
    if (!isWordCode(text.charCodeAt(i), text, i)) {
      i++;
      continue;
    }
    const start = i;
    let h = SEED_WORD;
    let sh = SEED_SHAPE;
    let digits = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWordCode(c, text, i)) {
        h = Math.imul(h ^ c, FNV_PRIME);
        const isDigit = c >= 48 && c <= 57;
        digits ||= isDigit;
        sh = Math.imul(sh ^ (isDigit ? 48 : c), FNV_PRIME);
        i++;
      } else if ((c === 39 || c === 0x2019) && i + 1 < n && isWordCode(text.charCodeAt(i + 1), text, i + 1)) {
        h = Math.imul(h ^ 39, FNV_PRIME); // curly and straight apostrophes hash alike
        sh = Math.imul(sh ^ 39, FNV_PRIME);
        i++;
      } else break;
    }
    visit(start, i, h >>> 0, digits ? fmix32(sh >>> 0) : -1);
  }
}

/** Word tokens of `text` (already normalised), in order, with offsets and unigram hash state. */
export function tokenise(text: string, maxChars: number = Number.POSITIVE_INFINITY): Token[] {
  const out: Token[] = [];
  scanWords(text, maxChars, (start, end, hash, shape) => out.push({ text: text.slice(start, end), start, end, hash, shape }));
  return out;
}

/** Bucket of a word n-gram given its tokens' unigram hashes (exported for explanations). */
export function wordGramHash(hashes: readonly number[]): number {
  let h = hashes[0] ?? 0;
  for (let k = 1; k < hashes.length; k++) h = (Math.imul(h, BIGRAM_MIX) ^ (hashes[k] ?? 0)) >>> 0;
  return fmix32((h ^ hashes.length) >>> 0);
}

/** The char-gram source string: whitespace runs collapsed, space-padded, capped, digits folded. */
export function charGramText(text: string, maxChars: number, foldDigits: boolean): string {
  const capped = text.length > maxChars ? text.slice(0, maxChars) : text;
  const collapsed = capped.replace(/\s+/g, ' ').trim();
  return ` ${foldDigits ? collapsed.replace(/[0-9]/g, '0') : collapsed} `;
}

/**
 * A reusable featuriser. Not re-entrant (it owns scratch buffers); make one per worker.
 * `featurise` is the hot path: no per-gram allocation.
 */
export class Featuriser {
  readonly config: Readonly<FeaturiserConfig>;
  private readonly mask: number;
  /** The current block's gram counts, in first-seen order. */
  private readonly counts = new BucketTable();
  /** Both blocks' weighted values, in first-seen order (word buckets first). */
  private readonly merged = new BucketTable();
  /** The current text's token unigram hashes and digit-shape hashes (-1: none), reused. */
  private tokenHashes: Float64Array = new Float64Array(256);
  private tokenShapes: Float64Array = new Float64Array(256);

  constructor(config: Readonly<FeaturiserConfig> = DEFAULT_FEATURISER) {
    validateConfig(config);
    this.config = config;
    this.mask = config.buckets - 1;
  }

  private bump(bucket: number): void {
    this.counts.increment(bucket, 65535);
  }

  /** Sublinear-TF, L2-normalise the counted block with weight `blockWeight`, merge, reset counts. */
  private flushBlock(blockWeight: number): void {
    const counts = this.counts;
    const n = counts.size;
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      const v = sublinear(counts.valueAt(k));
      sumSq += v * v;
    }
    const scale = sumSq > 0 ? blockWeight / Math.sqrt(sumSq) : 0;
    for (let k = 0; k < n; k++) this.merged.add(counts.bucketAt(k), sublinear(counts.valueAt(k)) * scale);
    counts.clear();
  }

  /** Word block: n-grams in [lo, hi] over tokens; bucket = fmix32 of the combined token hashes. */
  private countWords(normalised: string, lo: number, hi: number): void {
    const mask = this.mask;
    let count = 0;
    scanWords(normalised, this.config.maxChars, (_start, _end, hash, shape) => {
      if (count === this.tokenHashes.length) {
        this.tokenHashes = growFloat(this.tokenHashes);
        this.tokenShapes = growFloat(this.tokenShapes);
      }
      this.tokenHashes[count] = hash;
      this.tokenShapes[count] = shape;
      count += 1;
    });
    const hashes = this.tokenHashes;
    const shapes = this.config.foldDigits;
    const gram: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = hashes[i]!;
      if (lo === 1) this.bump(fmix32((t0 ^ 1) >>> 0) & mask); // == wordGramHash([t0])
      const shape = this.tokenShapes[i]!;
      if (shapes && shape >= 0) this.bump(shape & mask);
      for (let n = Math.max(lo, 2); n <= hi; n++) {
        if (i + n > count) break;
        gram.length = 0;
        for (let k = 0; k < n; k++) gram.push(hashes[i + k]!);
        this.bump(wordGramHash(gram) & mask);
      }
    }
  }

  /** Char block: for each start, FNV-1a extended one unit at a time, emitting lengths lo..hi. */
  private countChars(padded: string, lo: number, hi: number): void {
    const mask = this.mask;
    const n = padded.length;
    for (let i = 0; i + lo <= n; i++) {
      let h = SEED_CHAR;
      const last = Math.min(hi, n - i);
      for (let k = 0; k < last; k++) {
        h = Math.imul(h ^ padded.charCodeAt(i + k), FNV_PRIME);
        if (k + 1 >= lo) this.bump(fmix32(h >>> 0) & mask);
      }
    }
  }

  /** Featurise one normalised text. */
  featurise(normalised: string): SparseVector {
    const cfg = this.config;
    const wordShare = cfg.charNgrams ? cfg.wordWeight : 1;
    const charShare = cfg.wordNgrams ? Math.sqrt(Math.max(0, 1 - cfg.wordWeight * cfg.wordWeight)) : 1;
    if (cfg.wordNgrams) {
      this.countWords(normalised, cfg.wordNgrams[0], cfg.wordNgrams[1]);
      this.flushBlock(wordShare);
    }
    if (cfg.charNgrams) {
      this.countChars(charGramText(normalised, cfg.maxChars, cfg.foldDigits), cfg.charNgrams[0], cfg.charNgrams[1]);
      this.flushBlock(charShare);
    }
    const merged = this.merged;
    const indices = new Int32Array(merged.size);
    const values = new Float32Array(merged.size);
    for (let k = 0; k < merged.size; k++) {
      indices[k] = merged.bucketAt(k);
      values[k] = merged.valueAt(k);
    }
    merged.clear();
    return { indices, values };
  }

  /**
   * Buckets of each word n-gram and char gram with where they come from, for explanations (not the
   * hot path). Char-gram offsets are mapped back to the normalised text approximately (whitespace
   * collapsing shifts them); callers only use them to attribute a gram to the words it overlaps.
   */
  grams(normalised: string): Grams {
    const cfg = this.config;
    const words = tokenise(normalised, cfg.maxChars);
    const wb: number[] = [];
    const wf: number[] = [];
    const wl: number[] = [];
    if (cfg.wordNgrams) {
      const [lo, hi] = cfg.wordNgrams;
      for (let i = 0; i < words.length; i++) {
        const shape = words[i]!.shape;
        if (cfg.foldDigits && shape >= 0) {
          wb.push(shape & this.mask);
          wf.push(i);
          wl.push(i);
        }
        for (let n = lo; n <= hi && i + n <= words.length; n++) {
          const hs: number[] = [];
          for (let k = 0; k < n; k++) hs.push(words[i + k]!.hash);
          wb.push(wordGramHash(hs) & this.mask);
          wf.push(i);
          wl.push(i + n - 1);
        }
      }
    }
    const cb: number[] = [];
    const cs: number[] = [];
    const ce: number[] = [];
    if (cfg.charNgrams) {
      const [lo, hi] = cfg.charNgrams;
      const padded = charGramText(normalised, cfg.maxChars, cfg.foldDigits);
      const offsets = collapsedOffsets(normalised, cfg.maxChars);
      const lastOffset = offsets.length - 1;
      for (let i = 0; i + lo <= padded.length; i++) {
        let h = SEED_CHAR;
        const last = Math.min(hi, padded.length - i);
        const s = offsets[Math.max(0, Math.min(lastOffset, i - 1))] ?? 0;
        for (let k = 0; k < last; k++) {
          h = Math.imul(h ^ padded.charCodeAt(i + k), FNV_PRIME);
          if (k + 1 >= lo) {
            cb.push(fmix32(h >>> 0) & this.mask);
            cs.push(s);
            ce.push((offsets[Math.max(0, Math.min(lastOffset, i + k - 1))] ?? s) + 1);
          }
        }
      }
    }
    return {
      words,
      wordGrams: { bucket: Int32Array.from(wb), first: Int32Array.from(wf), last: Int32Array.from(wl) },
      charGrams: { bucket: Int32Array.from(cb), start: Int32Array.from(cs), end: Int32Array.from(ce) },
    };
  }
}

/** Every gram of a text with its provenance (see Featuriser.grams). Char grams are in start order. */
export interface Grams {
  words: Token[];
  wordGrams: { bucket: Int32Array; first: Int32Array; last: Int32Array };
  charGrams: { bucket: Int32Array; start: Int32Array; end: Int32Array };
}

/** For each char of the collapsed/trimmed text (without padding), its offset in the original. */
function collapsedOffsets(text: string, maxChars: number): Int32Array {
  const n = Math.min(text.length, maxChars);
  const out = new Int32Array(n);
  let len = 0;
  let inSpace = true; // leading whitespace is trimmed
  let pendingSpace = -1;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && WHITESPACE.test(text[i]!))) {
      if (!inSpace) pendingSpace = i;
      inSpace = true;
      continue;
    }
    if (pendingSpace >= 0) {
      out[len++] = pendingSpace;
      pendingSpace = -1;
    }
    inSpace = false;
    out[len++] = i;
  }
  return out.subarray(0, len);
}

const WHITESPACE = /\s/;

/** 1 + ln(tf), from a table for the common small counts (identical values: the table is Math.log). */
const SUBLINEAR = Float64Array.from({ length: 64 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));
function sublinear(count: number): number {
  return count < 64 ? SUBLINEAR[count]! : 1 + Math.log(count);
}

function growFloat(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

export function validateConfig(c: Readonly<FeaturiserConfig>): void {
  if ((c.algo as number) !== FEATURISER_ALGO) throw new RangeError(`featuriser algo ${c.algo} is not supported (this code implements ${FEATURISER_ALGO})`);
  if (!Number.isInteger(Math.log2(c.buckets)) || c.buckets < 2 || c.buckets > 1 << 24) throw new RangeError(`featuriser buckets must be a power of two ≤ 2^24, got ${c.buckets}`);
  if (!c.wordNgrams && !c.charNgrams) throw new RangeError('featuriser needs word or char n-grams');
  for (const r of [c.wordNgrams, c.charNgrams]) {
    if (r && (r[0] < 1 || r[1] < r[0] || r[1] > 8)) throw new RangeError(`bad n-gram range ${JSON.stringify(r)}`);
  }
  if (!(c.wordWeight > 0 && c.wordWeight < 1)) throw new RangeError('wordWeight must be in (0, 1)');
  if (!(c.maxChars > 0)) throw new RangeError('maxChars must be positive');
}

/** A stable key for a config, so callers can featurise once per distinct config. */
export function configKey(c: Readonly<FeaturiserConfig>): string {
  return JSON.stringify([c.algo, c.buckets, c.wordNgrams, c.charNgrams, c.maxChars, c.wordWeight, c.foldDigits]);
}
