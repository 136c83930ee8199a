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
import type { LinearModel } from './linear';

export interface TokenContribution {
  text: string;
  start: number;
  end: number;
  weight: number;
}

/**
 * Scratch space (bucket -> value, bucket -> occurrences), reused across calls; one per scorer. A
 * post's vector and grams are loaded once and then explain any number of outputs (the toxicity
 * model alone often explains three categories of one post), then unloaded.
 */
export class ExplainScratch {
  readonly value: Float64Array;
  readonly occurrences: Int32Array;
  constructor(buckets: number) {
    this.value = new Float64Array(buckets);
    this.occurrences = new Int32Array(buckets);
  }

  load(grams: Grams, x: SparseVector): void {
    const { value, occurrences } = this;
    for (let i = 0; i < x.indices.length; i++) value[x.indices[i]!] = x.values[i]!;
    // A bucket's value is shared by all its occurrences (tf counts and hash collisions).
    for (const b of grams.wordGrams.bucket) occurrences[b]!++;
    for (const b of grams.charGrams.bucket) occurrences[b]!++;
  }

  unload(grams: Grams, x: SparseVector): void {
    const { value, occurrences } = this;
    for (let i = 0; i < x.indices.length; i++) value[x.indices[i]!] = 0;
    for (const b of grams.wordGrams.bucket) occurrences[b] = 0;
    for (const b of grams.charGrams.bucket) occurrences[b] = 0;
  }
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
  const { value, occurrences } = scratch;
  const per = (bucket: number): number => (value[bucket]! / Math.max(1, occurrences[bucket]!)) * model.contribution(bucket, output);

  const score = new Float64Array(words.length);
  for (let g = 0; g < wordGrams.bucket.length; g++) {
    const first = wordGrams.first[g]!;
    const last = wordGrams.last[g]!;
    const c = per(wordGrams.bucket[g]!) / (last - first + 1);
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
    const c = per(charGrams.bucket[g]!) / (hi - lo);
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
