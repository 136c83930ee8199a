// Evasion-resistant text normalisation, shared by rules and model featurisers so that training and
// serving see the same tokens. Order matters: NFKC first folds full-width and compatibility forms,
// then zero-width characters are removed, then homoglyphs and leetspeak are mapped to Latin letters.
//
// Every form is built together with a map back to the original offsets (see mapped-text.ts), so a
// rule can match on the normalised form and still point the reviewer at what the member wrote.
// Characters are folded one cluster (base + combining marks) at a time, which gives the same result as
// whole-string NFKC for everything except a few cross-cluster compositions (e.g. loose Hangul jamo).

import { HAS_LEET, decodeLeetUnits } from './leet';
import { type MappedText, MappedTextBuilder, identityMapped, removeUnits } from './mapped-text';

export type { MappedText } from './mapped-text';
export { mapSpan } from './mapped-text';

const ZERO_WIDTH = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u034F\u180E]/g;
const COMBINING_MARK = /\p{M}/u;
const COMBINING_MARKS = /\p{M}/gu;
const TRIPLED_LETTER = /([a-z])\1\1/;

// Cyrillic and Greek letters that render like Latin ones; spammers use them to dodge word filters.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', с: 'c', е: 'e', ё: 'e', н: 'h', і: 'i', ј: 'j', к: 'k', м: 'm', о: 'o', р: 'p',
  ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ɡ: 'g', ⅼ: 'l', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ν: 'v',
};

// Typographic quotes become ASCII so "I’m" and "I'm" are one token (NFKC leaves them alone).
const QUOTES: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u02BC': "'", '\u2032': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"',
};

interface FoldOptions {
  lowerCase: boolean;
  homoglyphs: boolean;
  stripMarks: boolean;
}

const CLEAN: FoldOptions = { lowerCase: false, homoglyphs: false, stripMarks: false };
const NORMAL: FoldOptions = { lowerCase: true, homoglyphs: true, stripMarks: false };
// Lexicons also drop diacritics ("fück"); models keep them, since they carry meaning in de/fr text.
const LEXICON: FoldOptions = { lowerCase: true, homoglyphs: true, stripMarks: true };

function foldCluster(cluster: string, options: FoldOptions): string {
  let folded = cluster.normalize('NFKC').replace(ZERO_WIDTH, '');
  if (options.lowerCase) folded = folded.toLowerCase();
  if (options.stripMarks) folded = folded.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
  let out = '';
  for (const ch of folded) out += (options.homoglyphs ? HOMOGLYPHS[ch] : undefined) ?? QUOTES[ch] ?? ch;
  return out;
}

const ALL_ASCII = /^[\x00-\x7F]*$/;

function fold(text: string, options: FoldOptions): MappedTextBuilder {
  // Most posts are plain ASCII: nothing to fold but case, and every unit maps to itself.
  if (ALL_ASCII.test(text)) return MappedTextBuilder.oneToOne(options.lowerCase ? text.toLowerCase() : text);
  const builder = new MappedTextBuilder();
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const nextCode = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    // Fast path: plain ASCII not followed by a combining mark (all marks sit at U+0300 and above).
    if (code < 0x80 && nextCode < 0x300) {
      const lower = options.lowerCase && code >= 65 && code <= 90;
      builder.push(lower ? String.fromCharCode(code + 32) : text.charAt(i), i, i + 1);
      i += 1;
      continue;
    }
    let end = i + (code >= 0xd800 && code <= 0xdbff && nextCode >= 0xdc00 && nextCode <= 0xdfff ? 2 : 1);
    while (end < text.length && COMBINING_MARK.test(text.charAt(end))) end += 1;
    const folded = foldCluster(text.slice(i, end), options);
    for (let k = 0; k < folded.length; k++) builder.push(folded.charAt(k), i, end);
    i = end;
  }
  return builder;
}

/** Collapse runs of three or more of the same letter to two ("loooser" -> "looser"). */
function squeezeRepeats(mapped: MappedText): MappedText {
  const { text } = mapped;
  if (!TRIPLED_LETTER.test(text)) return mapped;
  const remove = new Array<boolean>(text.length).fill(false);
  for (let i = 2; i < text.length; i++) {
    const code = text.charCodeAt(i);
    remove[i] = code >= 97 && code <= 122 && code === text.charCodeAt(i - 1) && code === text.charCodeAt(i - 2);
  }
  return removeUnits(mapped, remove);
}

function decodeLeet(builder: MappedTextBuilder): MappedText {
  decodeLeetUnits(builder.units, builder.units.join(''));
  return builder.build();
}

/** Lower-case, NFKC, no zero-width characters, homoglyphs and leetspeak mapped, repeats squeezed, with offsets. */
export function normaliseWithMap(text: string): MappedText {
  // Fast path, same result: plain ASCII with nothing leetspeak could touch is just lower-cased, unit
  // for unit, so the per-unit builder can be skipped.
  if (ALL_ASCII.test(text)) {
    const lower = text.toLowerCase();
    if (!HAS_LEET.test(lower)) return squeezeRepeats(identityMapped(lower));
  }
  return squeezeRepeats(decodeLeet(fold(text, NORMAL)));
}

/** Lower-case, NFKC, no zero-width characters, homoglyphs and leetspeak mapped, repeats squeezed. */
export function normaliseText(text: string): string {
  return normaliseWithMap(text).text;
}

/**
 * NFKC without zero-width characters and with ASCII quotes, case and digits kept: the form for rules
 * that read exact characters (e-mail addresses, IBANs, citations) but should not be fooled by an
 * invisible character or a full-width digit.
 */
export function cleanWithMap(text: string): MappedText {
  // Plain ASCII is its own clean form (nothing to fold, case kept): skip the per-unit builder.
  if (ALL_ASCII.test(text)) return identityMapped(text);
  return fold(text, CLEAN).build();
}

// Single letters split by separators, optionally ending in a longer tail ("f.u.c.king").
const SEPARATED_LETTERS = /(?<![\p{L}\p{N}])[a-z](?:[.\-_*][a-z])+(?:[.\-_*][a-z]+)?(?![\p{L}\p{N}])/gu;
const SPACED_LETTERS = /(?<![\p{L}\p{N}'])[a-z](?: [a-z]){3,}(?![\p{L}\p{N}'])/gu;
const SEPARATOR = /[.\-_* ]/;
const MAYBE_SEPARATED = /[a-z][.\-_* ][a-z](?![\p{L}\p{N}])/u;

/** Stripped of letter-separating punctuation ("f.u.c.k", "f.u.c.king", "s h i t" -> "fuck", ...), with offsets. */
export function collapseSeparatorsWithMap(mapped: MappedText): MappedText {
  if (!MAYBE_SEPARATED.test(mapped.text)) return mapped;
  const remove = new Array<boolean>(mapped.text.length).fill(false);
  for (const pattern of [SEPARATED_LETTERS, SPACED_LETTERS]) {
    for (const match of mapped.text.matchAll(pattern)) {
      for (let k = 0; k < match[0].length; k++) {
        if (SEPARATOR.test(match[0].charAt(k))) remove[match.index + k] = true;
      }
    }
  }
  return removeUnits(mapped, remove);
}

/** Stripped of letter-separating punctuation too ("f.u.c.k" -> "fuck"), for lexicon matching only. */
export function collapseSeparators(normalised: string): string {
  return collapseSeparatorsWithMap(identityMapped(normalised)).text;
}

const WHITESPACE = /\s/g;
const SINGLE_WHITESPACE = /\s/;
const UNEVEN_WHITESPACE = /\s\s|[^\S ]/;

/** Runs of whitespace become one space, so lexicon phrases can be written with single spaces. */
function squeezeWhitespace(mapped: MappedText): MappedText {
  if (!UNEVEN_WHITESPACE.test(mapped.text)) return mapped;
  const { text } = mapped;
  const isSpace = (i: number): boolean => SINGLE_WHITESPACE.test(text.charAt(i));
  const remove = Array.from({ length: text.length }, (_, i) => i > 0 && isSpace(i) && isSpace(i - 1));
  const squeezed = removeUnits(mapped, remove);
  return { ...squeezed, text: squeezed.text.replace(WHITESPACE, ' ') };
}

/**
 * The form lexicons match on: normalised, diacritics dropped, separators collapsed, single spaces.
 * `normalised` (optional) is `normaliseWithMap(text)` when the caller already has it: for plain ASCII
 * text dropping diacritics and mapping homoglyphs change nothing, so the lexicon form is built on it
 * instead of folding the text a second time (same result, less work).
 */
export function lexiconFormWithMap(text: string, normalised?: MappedText): MappedText {
  if (normalised !== undefined && ALL_ASCII.test(text)) return squeezeWhitespace(collapseSeparatorsWithMap(normalised));
  return lexiconFormOf(text);
}

function lexiconFormOf(text: string): MappedText {
  const normalised = squeezeRepeats(decodeLeet(fold(text, LEXICON)));
  return squeezeWhitespace(collapseSeparatorsWithMap(normalised));
}
