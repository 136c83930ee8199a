import { cosine, suggestAnswers, tokens, type Candidate } from './suggest';

const candidates: Candidate[] = [
  { answerId: 'a-card', caseId: 'acme:1', question: 'When will my new card arrive?', answer: 'New cards arrive within 3 to 5 working days after you order them.' },
  { answerId: 'a-pin', caseId: 'acme:2', question: 'My PIN is blocked, what now?', answer: 'Unblock the PIN in the app under Card settings.' },
  { answerId: 'a-fx', caseId: 'acme:3', question: 'Which exchange rate do you use?', answer: 'We use the interbank exchange rate plus a small fee.' },
];

describe('suggested answers (TF-IDF cosine)', () => {
  it('tokenises to lower-case words without stop words', () => {
    expect(tokens('When will MY card arrive?')).toEqual(['card', 'arrive']);
  });

  it('ranks the answer to the most similar prior question first', () => {
    const s = suggestAnswers('how long until my card arrives? still waiting for the new card', candidates);
    expect(s[0]).toMatchObject({ answerId: 'a-card', caseId: 'acme:1' });
    expect(s[0]!.similarity).toBeGreaterThan(0.1);
    expect(s.every((x, i) => i === 0 || x.similarity <= s[i - 1]!.similarity)).toBe(true);
  });

  it('returns nothing for an unrelated question, an empty corpus or a question of stop words only', () => {
    expect(suggestAnswers('do you ship to mars colonies', candidates)).toEqual([]);
    expect(suggestAnswers('when will my card arrive', [])).toEqual([]);
    expect(suggestAnswers('what is this', candidates)).toEqual([]);
  });

  it('respects the limit and the minimum similarity', () => {
    expect(suggestAnswers('card pin exchange rate', candidates, 2, 0)).toHaveLength(2);
    expect(suggestAnswers('card pin exchange rate', candidates, 3, 0.99)).toEqual([]);
  });

  it('cosine of a vector with itself is 1 and with a disjoint one 0', () => {
    const v = new Map([['card', 2], ['pin', 1]]);
    expect(cosine(v, v)).toBeCloseTo(1, 10);
    expect(cosine(v, new Map([['rate', 1]]))).toBe(0);
  });
});
