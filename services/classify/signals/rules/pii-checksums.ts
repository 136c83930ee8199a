// Check digits that turn "looks like a number" into "is a bank or card number". Without them any long
// order number or tracking code would be redacted as personal data.

/** ISO 13616 IBAN length per country (SWIFT IBAN registry). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20,
};

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;
const ONLY_DIGITS = /^\d+$/;
const ISSUER_PREFIX = /^[2-6]/;
const ONE_REPEATED_DIGIT = /^(\d)\1+$/;

/** True when `compact` (no spaces, upper case) has its country's length and a valid mod-97 checksum. */
export function isValidIban(compact: string): boolean {
  if (!IBAN_SHAPE.test(compact)) return false;
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits (A = 10 ... Z = 35); fold them in digit by digit to stay in range.
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Luhn (mod-10) check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  if (!ONLY_DIGITS.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits.charAt(digits.length - 1 - i));
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * A payment card number: 13-19 digits, an issuer prefix that is in use (2 Mastercard, 3 Amex/JCB/Diners,
 * 4 Visa, 5 Mastercard/Maestro, 6 Discover/UnionPay/Maestro), not one repeated digit, and Luhn-valid.
 */
export function isValidCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (!ISSUER_PREFIX.test(digits)) return false;
  if (ONE_REPEATED_DIGIT.test(digits)) return false;
  return passesLuhn(digits);
}
