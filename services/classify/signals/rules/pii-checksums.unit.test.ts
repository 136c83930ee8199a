import { isValidCardNumber, isValidIban, passesLuhn } from './pii-checksums';

describe('isValidIban', () => {
  it.each(['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'NO9386011117947'])(
    'accepts the registry example %s',
    (iban) => {
      expect(isValidIban(iban)).toBe(true);
    },
  );

  it.each([
    ['DE89370400440532013001', 'bad checksum'],
    ['DE8937040044053201300', 'too short for DE'],
    ['DE893704004405320130000', 'too long for DE'],
    ['XX89370400440532013000', 'unknown country'],
    ['de89370400440532013000', 'not upper case'],
  ])('rejects %s (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });
});

describe('passesLuhn', () => {
  it.each(['79927398713', '4111111111111111', '0'])('accepts %s', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each(['79927398710', '4111111111111112', '41111a1111111111', ''])('rejects %j', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });
});

describe('isValidCardNumber', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '4222222222222'])('accepts %s', (digits) => {
    expect(isValidCardNumber(digits)).toBe(true);
  });

  it.each([
    ['1234567890123456', 'fails Luhn'],
    ['0000000000000000', 'repeated digit, no issuer'],
    ['411111111111', 'too short'],
    ['91111111111111111', 'no issuer starts with 9'],
  ])('rejects %s (%s)', (digits) => {
    expect(isValidCardNumber(digits)).toBe(false);
  });
});
