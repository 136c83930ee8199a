// What every rule family reports: which rule fired, how sure it is, and where in the original text.

import type { Span } from '../types';
import { type MappedText, mapSpan } from '../text/normalise';

export interface RuleHit {
  /** Stable rule id, e.g. `pii.iban`, `legal.citation`, `lexicon.threat`. */
  ruleId: string;
  /** Confidence in [0, 1] that the text belongs to the rule's category. */
  score: number;
  /** Ranges in the ORIGINAL text. */
  spans: Span[];
  detail?: string;
}

export interface MappedMatch {
  /** The match in the derived text, with capture groups. */
  match: RegExpExecArray;
  /** The same range in the original text. */
  span: Span;
}

/** Runs a global regex over a derived text and maps each match back to the original. */
export function matchMapped(original: string, mapped: MappedText, pattern: RegExp): MappedMatch[] {
  if (!pattern.global) throw new TypeError(`pattern ${pattern.source} must be global`);
  const out: MappedMatch[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(mapped.text); match !== null; match = pattern.exec(mapped.text)) {
    if (match[0].length === 0) {
      pattern.lastIndex += 1;
      continue;
    }
    out.push({ match, span: mapSpan(original, mapped, match.index, match.index + match[0].length) });
  }
  return out;
}

/** Noisy-or: independent pieces of evidence add up without ever exceeding 1. */
export function combineEvidence(weights: readonly number[]): number {
  let disbelief = 1;
  for (const w of weights) disbelief *= 1 - Math.min(1, Math.max(0, w));
  return 1 - disbelief;
}


/**
 * Keeps items, in the order given (best first), whose span does not overlap one already kept. Marks
 * claimed offsets in a bitmap, so thousands of candidates in a hostile post stay linear.
 */
export function keepNonOverlapping<T>(ranked: readonly T[], spanOf: (item: T) => Span, textLength: number): T[] {
  const claimed = new Uint8Array(textLength + 1);
  const kept: T[] = [];
  for (const item of ranked) {
    const { start, end } = spanOf(item);
    if (claimed.subarray(start, end).includes(1)) continue;
    claimed.fill(1, start, Math.max(start + 1, end));
    kept.push(item);
  }
  return kept;
}
