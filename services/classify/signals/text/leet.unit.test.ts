import { decodeLeetUnits } from './leet';

function decode(text: string): string {
  const units = text.split('');
  decodeLeetUnits(units, text);
  return units.join('');
}

describe('decodeLeetUnits', () => {
  it.each([
    ['sh1t', 'shit'],
    ['h3ll0', 'hello'],
    ['f4gg0t', 'faggot'],
    ['n1gg3r', 'nigger'],
    ['b!tch', 'bitch'],
    ['sh!t,', 'shit,'],
    ['a$$', 'ass'],
    ['$hit', 'shit'],
    ['5hit', 'shit'],
    ['f@ck', 'fack'],
  ])('decodes disguised letters: %j -> %j', (input, expected) => {
    expect(decode(input)).toBe(expected);
  });

  it.each([
    'hello!',
    'yes!!!',
    'covid19',
    'mp3',
    'win2024',
    'user123',
    '10kms',
    '5th',
    '10am',
    '2024-01-05',
    '£500',
    'us$5',
    '@john',
    'john.doe@example.com',
    'https://x.io/a1b',
    'covid-19-vaccine',
  ])('leaves ordinary text alone: %j', (input) => {
    expect(decode(input)).toBe(input);
  });

  it('replaces one unit for one unit, so offsets are preserved', () => {
    const text = 'wh4t the sh1t, covid19!';
    expect(decode(text)).toHaveLength(text.length);
  });
});
