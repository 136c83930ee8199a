// Every rule family run over one post, turned into per-category scores and explanations. This is the
// whole classifier when no trained models are loaded, and the floor under them when they are.

import { CATEGORIES, type Category, type CategoryScores, type Explanation, type Span } from '../types';
import { type MappedText, cleanWithMap } from '../text/normalise';
import { detectLegalReferences, legalScore, type LegalHit } from './legal';
import { matchLexicons, type LexiconCategory, type LexiconResult } from './lexicons';
import { detectPii, piiScore, type PiiHit } from './pii';
import { detectSpamHeuristics, type SpamHeuristics } from './spam';
import { detectQuestion, type QuestionSignal } from '../question';

export interface RuleSignals {
  pii: PiiHit[];
  legal: LegalHit[];
  spam: SpamHeuristics;
  lexicon: LexiconResult;
  question: QuestionSignal;
}

/**
 * Runs every rule over `text`. The cleaned form is computed once and shared by the exact-text rules;
 * `normalised`, when the caller has it, must be `normaliseWithMap(text)` and spares the lexicons a fold.
 */
export function runRules(text: string, normalised?: MappedText): RuleSignals {
  const clean = cleanWithMap(text);
  return {
    pii: detectPii(text, clean),
    legal: detectLegalReferences(text, clean),
    spam: detectSpamHeuristics(text, clean),
    lexicon: matchLexicons(text, normalised),
    question: detectQuestion(text),
  };
}

// How much each lexicon category says about general toxicity. Profanity alone ("this is fucking
// great") is rude but not an attack, so it counts for less than an insult or a slur.
const TOXICITY_FROM: Readonly<Record<LexiconCategory, number>> = {
  insult: 0.95,
  identity_attack: 1,
  threat: 0.9,
  profanity: 0.75,
  sexual: 0,
  self_harm: 0,
};

function toxicity(lex: Record<LexiconCategory, number>): number {
  return Math.max(...Object.entries(TOXICITY_FROM).map(([c, factor]) => lex[c as LexiconCategory] * factor));
}

/** Severe: a slur, a credible threat, or a profane insult; not merely one rude word. */
function severeToxicity(lex: Record<LexiconCategory, number>): number {
  const slur = lex.identity_attack >= 0.9 ? lex.identity_attack * 0.85 : lex.identity_attack * 0.5;
  const profaneInsult = lex.insult >= 0.8 && lex.profanity >= 0.8 ? 0.6 : 0;
  return Math.max(slur, lex.threat * 0.8, profaneInsult);
}

/** Scores for every category from rules alone, each in [0, 1]. */
export function ruleScores(signals: RuleSignals): CategoryScores {
  const lex = signals.lexicon.scores;
  const scores: CategoryScores = {
    spam: signals.spam.score,
    toxicity: toxicity(lex),
    severe_toxicity: severeToxicity(lex),
    identity_attack: lex.identity_attack,
    insult: lex.insult,
    profanity: lex.profanity,
    threat: lex.threat,
    sexual: lex.sexual,
    self_harm: lex.self_harm,
    pii: piiScore(signals.pii),
    legal_reference: legalScore(signals.legal),
  };
  for (const category of CATEGORIES) scores[category] = Math.min(1, Math.max(0, scores[category]));
  return scores;
}

function lexiconExplanations(category: LexiconCategory, lexicon: LexiconResult): Explanation[] {
  const matches = lexicon.matches.filter((m) => m.category === category);
  if (matches.length === 0) return [];
  const entries = [...new Set(matches.map((m) => m.entry))].join(', ');
  return [{ category, source: `lexicon.${category}`, spans: matches.map((m) => m.span), detail: entries }];
}

function groupByRule(category: Category, hits: ReadonlyArray<{ ruleId: string; spans: Span[]; detail?: string }>): Explanation[] {
  const byRule = new Map<string, Explanation>();
  for (const h of hits) {
    const existing = byRule.get(h.ruleId);
    if (existing) existing.spans.push(...h.spans);
    else byRule.set(h.ruleId, { category, source: h.ruleId, spans: [...h.spans], ...(h.detail ? { detail: h.detail } : {}) });
  }
  return [...byRule.values()];
}

const DERIVED_FROM: readonly LexiconCategory[] = ['insult', 'identity_attack', 'threat', 'profanity'];

/** The rule evidence behind `category`, with spans in the original text (empty when no rule fired). */
export function ruleExplanations(category: Category, signals: RuleSignals): Explanation[] {
  switch (category) {
    case 'pii':
      return groupByRule(category, signals.pii);
    case 'legal_reference':
      return groupByRule(category, signals.legal);
    case 'spam':
      return signals.spam.features.map((f) => ({ category, source: f.id, spans: f.spans, detail: `weight ${f.weight}` }));
    case 'toxicity':
    case 'severe_toxicity': {
      const contributing = DERIVED_FROM.flatMap((c) => lexiconExplanations(c, signals.lexicon));
      if (contributing.length === 0) return [];
      const spans = contributing.flatMap((e) => e.spans).sort((a, b) => a.start - b.start);
      return [{ category, source: 'rules.derived', spans, detail: `from ${contributing.map((e) => e.source).join(', ')}` }];
    }
    case 'identity_attack':
    case 'insult':
    case 'profanity':
    case 'threat':
    case 'sexual':
    case 'self_harm':
      return lexiconExplanations(category, signals.lexicon);
    default: {
      const unhandled: never = category;
      throw new TypeError(`no rule explanation for category ${String(unhandled)}`);
    }
  }
}

/** The strongest single lexicon entry per category: a slur or the f-word, not an accumulation of mild words. */
export function strongestLexiconEntry(category: LexiconCategory, lexicon: LexiconResult): number {
  return lexicon.matches.reduce((best, m) => (m.category === category ? Math.max(best, m.weight) : best), 0);
}
