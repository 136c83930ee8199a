// Evasion-resistant text normalisation, shared by rules and model featurisers so that training and
// serving see the same tokens. Order matters: NFKC first folds full-width and compatibility forms,
// then zero-width characters are removed, then homoglyphs and leetspeak are mapped to Latin letters.

const ZERO_WIDTH = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD\u034F\u180E]/g;

// Cyrillic and Greek letters that render like Latin ones; spammers use them to dodge word filters.
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', с: 'c', е: 'e', ё: 'e', н: 'h', і: 'i', ј: 'j', к: 'k', м: 'm', о: 'o', р: 'p',
  ѕ: 's', т: 't', у: 'y', х: 'x', ԁ: 'd', ɡ: 'g', ⅼ: 'l', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ν: 'v',
};

// Applied only inside words that also contain letters, so numbers like "2024" or "£500" survive.
const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l',
};

function mapHomoglyphs(text: string): string {
  let out = '';
  for (const ch of text) out += HOMOGLYPHS[ch] ?? ch;
  return out;
}

function deLeetWord(word: string): string {
  if (!/[a-z]/.test(word) || !/[0-9@$!|]/.test(word)) return word;
  let out = '';
  for (const ch of word) out += LEET[ch] ?? ch;
  return out;
}

/** Collapse runs of three or more of the same letter to two ("loooser" -> "looser"). */
function squeezeRepeats(text: string): string {
  return text.replace(/([a-z])\1{2,}/g, '$1$1');
}

/** Lower-case, NFKC, no zero-width characters, homoglyphs and leetspeak mapped, repeats squeezed. */
export function normaliseText(text: string): string {
  const folded = mapHomoglyphs(text.normalize('NFKC').replace(ZERO_WIDTH, '').toLowerCase());
  const words = folded.split(/(\s+)/).map(deLeetWord).join('');
  return squeezeRepeats(words);
}

/** Stripped of letter-separating punctuation too ("f.u.c.k" -> "fuck"), for lexicon matching only. */
export function collapseSeparators(normalised: string): string {
  return normalised.replace(/\b([a-z])(?:[.\-_*]([a-z]))+\b/g, (m) => m.replace(/[.\-_*]/g, ''));
}
