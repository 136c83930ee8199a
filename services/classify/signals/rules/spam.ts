// Heuristic spam evidence. The trained spam model is the primary signal; these features are the
// fallback when no model is loaded and a floor when they are strong (a premium-rate shortcode plus a
// prize claim is spam whatever a model says). Weights are deliberately conservative: one weak feature
// never reaches 0.5 on its own.
//
// Every feature is monotonic under appending text (counts, presence, or a maximum over windows, never
// a whole-post ratio), so padding a spam post with harmless words cannot dilute its score.

import type { Span } from '../types';
import { type MappedText, cleanWithMap } from '../text/normalise';
import { combineEvidence, matchMapped } from './rule-hit';

export type SpamFeatureId =
  | 'spam.link_density'
  | 'spam.url_shortener'
  | 'spam.money_prize'
  | 'spam.shortcode_call_to_action'
  | 'spam.crypto_scheme'
  | 'spam.urgency'
  | 'spam.all_caps'
  | 'spam.repeated_characters';

export interface SpamFeature {
  id: SpamFeatureId;
  weight: number;
  spans: Span[];
}

export interface SpamHeuristics {
  /** Noisy-or of the fired features' weights, in [0, 1]. */
  score: number;
  /** True when the heuristics alone are convincing enough to override a lower model score. */
  strong: boolean;
  features: SpamFeature[];
}

export const STRONG_SPAM_HEURISTIC = 0.7;

// A bare domain may only start where a dotted chain starts: otherwise every label of "a.a.a.…" is a
// fresh start and the scan turns quadratic.
const URL = /\bhttps?:\/\/[^\s<>"']+|\bwww\.[^\s<>"']+|(?<![\w.-])(?:[a-z0-9-]+\.)+(?:com|net|org|io|ly|xyz|top|info|biz|ru|cn|link|click|shop|site|online|me|gd|gl|cc|us|tk)\b(?:\/[^\s<>"']*)?/gi;
const SHORTENER = /\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rebrand\.ly|shorturl\.at|tiny\.cc|rb\.gy|t\.ly|s\.id|v\.gd|bl\.ink|shorte\.st|adf\.ly)\/[^\s<>"']+/gi;

const CURRENCY_AMOUNT = String.raw`(?:[£$€]\s?\d[\d,.]*(?:\s?[km]\b)?|\d[\d,.]*\s?(?:k\s)?(?:pounds|dollars|euros|usd|gbp|eur)\b)`;
const MONEY_PRIZE = [
  new RegExp(String.raw`\b(?:win|won|winner|claim|prize|reward|cash|free|earn|get)\b\W{0,3}(?:a\s+|up\s+to\s+)?${CURRENCY_AMOUNT}`, 'gi'),
  /\bclaim (?:your|ur|the|a) (?:free )?(?:prize|reward|gift|voucher|cash|bonus|winnings|refund)\b/gi,
  /\bfree (?:entry|gift|iphone|ipad|voucher|tickets?|money|cash|bitcoin|crypto|spins?)\b/gi,
  /\byou(?:'ve| have)? (?:been selected|been chosen|won)\b/gi,
  /\bcongratulations?\b[^.!?\n]{0,40}\b(?:won|winner|selected|prize)\b/gi,
];
const SHORTCODE = /\b(?:text|txt|sms|reply|send)\s+["']?[A-Za-z0-9]{2,12}["']?\s+(?:to|2)\s+\d{4,6}\b/gi;
const CRYPTO_ASSET = /\b(?:bitcoin|btc|crypto(?:currency)?|ethereum|eth|usdt|forex|nft|binary options?|trading signals?)\b/gi;
const CRYPTO_PROMISE = /\b(?:invest(?:ment|ing)?|double|profits?|returns?|guaranteed|earn(?:ings)?|mining|roi|giveaway|account manager)\b/gi;
const MONEY_SCHEME = /\bdouble your (?:money|bitcoin|btc|crypto|investment)\b|\bearn \$?£?€?\d[\d,]*\s?(?:a|per|\/) ?(?:day|week|hour)\b|\bpassive income\b|\bwork from home\b/gi;
const URGENCY = /\b(?:act now|limited time(?: offer)?|expires? (?:today|tonight|soon)|don'?t miss (?:out|this)|click (?:here|the link|below)|100% free|risk[- ]free|guaranteed (?:income|profit|results)|order now|buy now)\b/gi;
const REPEATED = /(.)\1{5,}|[!?$]{4,}/g;
const SENTENCE = /[^\s.!?][^.!?\n]*/g;

// Cheap gates in front of the costlier pattern groups; most posts fail all of them.
const MAY_HAVE_URL = /\.|:\/\//;
const MAY_HAVE_MONEY_PRIZE = /win|won|claim|prize|reward|cash|free|earn|get|selected|chosen|congrat/i;
const MAY_HAVE_SCHEME = /bitcoin|btc|crypto|eth|usdt|forex|nft|binary|trading|double|earn|passive|work from home/i;
const MAY_HAVE_URGENCY = /now|limited|expire|miss|click|free|risk|guarant/i;

const WINDOW_WORDS = 20;
const WORD = /\S+/g;
const NON_LETTERS = /[^\p{L}]/gu;
const NON_UPPER = /[^\p{Lu}]/gu;

const CAPITAL = /\p{Lu}/gu;
const MIN_SHOUTING_CAPITALS = 11;

/** Whether `text` holds at least `n` upper-case letters (stops counting at n). */
function hasCapitals(text: string, n: number): boolean {
  CAPITAL.lastIndex = 0;
  let found = 0;
  while (found < n && CAPITAL.exec(text) !== null) found += 1;
  return found >= n;
}

/** Spans in order, without any that sit inside another (e.g. "double" inside "double your money"). */
function outermost(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || span.start >= last.end) kept.push(span);
  }
  return kept;
}

function spansOf(original: string, clean: MappedText, patterns: readonly RegExp[], gate?: RegExp): Span[] {
  if (gate !== undefined && !gate.test(clean.text)) return [];
  return outermost(patterns.flatMap((p) => matchMapped(original, clean, p).map((m) => m.span)));
}

/** Weight for the busiest 20-word window: 2 links 0.25, 3 links 0.4, 4 or more 0.55. */
function linkDensityWeight(clean: MappedText, urlStarts: readonly number[]): number {
  if (urlStarts.length < 2) return 0; // no window can hold two links
  const wordStarts = Array.from(clean.text.matchAll(WORD), (m) => m.index);
  let busiest = 0;
  let first = 0; // first URL inside the window
  let past = 0; // first URL after the window
  for (let w = 0; w < wordStarts.length; w++) {
    const from = wordStarts[w] ?? 0;
    const to = wordStarts[w + WINDOW_WORDS] ?? Number.POSITIVE_INFINITY;
    while (first < urlStarts.length && (urlStarts[first] ?? 0) < from) first++;
    past = Math.max(past, first);
    while (past < urlStarts.length && (urlStarts[past] ?? 0) < to) past++;
    busiest = Math.max(busiest, past - first);
  }
  if (busiest < 2) return 0;
  return busiest >= 4 ? 0.55 : busiest === 3 ? 0.4 : 0.25;
}

/** Shouting: the most upper-case sentence with at least 15 letters, if 70% or more of them are capitals. */
function allCapsSpans(original: string, clean: MappedText): Span[] {
  // A shouting sentence needs at least 11 capitals (70% of 15 letters); most posts have fewer in all.
  if (!hasCapitals(clean.text, MIN_SHOUTING_CAPITALS)) return [];
  return matchMapped(original, clean, SENTENCE)
    .filter(({ match }) => {
      const letters = match[0].replace(NON_LETTERS, '');
      const upper = letters.replace(NON_UPPER, '');
      return letters.length >= 15 && upper.length / letters.length >= 0.7;
    })
    .map((m) => m.span);
}

/** Spam heuristics for one post. Pure and deterministic. */
export function detectSpamHeuristics(text: string, clean: MappedText = cleanWithMap(text)): SpamHeuristics {
  const features: SpamFeature[] = [];
  const add = (id: SpamFeatureId, weight: number, spans: Span[]): void => {
    if (weight > 0 && spans.length > 0) features.push({ id, weight, spans });
  };

  const urls = MAY_HAVE_URL.test(clean.text) ? matchMapped(text, clean, URL) : [];
  add('spam.link_density', linkDensityWeight(clean, urls.map((u) => u.match.index)), urls.map((u) => u.span));
  add('spam.url_shortener', 0.35, spansOf(text, clean, [SHORTENER], /\//));
  add('spam.money_prize', 0.45, spansOf(text, clean, MONEY_PRIZE, MAY_HAVE_MONEY_PRIZE));
  add('spam.shortcode_call_to_action', 0.5, spansOf(text, clean, [SHORTCODE], /\d{4}/));
  const assets = spansOf(text, clean, [CRYPTO_ASSET], MAY_HAVE_SCHEME);
  const promises = assets.length > 0 ? spansOf(text, clean, [CRYPTO_PROMISE]) : [];
  const schemes = spansOf(text, clean, [MONEY_SCHEME], MAY_HAVE_SCHEME);
  const cryptoSpans = [...(promises.length > 0 ? assets : []), ...(assets.length > 0 ? promises : []), ...schemes];
  // An asset plus a promise is a pitch; a pitch that also names a classic scheme is almost surely spam.
  const pitched = assets.length > 0 && promises.length > 0;
  add('spam.crypto_scheme', pitched && schemes.length > 0 ? 0.6 : 0.45, outermost(cryptoSpans));
  add('spam.urgency', 0.2, spansOf(text, clean, [URGENCY], MAY_HAVE_URGENCY));
  add('spam.all_caps', 0.2, allCapsSpans(text, clean));
  add('spam.repeated_characters', 0.1, spansOf(text, clean, [REPEATED]));

  const score = combineEvidence(features.map((f) => f.weight));
  return { score, strong: score >= STRONG_SPAM_HEURISTIC, features };
}
