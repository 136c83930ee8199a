import { detectSpamHeuristics, STRONG_SPAM_HEURISTIC, type SpamFeatureId } from './spam';

function fired(text: string): SpamFeatureId[] {
  return detectSpamHeuristics(text).features.map((f) => f.id);
}

describe('detectSpamHeuristics', () => {
  it.each<[string, SpamFeatureId]>([
    ['Check bit.ly/3xYz9 for the deal', 'spam.url_shortener'],
    ['WIN £1000 today', 'spam.money_prize'],
    ['claim your prize before midnight', 'spam.money_prize'],
    ['Free entry into our weekly draw', 'spam.money_prize'],
    ['Congratulations, you have been selected', 'spam.money_prize'],
    ['text WIN to 80086 now', 'spam.shortcode_call_to_action'],
    ['Invest in bitcoin with guaranteed returns', 'spam.crypto_scheme'],
    ['double your money in a week', 'spam.crypto_scheme'],
    ['Limited time offer, act now', 'spam.urgency'],
    ['THIS IS THE BEST OFFER YOU WILL EVER SEE', 'spam.all_caps'],
    ['sooooooo cheap!!!!', 'spam.repeated_characters'],
    ['http://a.xyz/1 http://b.xyz/2 http://c.xyz/3', 'spam.link_density'],
  ])('fires on %j', (text, feature) => {
    expect(fired(text)).toContain(feature);
  });

  it.each([
    'Hi, how do I reset my password?',
    'see https://docs.example.com/reset for details',
    'I won the game yesterday',
    'The free tier has a 5 GB limit',
    'NASA and the ESA launched it',
    'Text me when you get home',
    'I bought bitcoin in 2017',
  ])('stays quiet on %j', (text) => {
    expect(detectSpamHeuristics(text).score).toBeLessThan(0.5);
  });

  it('keeps any single weak feature below 0.5', () => {
    expect(detectSpamHeuristics('sooooooo good').score).toBeLessThan(0.5);
    expect(detectSpamHeuristics('click here').score).toBeLessThan(0.5);
  });

  it('is strong for a classic premium-rate SMS spam', () => {
    const result = detectSpamHeuristics('WINNER!! Claim your prize: WIN £1000 cash, text WIN to 80086 now');
    expect(result.score).toBeGreaterThanOrEqual(STRONG_SPAM_HEURISTIC);
    expect(result.strong).toBe(true);
  });

  it('cannot be diluted by appending harmless text', () => {
    const spam = 'Claim your prize now! Text WIN to 80086. bit.ly/x1 bit.ly/x2';
    const padded = `${spam} ${'Thanks for reading this lovely post about gardening. '.repeat(20)}`;
    expect(detectSpamHeuristics(padded).score).toBeGreaterThanOrEqual(detectSpamHeuristics(spam).score);
  });

  it('reports spans in the original text', () => {
    const text = 'ＷＩＮ £1000! visit bit.ly/abc and text WIN to 80086';
    const result = detectSpamHeuristics(text);
    expect(result.features.length).toBeGreaterThan(0);
    for (const span of result.features.flatMap((f) => f.spans)) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('is deterministic', () => {
    const text = 'WIN £1000 now, text WIN to 80086 bit.ly/abc';
    expect(detectSpamHeuristics(text)).toEqual(detectSpamHeuristics(text));
  });
});
