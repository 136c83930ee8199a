import { detectLegalReferences, legalScore } from './legal';

function found(text: string): Array<[string, number, string]> {
  return detectLegalReferences(text).map((h) => [h.ruleId, h.score, h.spans[0]?.text ?? '']);
}

describe('detectLegalReferences', () => {
  it.each([
    ['Under GDPR Article 17 you must delete it', 'GDPR Article 17'],
    ['lawful under Art. 6(1)(f) GDPR.', 'Art. 6(1)(f) GDPR'],
    ['see Article 17 of the GDPR', 'Article 17 of the GDPR'],
    ['Art. 17 DSGVO', 'Art. 17 DSGVO'],
    ['Anspruch aus § 823 BGB', '§ 823 BGB'],
    ['nach §823 Abs. 1 BGB', '§823 Abs. 1 BGB'],
    ['Section 230 of the Communications Decency Act protects hosts', 'Section 230 of the Communications Decency Act'],
    ['a notice under 17 U.S.C. § 512(c)', '17 U.S.C. § 512(c)'],
    ['DSA Art. 16 notice', 'DSA Art. 16'],
    ['Regulation (EU) 2016/679 applies', 'Regulation (EU) 2016/679'],
    ['Directive 2000/31/EC (e-commerce)', 'Directive 2000/31/EC'],
    ['the Online Safety Act 2023', 'Online Safety Act 2023'],
    ['the Digital Services Act', 'Digital Services Act'],
  ])('finds the citation in %j with full confidence', (text, citation) => {
    expect(found(text)).toEqual([['legal.citation', 1, citation]]);
  });

  it.each([
    ['this is a DMCA takedown', 'DMCA takedown', 0.9],
    ['I filed a GDPR request', 'GDPR request', 0.9],
    ['they ignored NAV § rules', 'NAV §', 0.9],
    ['see § 5', '§ 5', 0.8],
  ])('finds the weaker reference in %j', (text, citation, score) => {
    expect(found(text)).toEqual([['legal.citation', score, citation]]);
  });

  it.each([
    ['Is this CCPA compliant or not', 'CCPA compliant', 'legal.citation'],
    ['are you covered by HIPAA?', 'HIPAA', 'legal.statute_name'],
    ['we follow CCPA', 'CCPA', 'legal.statute_name'],
    ['under the gdpr we can ask', 'gdpr', 'legal.statute_name'],
  ])('finds the statute in %j', (text, name, ruleId) => {
    const hits = found(text);
    expect(hits.map(([rule, , span]) => [rule, span])).toEqual([[ruleId, name]]);
  });

  it('scores a bare acronym below a clear citation', () => {
    expect(legalScore(detectLegalReferences('HIPAA'))).toBe(0.7);
    expect(legalScore(detectLegalReferences('Art. 17 GDPR'))).toBe(1);
  });

  it.each([
    'this article was great',
    'an article about cats',
    'section 3 of the manual',
    'Section 2 of the user guide explains it',
    'I read the 5th article',
    'Article 5 is a good read',
    'cash is legal tender in prose and in law',
    'gg well played',
    'I am learning DSA for interviews',
    'The Art. 3 exhibit opens today',
    'what a class act',
  ])('ignores %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports the longest citation once, not the acronym inside it', () => {
    expect(found('17 U.S.C. § 512 and Art. 6 GDPR')).toEqual([
      ['legal.citation', 1, '17 U.S.C. § 512'],
      ['legal.citation', 1, 'Art. 6 GDPR'],
    ]);
  });

  it('points spans at the original text even through invisible characters and full-width digits', () => {
    const text = 'Per Art.\u200B １７ GDPR, delete my data';
    const hits = detectLegalReferences(text);
    expect(hits).toHaveLength(1);
    for (const span of hits.flatMap((h) => h.spans)) expect(text.slice(span.start, span.end)).toBe(span.text);
    expect(hits[0]?.spans[0]?.text).toBe('Art.\u200B １７ GDPR');
  });

  it('is deterministic', () => {
    const text = 'GDPR Art. 17, § 823 BGB, HIPAA and the DMCA';
    expect(detectLegalReferences(text)).toEqual(detectLegalReferences(text));
  });
});
