// Token-level explanations for a linear model's score: which words pushed an output up.
//
// Each feature's contribution is value * weight (for softmax models, the weight relative to the
// mean over classes). A word n-gram's contribution is shared equally by its words; a char gram's by
// the words it overlaps. Words are ranked by total contribution; adjacent top words are merged into
// one span (a word n-gram). Offsets are into the NORMALISED text the classifier was given, not the
// original post: normalisation (NFKC, zero-width removal) can shift them, so they are approximate
// with respect to the original text.
import type { Span } from '../types';
import type { Grams, SparseVector } from './featurise';
import { BucketTable } from './bucket-table';
import type { LinearModel } from './linear';

export interface TokenContribution {
  text: string;
  start: number;
  end: number;
  weight: number;
}

/**
 * Scratch space for explanations, one per scorer. `load` turns a post's vector and grams into each
 * gram's share of its bucket's value (a bucket's value is shared by all its occurrences: tf counts
 * and hash collisions), once per post; any number of outputs are then explained from the shares (the
 * toxicity model alone often explains three categories of one post). Each model's weight row per
 * gram is looked up once per post too.
 */
export class ExplainScratch {
  /** The loaded post's feature values and gram occurrences per bucket (small tables, not 2^18 arrays). */
  private readonly value = new BucketTable();
  private readonly occurrences = new BucketTable();
  /** value / occurrences for each word gram and each char gram of the loaded post. */
  wordShare: Float64Array = new Float64Array(256);
  charShare: Float64Array = new Float64Array(1024);
  private rows = new Map<LinearModel, { word: Int32Array; char: Int32Array }>();
  private grams: Grams | null = null;

  /** `_buckets`: the featuriser's bucket count (kept for callers; the tables size themselves). */
  constructor(_buckets: number) {}

  load(grams: Grams, x: SparseVector): void {
    const { value, occurrences } = this;
    const wb = grams.wordGrams.bucket;
    const cb = grams.charGrams.bucket;
    for (let i = 0; i < x.indices.length; i++) value.add(x.indices[i]!, x.values[i]!);
    for (const b of wb) occurrences.increment(b, Number.POSITIVE_INFINITY);
    for (const b of cb) occurrences.increment(b, Number.POSITIVE_INFINITY);
    if (this.wordShare.length < wb.length) this.wordShare = new Float64Array(wb.length * 2);
    if (this.charShare.length < cb.length) this.charShare = new Float64Array(cb.length * 2);
    for (let g = 0; g < wb.length; g++) this.wordShare[g] = value.get(wb[g]!) / Math.max(1, occurrences.get(wb[g]!));
    for (let g = 0; g < cb.length; g++) this.charShare[g] = value.get(cb[g]!) / Math.max(1, occurrences.get(cb[g]!));
    value.clear();
    occurrences.clear();
    this.rows.clear();
    this.grams = grams;
  }

  /** Forgets the loaded post (the tables are already clean after `load`). */
  unload(_grams: Grams, _x: SparseVector): void {
    this.rows.clear();
    this.grams = null;
  }

  /** `model`'s weight row for every word and char gram of the loaded post (-1: none). */
  rowsFor(model: LinearModel): { word: Int32Array; char: Int32Array } {
    let r = this.rows.get(model);
    if (!r) {
      const grams = this.grams;
      if (!grams) throw new RangeError('ExplainScratch.rowsFor: no post loaded');
      r = { word: rowsOf(model, grams.wordGrams.bucket), char: rowsOf(model, grams.charGrams.bucket) };
      this.rows.set(model, r);
    }
    return r;
  }
}

/** A plain loop: TypedArray#map with a callback is several times slower in V8. */
function rowsOf(model: LinearModel, buckets: Int32Array): Int32Array {
  const rows = new Int32Array(buckets.length);
  const rowOf = model.rowOf;
  for (let g = 0; g < buckets.length; g++) rows[g] = rowOf[buckets[g]!]!;
  return rows;
}

export function topTokens(model: LinearModel, grams: Grams, text: string, x: SparseVector, output: number, scratch: ExplainScratch, k = 3): TokenContribution[] {
  if (grams.words.length === 0) return [];
  scratch.load(grams, x);
  try {
    return topTokensLoaded(model, grams, text, output, scratch, k);
  } finally {
    scratch.unload(grams, x);
  }
}

/** `topTokens` for a post whose vector and grams are already loaded into `scratch`. */
export function topTokensLoaded(model: LinearModel, grams: Grams, text: string, output: number, scratch: ExplainScratch, k = 3): TokenContribution[] {
  const { words, wordGrams, charGrams } = grams;
  if (words.length === 0) return [];
  const { wordShare, charShare } = scratch;
  const rows = scratch.rowsFor(model);

  const score = new Float64Array(words.length);
  for (let g = 0; g < wordGrams.bucket.length; g++) {
    const first = wordGrams.first[g]!;
    const last = wordGrams.last[g]!;
    const c = (wordShare[g]! * model.contributionAtRow(rows.word[g]!, output)) / (last - first + 1);
    for (let w = first; w <= last; w++) score[w]! += c;
  }
  // Words and char grams are both in offset order: find the overlapping words with a moving pointer.
  let lo = 0;
  for (let g = 0; g < charGrams.bucket.length; g++) {
    const start = charGrams.start[g]!;
    const end = charGrams.end[g]!;
    while (lo < words.length && words[lo]!.end <= start) lo++;
    let hi = lo;
    while (hi < words.length && words[hi]!.start < end) hi++;
    if (hi === lo) continue;
    const c = (charShare[g]! * model.contributionAtRow(rows.char[g]!, output)) / (hi - lo);
    for (let w = lo; w < hi; w++) score[w]! += c;
  }
  // Best k words with distinct text (a repeated word is reported once, at its best occurrence).
  const seen = new Set<string>();
  const order = Array.from({ length: words.length }, (_, i) => i)
    .filter((i) => score[i]! > 0)
    .sort((a, b) => score[b]! - score[a]! || a - b)
    .filter((i) => {
      const t = words[i]!.text;
      if (seen.has(t)) return false;
      seen.add(t);
      return true;
    })
    .slice(0, k)
    .sort((a, b) => a - b);
  // Merge adjacent chosen words into one n-gram span.
  const out: TokenContribution[] = [];
  for (const i of order) {
    const w = words[i]!;
    const prev = out[out.length - 1];
    if (prev && i > 0 && order.includes(i - 1) && prev.end === words[i - 1]!.end) {
      prev.end = w.end;
      prev.text = text.slice(prev.start, w.end);
      prev.weight += score[i]!;
    } else out.push({ text: w.text, start: w.start, end: w.end, weight: score[i]! });
  }
  return out.sort((a, b) => b.weight - a.weight || a.start - b.start);
}

export function toSpans(tokens: readonly TokenContribution[]): Span[] {
  return tokens.map((t) => ({ start: t.start, end: t.end, text: t.text }));
}

export function describe(tokens: readonly TokenContribution[]): string {
  return `top tokens: ${tokens.map((t) => `"${t.text}" +${t.weight.toFixed(3)}`).join(', ')}`;
}
