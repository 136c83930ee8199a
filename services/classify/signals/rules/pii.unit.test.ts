import { detectPii, maskPii, piiScore, type PiiHit } from './pii';

function found(text: string): Array<[string, string]> {
  return detectPii(text).map((h) => [h.ruleId, h.spans[0]?.text ?? '']);
}

function expectSpansInOriginal(text: string, hits: PiiHit[]): void {
  for (const span of hits.flatMap((h) => h.spans)) expect(text.slice(span.start, span.end)).toBe(span.text);
}

describe('detectPii', () => {
  describe('e-mail addresses', () => {
    it.each([
      ['write to john.doe+news@example.co.uk.', 'john.doe+news@example.co.uk'],
      ['MAIL: Jane_Doe@Mail.Example.ORG', 'Jane_Doe@Mail.Example.ORG'],
      ['j\u200Bohn@example.com', 'j\u200Bohn@example.com'],
    ])('finds the address in %j', (text, address) => {
      expect(found(text)).toEqual([['pii.email', address]]);
      expect(piiScore(detectPii(text))).toBe(1);
    });

    it('finds a dodged address with a lower score', () => {
      const hits = detectPii('reach me at john [at] example [dot] com');
      expect(hits.map((h) => [h.ruleId, h.score, h.spans[0]?.text])).toEqual([['pii.email', 0.8, 'john [at] example [dot] com']]);
    });

    it.each(['@john thanks', 'user@localhost', 'look at this dot product', 'email me at the usual place'])('ignores %j', (text) => {
      expect(found(text)).toEqual([]);
    });
  });

  describe('phone numbers', () => {
    it.each([
      ['call +44 7700 900123 now', '+44 7700 900123', 1],
      ['Call +1 (555) 123-4567', '+1 (555) 123-4567', 1],
      ['+49 30 12345678', '+49 30 12345678', 1],
      ['ring 07700 900123', '07700 900123', 0.9],
      ['Tel. 030 12345678', '030 12345678', 0.9],
      ['tel (555) 123-4567', '(555) 123-4567', 0.9],
      ['01 23 45 67 89', '01 23 45 67 89', 0.9],
    ])('finds the number in %j', (text, number, score) => {
      const hits = detectPii(text);
      expect(hits.map((h) => [h.ruleId, h.spans[0]?.text, h.score])).toEqual([['pii.phone', number, score]]);
    });

    it.each([
      'released on 2024-01-05',
      'the 05.01.2024 meeting',
      'order 100234567 has not arrived',
      'order #0123 4567 89 is late',
      'ticket 07700 900123',
      'it happened 2019-2024',
      'version 1.2.3.4',
      'we sold 12345678 units',
      '+44',
    ])('ignores %j', (text) => {
      expect(found(text)).toEqual([]);
    });
  });

  describe('IBANs', () => {
    it.each([
      ['IBAN DE89 3704 0044 0532 0130 00 is mine', 'DE89 3704 0044 0532 0130 00'],
      ['IBAN DE89370400440532013000', 'DE89370400440532013000'],
      ['GB82 WEST 1234 5698 7654 32.', 'GB82 WEST 1234 5698 7654 32'],
      ['pay FR14 2004 1010 0505 0001 3M02 606 today', 'FR14 2004 1010 0505 0001 3M02 606'],
    ])('finds the validated IBAN in %j', (text, iban) => {
      expect(found(text)).toEqual([['pii.iban', iban]]);
    });

    it.each([
      'bad DE89 3704 0044 0532 0130 01', // checksum fails
      'DE89 3704 0044 0532 0130', // too short for Germany
      'XX89 3704 0044 0532 0130 00', // no such country
    ])('ignores the invalid %j, and does not re-read it as a card or phone', (text) => {
      expect(found(text)).toEqual([]);
    });
  });

  describe('payment cards', () => {
    it.each([
      ['card 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'],
      ['4111-1111-1111-1111', '4111-1111-1111-1111'],
      ['mc 5555555555554444', '5555555555554444'],
      ['amex 3782 822463 10005', '3782 822463 10005'],
    ])('finds the Luhn-valid number in %j', (text, card) => {
      expect(found(text)).toEqual([['pii.card', card]]);
    });

    it.each([
      'num 1234 5678 9012 3456', // fails Luhn
      '4111 1111 1111 1112', // fails Luhn
      '0000 0000 0000 0000', // passes Luhn, not an issuer
      'tracking 9400111899223344556677', // too long
    ])('ignores %j', (text) => {
      expect(found(text).filter(([rule]) => rule === 'pii.card')).toEqual([]);
    });
  });

  describe('street addresses', () => {
    it.each([
      ['I live at 12 Baker Street', '12 Baker Street'],
      ['221B Baker St. London', '221B Baker St.'],
      ['1600 Pennsylvania Avenue NW', '1600 Pennsylvania Avenue'],
      ['Hauptstraße 5, Berlin', 'Hauptstraße 5'],
      ['Berliner Straße 12a', 'Berliner Straße 12a'],
      ['12 rue de la Paix', '12 rue de la Paix'],
    ])('finds the address in %j with a weaker score', (text, address) => {
      const hits = detectPii(text);
      expect(hits.map((h) => [h.ruleId, h.spans[0]?.text])).toEqual([['pii.address', address]]);
      expect(piiScore(hits)).toBe(0.6);
    });

    it.each(['Top 10 Road Trips', 'I walked 5 miles down the street', 'chapter 3 Way Forward', 'the 2nd street on the left'])(
      'ignores %j',
      (text) => {
        expect(found(text)).toEqual([]);
      },
    );
  });

  it('reports several kinds in order, with spans that point at the original text', () => {
    const text = 'Ｍail: j\u200Bane@example.com, phone +44 7700 900123, IBAN GB82 WEST 1234 5698 7654 32';
    const hits = detectPii(text);
    expect(hits.map((h) => h.kind)).toEqual(['email', 'phone', 'iban']);
    expectSpansInOriginal(text, hits);
  });

  it('is deterministic', () => {
    const text = 'jane@example.com +44 7700 900123 4111 1111 1111 1111';
    expect(detectPii(text)).toEqual(detectPii(text));
  });

  it('scores zero for a post without personal data', () => {
    expect(piiScore(detectPii('How do I reset my password?'))).toBe(0);
  });
});

describe('maskPii', () => {
  it('replaces each piece of personal data with a placeholder', () => {
    const text = 'Mail jane@example.com or call +44 7700 900123; IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111, 12 Baker Street.';
    expect(maskPii(text)).toBe('Mail [email] or call [phone]; IBAN [iban], card [card], [address].');
  });

  it('leaves text without personal data unchanged', () => {
    expect(maskPii('Nothing to see here, order 100234567.')).toBe('Nothing to see here, order 100234567.');
  });
});
