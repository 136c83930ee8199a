// Regular expressions for personal data, compiled once at module load. They find candidates; pii.ts
// validates them (checksums, digit counts, context) before anything counts as personal data.
// They run on the cleaned text (NFKC, no zero-width characters), so "j\u200Bohn@x.io" still matches.

const LOCAL_PART = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?`;
const DOMAIN_LABEL = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?`;

export const EMAIL = new RegExp(
  String.raw`(?<![\w.%+-])${LOCAL_PART}@${DOMAIN_LABEL}(?:\.${DOMAIN_LABEL})*\.[A-Za-z]{2,24}(?![\w-])`,
  'g',
);

/** Cheap gates: the full patterns only run on text that could contain a match. */
export const MAY_HAVE_EMAIL = /@/;
export const MAY_HAVE_DODGED_EMAIL = /dot/i;

// "john [at] example [dot] com", "jane(at)mail(dot)de", "bob at gmail dot com": the usual dodges.
const AT = String.raw`\s*(?:\[at\]|\(at\)|\{at\}|<at>|\s+at\s+)\s*`;
const DOT = String.raw`\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s+dot\s+)\s*`;
const COMMON_TLD = String.raw`(?:com|net|org|de|co|uk|io|fr|eu|info|edu|gov|ch|at|nl|es|it|be|se|dk|no|pl|au|ca|us)`;
export const OBFUSCATED_EMAIL = new RegExp(
  String.raw`(?<![\w.])[A-Za-z0-9._%+-]+${AT}${DOMAIN_LABEL}(?:(?:${DOT}|\.)${DOMAIN_LABEL})*?${DOT}${COMMON_TLD}(?![\w])`,
  'gi',
);

/** "+44 7700 900123", "+1 (555) 123-4567", "+49 30 12345678", "+4915112345678". */
export const PHONE_INTERNATIONAL = /(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,6})){1,6}(?![\w])/g;
/** Trunk prefix 0: "07700 900123", "030 12345678", "(030) 1234567", "0151/12345678", "01 23 45 67 89". */
export const PHONE_NATIONAL = /(?<![\w+.,/-])(?:\(0\d{1,5}\)|0\d{1,5})(?:[ .\-/]?\d{2,8}){1,4}(?![\w]|[.,/-]\d)/g;
/** North American: "(555) 123-4567", "555-123-4567", "555.123.4567" (separators required). */
export const PHONE_NANP = /(?<![\w+.,/-])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}(?![\w]|[.,/-]\d)/g;

export const DATE_LIKE = /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})$/;
/** A phone-shaped number right after one of these is an order, ticket or account reference. */
export const REFERENCE_CONTEXT =
  /(?:order|invoice|ref(?:erence)?|ticket|case|tracking|parcel|shipment|account|acct|customer|member|id|no\.?|nr\.?|number|#)\s*[:#.]?\s*$/i;

/** Gate for IBAN_CANDIDATE: two letters then two digits. */
export const MAY_HAVE_IBAN = /[A-Za-z]{2}\d{2}/;
/** Candidate IBAN: country, check digits, then up to 30 alphanumerics in optional groups of four. */
export const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}/g;

/** Digit groups joined by single spaces or dashes; card numbers are picked from inside these runs. */
export const DIGIT_GROUP_RUN = /(?<![\w.,-])\d+(?:[ -]\d+)*(?![\w])/g;

// Abbreviations keep their full stop ("Baker St."); full words leave it to the sentence.
const EN_STREET_SUFFIX =
  String.raw`(?:(?:Street|Road|Avenue|Lane|Drive|Boulevard|Way|Place|Court|Close|Crescent|Terrace|Square|Highway|Parkway|Gardens|Grove|Row|Walk|Mews)(?![\w])|(?:St|Rd|Ave|Ln|Dr|Blvd|Pl|Ct|Sq|Hwy|Pkwy)(?![\w])\.?)`;
/** "12 Baker Street", "221B Baker St.", "1600 Pennsylvania Avenue". Street names must be capitalised. */
export const ADDRESS_EN = new RegExp(
  String.raw`(?<![\w])\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][a-z'’]+\.?\s+){1,3}${EN_STREET_SUFFIX}`,
  'g',
);

const DE_STREET_COMPOUND = String.raw`[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|chaussee)`;
const DE_STREET_WORDS = String.raw`[A-ZÄÖÜ][a-zäöüß]+\s(?:Straße|Strasse|Str\.|Weg|Gasse|Platz|Allee|Damm|Ufer)`;
/** "Hauptstraße 5", "Berliner Straße 12a", "Kurfürstendamm 21". House numbers stop at three digits. */
export const ADDRESS_DE = new RegExp(
  String.raw`(?<![\p{L}])(?:${DE_STREET_COMPOUND}|${DE_STREET_WORDS})\s*\d{1,3}\s?[a-z]?(?![\p{L}\p{N}])`,
  'gu',
);

/** "12 rue de la Paix", "5 bis avenue des Champs-Élysées". */
export const ADDRESS_FR = new RegExp(
  String.raw`(?<![\w])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|boulevard|bd|place|allée|chemin|impasse|quai)\s+(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')?[A-ZÉÈ][\p{L}'-]+`,
  'gu',
);

/** Address patterns, each behind a cheap keyword gate. */
export const ADDRESSES: ReadonlyArray<{ quick: RegExp; pattern: RegExp }> = [
  { quick: /\b(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Place|Pl|Court|Ct|Close|Crescent|Terrace|Square|Sq|Highway|Hwy|Parkway|Pkwy|Gardens|Grove|Row|Walk|Mews)\b/, pattern: ADDRESS_EN },
  { quick: /stra(?:ß|ss)e|str\.|weg|gasse|platz|allee|damm|ufer|chaussee/i, pattern: ADDRESS_DE },
  { quick: /\b(?:rue|avenue|boulevard|bd|place|allée|chemin|impasse|quai)\b/, pattern: ADDRESS_FR },
];
