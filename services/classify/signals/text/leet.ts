// Leetspeak decoding ("sh1t" -> "shit", "a$$" -> "ass") that leaves ordinary alphanumerics alone.
// The naive rule (map every leet character in any word that has a letter) turned "hello!" into
// "helloi", "covid19" into "covidi9", "10kms" into "iokms" and e-mail addresses into mush, which
// skews model tokens and breaks lexicon word boundaries. Decoding is therefore positional:
//   - inside a letter run ("h3ll0", "f4gg0t", "sh!t") leet characters are letters in disguise;
//   - a leading run ("5hit", "$hit") is decoded unless the token is a number with a unit ("5th", "10am");
//   - a trailing run is decoded only for `$` ("a$$") or when the word already had disguised letters
//     inside ("h3ll0"), so "covid19", "mp3" and "win2024" survive;
//   - `!` and `|` count only between two letters, so sentence punctuation is never a letter.
// Characters are replaced one for one, so offsets into the text are unchanged.

const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l',
};

const SEGMENT_UNIT = /[a-z0-9@$!|]/;
const ASCII_LETTER = /[a-z]/;
/** Any character leetspeak decoding could change; text without one is left as it is. */
export const HAS_LEET = /[0-9@$!|]/;
const EMAIL_OR_URL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}|:\/\/|^www\./;
const MONEY = /[£$€¥]\d|\d[£$€¥]/;
const NUMBER_WITH_UNIT =
  /^\d+(?:[.,]\d+)?(?:st|nd|rd|th|am|pm|h|hrs?|k|m|km|kms|mi|kg|lbs?|g|mb|gb|tb|kb|ms|s|x|px|p|d|yo|mm|cm|ml|l|mins?|secs?|v|w|hz|mhz|ghz|fps)$/;
const DIGIT = /[0-9]/;
const DIGIT_OR_DOLLAR = /[0-9$]/;
const PUNCTUATION_EDGES = /^[^a-z0-9@$!|]+|[^a-z0-9@$!|]+$/g;

function isLetter(unit: string | undefined): boolean {
  return unit !== undefined && ASCII_LETTER.test(unit);
}

function decodeSegment(units: string[], from: number, to: number, isNumberWithUnit: boolean): void {
  let first = -1;
  let last = -1;
  for (let i = from; i < to; i++) {
    if (isLetter(units[i])) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return;

  let decodedInside = false;
  for (let i = first + 1; i < last; i++) {
    const unit = units[i] ?? '';
    const letter = LEET[unit];
    if (letter === undefined) continue;
    const strict = unit === '!' || unit === '|';
    if (strict && !(isLetter(units[i - 1]) && isLetter(units[i + 1]))) continue;
    units[i] = letter;
    decodedInside = true;
  }

  const leading = units.slice(from, first);
  const leadingDecodable = leading.length > 0 && leading.length <= 2 && leading.every((u) => DIGIT_OR_DOLLAR.test(u) && LEET[u] !== undefined);
  if (leadingDecodable && !isNumberWithUnit) {
    for (let i = from; i < first; i++) units[i] = LEET[units[i] ?? ''] ?? units[i] ?? '';
  }

  const trailing = units.slice(last + 1, to);
  const trailingDecodable =
    trailing.length > 0 && trailing.every((u) => u === '$' || (decodedInside && DIGIT.test(u) && LEET[u] !== undefined));
  if (trailingDecodable) {
    for (let i = last + 1; i < to; i++) units[i] = LEET[units[i] ?? ''] ?? units[i] ?? '';
  }
}

/** Decodes leetspeak in place within one whitespace-delimited token [from, to) of lower-cased units. */
function decodeToken(units: string[], from: number, to: number): void {
  const token = units.slice(from, to).join('');
  if (!ASCII_LETTER.test(token) || !HAS_LEET.test(token)) return;
  if (EMAIL_OR_URL.test(token) || MONEY.test(token)) return;
  const isNumberWithUnit = NUMBER_WITH_UNIT.test(token.replace(PUNCTUATION_EDGES, ''));
  let segmentStart = -1;
  for (let i = from; i <= to; i++) {
    const inSegment = i < to && SEGMENT_UNIT.test(units[i] ?? '');
    if (inSegment && segmentStart < 0) segmentStart = i;
    if (!inSegment && segmentStart >= 0) {
      decodeSegment(units, segmentStart, i, isNumberWithUnit);
      segmentStart = -1;
    }
  }
}

const TOKEN = /\S+/g;

/** Decodes leetspeak across lower-cased text units (`units.join('') === text`), one unit for one unit. */
export function decodeLeetUnits(units: string[], text: string): void {
  if (!HAS_LEET.test(text)) return;
  for (const token of text.matchAll(TOKEN)) {
    if (HAS_LEET.test(token[0]) && ASCII_LETTER.test(token[0])) decodeToken(units, token.index, token.index + token[0].length);
  }
}
