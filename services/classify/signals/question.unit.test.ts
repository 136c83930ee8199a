import { detectQuestion } from './question';

describe('detectQuestion', () => {
  it.each([
    'How do I reset my password?',
    'How do I reset my password',
    'Can someone help with the router',
    'Is there a way to export data',
    'Does anyone know why the build fails',
    'any idea why this happens',
    'please help me with this',
    'Thanks in advance. Where can I find the invoice',
    'I tried everything. Any suggestions',
    'I wonder whether the API supports paging',
    'Wie kann ich das Passwort ändern',
    'Warum funktioniert das nicht?',
    'Weiß jemand, wo die Rechnung ist',
    'Comment faire pour changer le mot de passe',
    "Pouvez-vous m'aider",
    'Pourquoi ça ne marche pas',
    '¿Cómo cambio la contraseña',
  ])('treats %j as a question', (text) => {
    const result = detectQuestion(text);
    expect(result.value).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    'Who cares?',
    'Why not?',
    'Really?',
    'What a great day!',
    'How great is this!',
    'When I click save, it crashes.',
    'Thanks for the help!',
    'Great product, love it.',
    'I fixed it by restarting.',
    'Have a nice day',
    'Do not touch the cable.',
    'Was great to meet you.',
    'see https://example.com/search?q=1 for more',
    '> How do I do this?\nYou click the button.',
    'Run `which node` to check.',
  ])('does not treat %j as a question', (text) => {
    const result = detectQuestion(text);
    expect(result.value).toBe(false);
    expect(result.score).toBeLessThan(0.5);
  });

  it('scores a question mark above a question without one, and both above a rhetorical one', () => {
    const withMark = detectQuestion('How do I export?').score;
    const withoutMark = detectQuestion('how do i export').score;
    const rhetorical = detectQuestion('Who cares?').score;
    expect(withMark).toBeGreaterThan(withoutMark);
    expect(withoutMark).toBeGreaterThan(rhetorical);
  });

  it('scores an interrobang lower than a plain question mark', () => {
    expect(detectQuestion('Is it working now?!').score).toBeLessThan(detectQuestion('Is it working now?').score);
  });

  it('keeps scores in [0, 1] and is deterministic', () => {
    for (const text of ['', '???', 'How?', 'a. b. c.', 'How do I…']) {
      const first = detectQuestion(text);
      expect(first.score).toBeGreaterThanOrEqual(0);
      expect(first.score).toBeLessThanOrEqual(1);
      expect(detectQuestion(text)).toEqual(first);
    }
  });
});
