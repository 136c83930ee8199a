// A fingerprint of `normaliseText`'s behaviour, recorded in each artifact at training time and
// compared at load time: if the normaliser changed since a model was trained, serving features no
// longer match training features (train/serve skew) and the model should be retrained.
import { createHash } from 'node:crypto';
import { normaliseText } from '../text/normalise';

/** Probe strings exercising case, NFKC, zero-width, homoglyph, leetspeak and repeat handling. */
const PROBES = [
  'Hello, how are you?',
  'FREE entry!! Txt WIN to 87121 now £1000',
  'ｆｕｌｌ ｗｉｄｔｈ and zero\u200bwidth',
  'Сyrillic раypal and Greek αβγ',
  'h3ll0 w0rld 2024 l33t $h!t',
  'loooooser!!! soooo gooood',
  'f.u.c.k you_too @user http://x.y/z',
  "it's o’clock — “quotes” & <tags>",
  'émoji 🙂 and accents café naïve',
  '  multiple\t\nwhitespace   runs  ',
];

export function normaliserFingerprint(): string {
  const h = createHash('sha256');
  for (const p of PROBES) h.update(normaliseText(p)).update('\u0000');
  return h.digest('hex').slice(0, 16);
}
