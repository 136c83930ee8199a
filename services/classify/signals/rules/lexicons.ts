// Lexicon matching for sexual content, self-harm, threats, profanity, identity attacks and insults.
// Matching runs on the lexicon form of the text (normalised, separators collapsed, diacritics dropped)
// so "f.u.c.k", "sh1t", Cyrillic look-alikes, zero-width characters and "fuuuuck" are all caught, and
// every entry is fenced by letter/digit boundaries so "class", "Scunthorpe" and "cocktail" are not.
//
// Each category compiles to ONE regex at module load: an alternation with one capture group per entry,
// so a single pass finds every match and the group index says which entry fired.

import type { Span } from '../types';
import { type MappedText, lexiconFormWithMap } from '../text/normalise';
import { LEXICON_CATEGORIES, type LexiconCategory, WORDS } from './lexicon-data';
import { PHRASES } from './lexicon-phrases';
import { combineEvidence, matchMapped } from './rule-hit';

export type { LexiconCategory } from './lexicon-data';

export interface LexiconMatch {
  category: LexiconCategory;
  /** The word entry (e.g. `fuck*`) or phrase id (e.g. `threat.kill_you`) that fired. */
  entry: string;
  weight: number;
  span: Span;
}

export interface LexiconResult {
  scores: Record<LexiconCategory, number>;
  matches: LexiconMatch[];
}

interface CompiledEntry {
  entry: string;
  weight: number;
}

interface CompiledCategory {
  pattern: RegExp;
  entries: CompiledEntry[];
}

const LETTER_BOUNDARY_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const LETTER_BOUNDARY_AFTER = String.raw`(?![\p{L}\p{N}])`;
const MASK = '[*#]';

/** "fuck" -> f+(?:u+|[*#])(?:c+|[*#])k+ : repeats stretch, inner letters may be masked. */
function compileWord(word: string): string {
  const runs = word.match(/(.)\1*/gu) ?? [];
  return runs
    .map((run, i) => {
      const letter = run.charAt(0);
      const literal = run.length > 1 ? `${letter}{2,}` : `${letter}+`;
      const inner = i > 0 && i < runs.length - 1;
      return inner ? `(?:${literal}|${MASK}{1,${run.length}})` : literal;
    })
    .join('');
}

function compileTerm(term: string): string {
  const open = term.endsWith('*');
  const words = (open ? term.slice(0, -1) : term).split(' ');
  return words.map(compileWord).join('[ -]?') + (open ? String.raw`\p{L}*` : 's?');
}

function countCaptureGroups(source: string): number {
  return (new RegExp(`${source}|`, 'u').exec('')?.length ?? 1) - 1;
}

function compileCategory(category: LexiconCategory): CompiledCategory {
  const entries: CompiledEntry[] = [];
  const alternatives: string[] = [];
  const add = (entry: string, weight: number, source: string): void => {
    // A capture group inside an entry would shift the group index that identifies the entry.
    if (countCaptureGroups(source) !== 0) throw new Error(`lexicon entry ${entry} must not contain capture groups`);
    entries.push({ entry, weight });
    alternatives.push(`(${source})`);
  };
  for (const phrase of PHRASES) if (phrase.category === category) add(phrase.id, phrase.weight, phrase.pattern);
  // Longer words first, so "dumbass" is reported rather than a shorter entry inside it.
  const words = [...WORDS[category]].sort((a, b) => b[0].length - a[0].length);
  for (const [term, weight] of words) add(term, weight, compileTerm(term));
  const source = `${LETTER_BOUNDARY_BEFORE}(?:${alternatives.join('|')})${LETTER_BOUNDARY_AFTER}`;
  return { pattern: new RegExp(source, 'gu'), entries };
}

const COMPILED: ReadonlyArray<readonly [LexiconCategory, CompiledCategory]> = LEXICON_CATEGORIES.map(
  (category) => [category, compileCategory(category)] as const,
);

// An insult or slur aimed at the reader ("you idiot", "you're such a loser") is a personal attack, not a mood.
const AIMED_AT_READER =
  /(?:^|[^\p{L}])(?:you|u|ur|ya|youre|you're|your|yours)(?: (?:are|r|re|is|such|a|an|the|absolute|complete|total|fucking|stupid|little|big|utter|dumb|so|really|being|an absolute|a complete))* $/u;
const AIMED_WEIGHT = 0.85;
const AIMABLE: ReadonlySet<LexiconCategory> = new Set(['insult', 'identity_attack']);

function aimedWeight(category: LexiconCategory, weight: number, before: string): number {
  return AIMABLE.has(category) && AIMED_AT_READER.test(before) ? Math.max(weight, AIMED_WEIGHT) : weight;
}

function emptyLexiconScores(): Record<LexiconCategory, number> {
  return { sexual: 0, self_harm: 0, threat: 0, profanity: 0, identity_attack: 0, insult: 0 };
}

/**
 * Every lexicon match in `text` with original-text spans, and a noisy-or score per category.
 * `normalised`, when given, must be `normaliseWithMap(text)` (it saves folding the text again).
 */
export function matchLexicons(text: string, normalised?: MappedText): LexiconResult {
  const form = lexiconFormWithMap(text, normalised);
  const scores = emptyLexiconScores();
  const matches: LexiconMatch[] = [];
  for (const [category, compiled] of COMPILED) {
    const strongestPerEntry = new Map<string, number>();
    for (const { match, span } of matchMapped(text, form, compiled.pattern)) {
      const group = match.findIndex((value, i) => i > 0 && value !== undefined);
      const entry = compiled.entries[group - 1];
      if (entry === undefined) continue;
      const before = form.text.slice(Math.max(0, match.index - 40), match.index);
      const weight = aimedWeight(category, entry.weight, before);
      matches.push({ category, entry: entry.entry, weight, span });
      strongestPerEntry.set(entry.entry, Math.max(weight, strongestPerEntry.get(entry.entry) ?? 0));
    }
    // Repeating a word adds no evidence; distinct entries do.
    scores[category] = combineEvidence([...strongestPerEntry.values()]);
  }
  matches.sort((a, b) => a.span.start - b.span.start || a.category.localeCompare(b.category));
  return { scores, matches };
}
