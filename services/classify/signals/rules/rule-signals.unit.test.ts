import { CATEGORIES } from '../types';
import { ruleExplanations, ruleScores, runRules, strongestLexiconEntry } from './rule-signals';

describe('ruleScores', () => {
  it('scores every category in [0, 1]', () => {
    const scores = ruleScores(runRules('f.u.c.k you idiot, I will kill you. jane@example.com GDPR Art. 17, WIN £1000 text WIN to 80086'));
    for (const category of CATEGORIES) {
      expect(scores[category]).toBeGreaterThanOrEqual(0);
      expect(scores[category]).toBeLessThanOrEqual(1);
    }
  });

  it('counts profanity alone as rude but not severe', () => {
    const scores = ruleScores(runRules('this is fucking great'));
    expect(scores.profanity).toBeGreaterThanOrEqual(0.85);
    expect(scores.toxicity).toBeGreaterThanOrEqual(0.5);
    expect(scores.toxicity).toBeLessThan(scores.profanity);
    expect(scores.severe_toxicity).toBe(0);
  });

  it('treats a slur and a credible threat as severe', () => {
    expect(ruleScores(runRules('you n1gg3r')).severe_toxicity).toBeGreaterThanOrEqual(0.8);
    expect(ruleScores(runRules('I will kill you')).severe_toxicity).toBeGreaterThanOrEqual(0.7);
  });

  it('scores an ordinary post zero everywhere', () => {
    const scores = ruleScores(runRules('Hi all, how do I export my data to CSV?'));
    for (const category of CATEGORIES) expect(scores[category]).toBe(0);
  });
});

describe('ruleExplanations', () => {
  const signals = runRules('you idiot, call +44 7700 900123 re Art. 17 GDPR, text WIN to 80086, claim your prize');

  it('has an answer for every category', () => {
    for (const category of CATEGORIES) expect(() => ruleExplanations(category, signals)).not.toThrow();
  });

  it('names the rule and the original text behind each category', () => {
    expect(ruleExplanations('pii', signals).map((e) => [e.source, e.spans.map((s) => s.text)])).toEqual([
      ['pii.phone', ['+44 7700 900123']],
    ]);
    expect(ruleExplanations('legal_reference', signals)[0]?.spans[0]?.text).toBe('Art. 17 GDPR');
    expect(ruleExplanations('insult', signals)[0]).toMatchObject({ source: 'lexicon.insult', spans: [{ text: 'idiot' }] });
    expect(ruleExplanations('toxicity', signals)[0]?.source).toBe('rules.derived');
    expect(ruleExplanations('spam', signals).map((e) => e.source)).toEqual(['spam.money_prize', 'spam.shortcode_call_to_action']);
  });

  it('is empty where no rule fired', () => {
    expect(ruleExplanations('self_harm', signals)).toEqual([]);
  });
});

describe('strongestLexiconEntry', () => {
  it('is the single strongest entry, not the accumulated score', () => {
    const signals = runRules('damn, crap');
    expect(strongestLexiconEntry('profanity', signals.lexicon)).toBe(0.35);
    expect(signals.lexicon.scores.profanity).toBeGreaterThan(0.35);
  });
});
