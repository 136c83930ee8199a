// Personal data in a post: e-mail addresses, phone numbers, IBANs, payment cards and street addresses.
// Validated hits (checksums, well-formed addresses) score 1.0; shape-only evidence scores lower so the
// policy can tell "certainly personal data" from "worth a look".

import type { Span } from '../types';
import { type MappedText, cleanWithMap, mapSpan } from '../text/normalise';
import { isValidCardNumber, isValidIban, IBAN_LENGTHS } from './pii-checksums';
import * as P from './pii-patterns';
import { keepNonOverlapping, matchMapped, type RuleHit } from './rule-hit';

export type PiiKind = 'email' | 'phone' | 'iban' | 'card' | 'address';

export interface PiiHit extends RuleHit {
  kind: PiiKind;
  ruleId: `pii.${PiiKind}`;
}

const DIGITS = /\d+/g;
const NON_DIGITS = /\D/g;
const LAST_DIGIT = /\d\D*$/;
const ANY_DIGIT = /\d/;
const ALPHANUMERIC = /[A-Za-z0-9]/;

const SCORE = {
  validated: 1.0,
  nationalPhone: 0.9,
  obfuscatedEmail: 0.8,
  address: 0.6,
} as const;

// When candidates overlap, the better-evidenced kind keeps the range (a card number is not a phone).
const PRIORITY: Readonly<Record<PiiKind, number>> = { iban: 0, card: 1, email: 2, phone: 3, address: 4 };

function hit(kind: PiiKind, score: number, span: Span): PiiHit {
  return { kind, ruleId: `pii.${kind}`, score, spans: [span] };
}

function findEmails(original: string, clean: MappedText): PiiHit[] {
  const exact = P.MAY_HAVE_EMAIL.test(clean.text) ? matchMapped(original, clean, P.EMAIL) : [];
  const dodged = P.MAY_HAVE_DODGED_EMAIL.test(clean.text) ? matchMapped(original, clean, P.OBFUSCATED_EMAIL) : [];
  return [
    ...exact.map((m) => hit('email', SCORE.validated, m.span)),
    ...dodged.map((m) => hit('email', SCORE.obfuscatedEmail, m.span)),
  ];
}

function isPlausiblePhone(candidate: string, before: string): boolean {
  const digits = candidate.replace(NON_DIGITS, '');
  if (digits.length < 8 || digits.length > 15) return false;
  if (P.DATE_LIKE.test(candidate)) return false;
  return !P.REFERENCE_CONTEXT.test(before);
}

function findPhones(original: string, clean: MappedText): PiiHit[] {
  const out: PiiHit[] = [];
  const patterns: Array<[RegExp, number]> = [
    [P.PHONE_INTERNATIONAL, SCORE.validated],
    [P.PHONE_NATIONAL, SCORE.nationalPhone],
    [P.PHONE_NANP, SCORE.nationalPhone],
  ];
  for (const [pattern, score] of patterns) {
    for (const { match, span } of matchMapped(original, clean, pattern)) {
      const before = clean.text.slice(Math.max(0, match.index - 24), match.index);
      if (isPlausiblePhone(match[0].trim(), before)) out.push(hit('phone', score, span));
    }
  }
  return out;
}

/** Walks a greedy candidate and keeps exactly the country's IBAN length of alphanumerics. */
function ibanPrefix(candidate: string): { compact: string; length: number } | undefined {
  const expected = IBAN_LENGTHS[candidate.slice(0, 2).toUpperCase()];
  if (expected === undefined) return undefined;
  let compact = '';
  let i = 0;
  for (; i < candidate.length && compact.length < expected; i++) {
    const ch = candidate.charAt(i);
    if (ch !== ' ') compact += ch.toUpperCase();
  }
  if (compact.length !== expected || ALPHANUMERIC.test(candidate.charAt(i))) return undefined;
  return { compact, length: i };
}

interface IbanScan {
  hits: PiiHit[];
  /** Everything shaped like an IBAN, valid or not: never re-read as a card or phone number. */
  shaped: Span[];
}

function findIbans(original: string, clean: MappedText): IbanScan {
  const scan: IbanScan = { hits: [], shaped: [] };
  if (!P.MAY_HAVE_IBAN.test(clean.text)) return scan;
  for (const { match } of matchMapped(original, clean, P.IBAN_CANDIDATE)) {
    const prefix = ibanPrefix(match[0]);
    const shapedLength = prefix?.length ?? match[0].search(LAST_DIGIT) + 1;
    const span = mapSpan(original, clean, match.index, match.index + shapedLength);
    scan.shaped.push(span);
    if (prefix !== undefined && isValidIban(prefix.compact)) scan.hits.push(hit('iban', SCORE.validated, span));
  }
  return scan;
}

const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/**
 * Picks Luhn-valid card numbers out of a run of digit groups, longest window first. Windows stop at
 * 19 digits, which keeps a hostile run of thousands of groups linear.
 */
function cardsInRun(runText: string, runStart: number): Array<[number, number]> {
  const groups = [...runText.matchAll(DIGITS)].map((g) => ({ start: g.index, end: g.index + g[0].length, digits: g[0] }));
  const found: Array<[number, number]> = [];
  let from = 0;
  while (from < groups.length) {
    let digits = '';
    let matchedTo = -1;
    for (let to = from; to < groups.length; to++) {
      digits += groups[to]?.digits ?? '';
      if (digits.length > MAX_CARD_DIGITS) break;
      if (digits.length >= MIN_CARD_DIGITS && isValidCardNumber(digits)) matchedTo = to;
    }
    const first = groups[from];
    const last = groups[matchedTo];
    if (first !== undefined && last !== undefined) {
      found.push([runStart + first.start, runStart + last.end]);
      from = matchedTo + 1;
    } else {
      from += 1;
    }
  }
  return found;
}

function findCards(original: string, clean: MappedText): PiiHit[] {
  const out: PiiHit[] = [];
  for (const { match } of matchMapped(original, clean, P.DIGIT_GROUP_RUN)) {
    if (match[0].replace(NON_DIGITS, '').length < 13) continue;
    for (const [start, end] of cardsInRun(match[0], match.index)) {
      out.push(hit('card', SCORE.validated, mapSpan(original, clean, start, end)));
    }
  }
  return out;
}

function findAddresses(original: string, clean: MappedText): PiiHit[] {
  if (!ANY_DIGIT.test(clean.text)) return [];
  return P.ADDRESSES.filter((a) => a.quick.test(clean.text)).flatMap(({ pattern }) =>
    matchMapped(original, clean, pattern).map((m) => hit('address', SCORE.address, m.span)),
  );
}

function firstSpan(h: PiiHit): Span {
  return h.spans[0] ?? { start: 0, end: 0, text: '' };
}

/** Keeps the best-evidenced hit where candidates overlap, then orders hits by position. */
function resolveOverlaps(hits: PiiHit[], textLength: number): PiiHit[] {
  const ranked = [...hits].sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.score - a.score || firstSpan(a).start - firstSpan(b).start,
  );
  return keepNonOverlapping(ranked, firstSpan, textLength).sort((a, b) => firstSpan(a).start - firstSpan(b).start);
}

/** Every piece of personal data in `text`, non-overlapping, in order, with original-text spans. */
export function detectPii(text: string, clean: MappedText = cleanWithMap(text)): PiiHit[] {
  const ibans = findIbans(text, clean);
  // Cheap gates first: most posts have no long digit run, so the number patterns never run.
  const digits = clean.text.replace(NON_DIGITS, '').length;
  const numberHits = [...(digits >= 13 ? findCards(text, clean) : []), ...(digits >= 8 ? findPhones(text, clean) : [])];
  // IBAN-shaped text claims its range first, so an invalid IBAN is never re-read as a card or phone.
  const shapes = ibans.shaped.map((span) => ({ span, hit: undefined }));
  const numbers = keepNonOverlapping([...shapes, ...numberHits.map((h) => ({ span: firstSpan(h), hit: h }))], (x) => x.span, text.length)
    .flatMap((x) => (x.hit ? [x.hit] : []));
  return resolveOverlaps([...ibans.hits, ...numbers, ...findEmails(text, clean), ...findAddresses(text, clean)], text.length);
}

/** The `pii` category score: the strongest single hit (one phone number is enough). */
export function piiScore(hits: readonly PiiHit[]): number {
  return hits.reduce((best, h) => Math.max(best, h.score), 0);
}

/** `text` with each piece of personal data replaced by `[email]`, `[phone]`, `[iban]`, `[card]` or `[address]`. */
export function maskPii(text: string): string {
  let out = '';
  let cursor = 0;
  for (const h of detectPii(text)) {
    const span = firstSpan(h);
    out += `${text.slice(cursor, span.start)}[${h.kind}]`;
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
