import { matchLexicons, type LexiconCategory } from './lexicons';

function score(text: string, category: LexiconCategory): number {
  return matchLexicons(text).scores[category];
}

function firedCategories(text: string): LexiconCategory[] {
  return [...new Set(matchLexicons(text).matches.map((m) => m.category))].sort();
}

describe('matchLexicons', () => {
  describe('profanity, through obfuscation', () => {
    it.each([
      ['fuck this', 'fuck'],
      ['f.u.c.k this', 'f.u.c.k'],
      ['f-u-c-k this', 'f-u-c-k'],
      ['F U C K this', 'F U C K'],
      ['this is sh1t', 'sh1t'],
      ['this is $hit', '$hit'],
      ['fuсk (Cyrillic с)', 'fuсk'],
      ['fu\u200Bck off', 'fu\u200Bck'],
      ['fuuuuuck', 'fuuuuuck'],
      ['ＦＵＣＫ', 'ＦＵＣＫ'],
      ['FÜCK', 'FÜCK'],
      ['f*ck it', 'f*ck'],
      ['what the f**k', 'f**k'],
      ['motherfucker', 'motherfucker'],
    ])('catches %j and points at %j', (text, original) => {
      const matches = matchLexicons(text).matches.filter((m) => m.category === 'profanity');
      expect(matches.map((m) => m.span.text)).toEqual([original]);
      expect(score(text, 'profanity')).toBeGreaterThanOrEqual(0.5);
    });
  });

  describe('the Scunthorpe problem', () => {
    it.each([
      'class', 'assess', 'assassin', 'Scunthorpe', 'cocktail', 'cockpit', 'therapist', 'Essex', 'Sussex', 'Middlesex',
      'shitake mushrooms', 'analysis', 'cumulative', 'Dickens', 'grape', 'arsenal', 'Penistone', 'titanic', 'spice',
      'snigger', 'raccoon', 'Matsushita', 'hello', 'bass', 'pussycat', 'sextant', 'retardant', 'fickle',
    ])('does not fire on %j', (text) => {
      expect(matchLexicons(text).matches).toEqual([]);
    });
  });

  describe('threats', () => {
    it.each([
      'I will kill you',
      "I'm going to find where you live",
      'bomb the office',
      'im gonna fucking kill u',
      "I'll hunt you down and kill you",
      'we are going to shoot up the school',
      'I know where you live',
      'kill yourself',
      'kys',
      'I will hurt your family',
    ])('scores %j high', (text) => {
      expect(score(text, 'threat')).toBeGreaterThanOrEqual(0.8);
    });

    it.each([
      'this bug is killing me',
      'kill the process',
      'kill -9 the worker',
      "I'll shoot you an email",
      'I will hang them up later',
      'the movie bombed',
      'that photobomb at the office party',
      'I would never hurt you',
      "I'll kill it at the presentation",
      'killer feature',
      "you're dead wrong",
      'I could kill for a coffee',
    ])('does not fire on %j', (text) => {
      expect(score(text, 'threat')).toBe(0);
    });
  });

  describe('self-harm', () => {
    it.each(['I want to kill myself', 'kms', 'I just want to end my life', 'I cut myself again', 'i am suicidal', 'I wish I was dead', 'k1ll mys3lf'])(
      'scores %j high',
      (text) => {
        expect(score(text, 'self_harm')).toBeGreaterThanOrEqual(0.75);
      },
    );

    it.each([
      'this bug is killing me',
      'kill the process',
      'I ran 10 kms today',
      'rotate the AWS KMS key',
      'I want to die on this hill',
      "don't shoot yourself in the foot",
      'that joke killed me',
      'the Suicide Squad movie was fun',
    ])('does not fire on %j', (text) => {
      expect(score(text, 'self_harm')).toBe(0);
    });
  });

  describe('insults', () => {
    it('raises a mild word when it is aimed at the reader', () => {
      expect(score('what a stupid bug', 'insult')).toBeLessThan(0.5);
      expect(score('you are so stupid', 'insult')).toBeGreaterThanOrEqual(0.85);
      expect(score("you're such a loser", 'insult')).toBeGreaterThanOrEqual(0.85);
    });

    it.each(['you idiot', 'fuck you', 'what a moron', 'shut up, dumbass'])('scores %j as an insult', (text) => {
      expect(score(text, 'insult')).toBeGreaterThanOrEqual(0.6);
    });
  });

  describe('identity attacks', () => {
    it.each(['you n1gg3r', 'f4gg0t', 'muslims are vermin', 'immigrants should be deported', 'go back to your country', 'kill all the jews'])(
      'scores %j high',
      (text) => {
        expect(score(text, 'identity_attack')).toBeGreaterThanOrEqual(0.75);
      },
    );

    it.each(['a chink in the armour', 'Muslims celebrate Eid', 'women are amazing engineers', 'black dogs are lovely'])(
      'keeps %j below 0.5',
      (text) => {
        expect(score(text, 'identity_attack')).toBeLessThan(0.5);
      },
    );
  });

  describe('sexual content', () => {
    it.each(['send nudes', 'check my onlyfans for nude pics', 'she is so horny', 'free porn here'])('scores %j high', (text) => {
      expect(score(text, 'sexual')).toBeGreaterThanOrEqual(0.6);
    });

    it.each(['sex education in schools', 'nude lipstick shade', 'a rooster is a cock', 'Moby Dick'])('keeps %j below 0.5', (text) => {
      expect(score(text, 'sexual')).toBeLessThan(0.5);
    });
  });

  it('counts a repeated word once but distinct words as more evidence', () => {
    expect(score('shit shit shit', 'profanity')).toBe(score('shit', 'profanity'));
    expect(score('shit and fuck', 'profanity')).toBeGreaterThan(score('fuck', 'profanity'));
  });

  it('finds nothing in an ordinary support question', () => {
    expect(firedCategories('Hi all, how do I export my data to CSV from the dashboard?')).toEqual([]);
  });

  it('maps every span back to the original text', () => {
    const text = 'ＹＯＵ  idiot, f.u.c.k off and k1ll y0urs3lf, I will find where you live';
    const { matches } = matchLexicons(text);
    expect(matches.length).toBeGreaterThan(3);
    for (const { span } of matches) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('is deterministic', () => {
    const text = 'f.u.c.k you idiot, I will kill you';
    expect(matchLexicons(text)).toEqual(matchLexicons(text));
  });
});
