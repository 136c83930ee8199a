// Personal data in a post: e-mail addresses, phone numbers, IBANs, payment cards and street addresses.
// Validated hits (checksums, well-formed addresses) score 1.0; shape-only evidence scores lower so the
// policy can tell "certainly personal data" from "worth a look".

import type { Span } from '../types';
import { type MappedText, cleanWithMap, mapSpan } from '../text/normalise';
import { isValidCardNumber, isValidIban, IBAN_LENGTHS } from './pii-checksums';
import * as P from './pii-patterns';
import { matchMapped, overlaps, type RuleHit } from './rule-hit';

export type PiiKind = 'email' | 'phone' | 'iban' | 'card' | 'address';

export interface PiiHit extends RuleHit {
  kind: PiiKind;
  ruleId: `pii.${PiiKind}`;
}

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
  const exact = matchMapped(original, clean, P.EMAIL).map((m) => hit('email', SCORE.validated, m.span));
  const dodged = matchMapped(original, clean, P.OBFUSCATED_EMAIL).map((m) => hit('email', SCORE.obfuscatedEmail, m.span));
  return [...exact, ...dodged];
}

function isPlausiblePhone(candidate: string, before: string): boolean {
  const digits = candidate.replace(/\D/g, '');
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
  if (compact.length !== expected || /[A-Za-z0-9]/.test(candidate.charAt(i))) return undefined;
  return { compact, length: i };
}

interface IbanScan {
  hits: PiiHit[];
  /** Everything shaped like an IBAN, valid or not: never re-read as a card or phone number. */
  shaped: Span[];
}

function findIbans(original: string, clean: MappedText): IbanScan {
  const scan: IbanScan = { hits: [], shaped: [] };
  for (const { match } of matchMapped(original, clean, P.IBAN_CANDIDATE)) {
    const prefix = ibanPrefix(match[0]);
    const shapedLength = prefix?.length ?? match[0].search(/\d[^\d]*$/) + 1;
    const span = mapSpan(original, clean, match.index, match.index + shapedLength);
    scan.shaped.push(span);
    if (prefix !== undefined && isValidIban(prefix.compact)) scan.hits.push(hit('iban', SCORE.validated, span));
  }
  return scan;
}

/** Picks Luhn-valid card numbers out of a run of digit groups, longest window first. */
function cardsInRun(runText: string, runStart: number): Array<[number, number]> {
  const groups = [...runText.matchAll(/\d+/g)].map((g) => ({ start: g.index, end: g.index + g[0].length, digits: g[0] }));
  const found: Array<[number, number]> = [];
  let from = 0;
  while (from < groups.length) {
    let matchedTo = -1;
    for (let to = groups.length - 1; to >= from && matchedTo < 0; to--) {
      const digits = groups.slice(from, to + 1).map((g) => g.digits).join('');
      if (isValidCardNumber(digits)) matchedTo = to;
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
    if (match[0].replace(/\D/g, '').length < 13) continue;
    for (const [start, end] of cardsInRun(match[0], match.index)) {
      out.push(hit('card', SCORE.validated, mapSpan(original, clean, start, end)));
    }
  }
  return out;
}

function findAddresses(original: string, clean: MappedText): PiiHit[] {
  return [P.ADDRESS_EN, P.ADDRESS_DE, P.ADDRESS_FR].flatMap((pattern) =>
    matchMapped(original, clean, pattern).map((m) => hit('address', SCORE.address, m.span)),
  );
}

function firstSpan(h: PiiHit): Span {
  return h.spans[0] ?? { start: 0, end: 0, text: '' };
}

/** Keeps the best-evidenced hit where candidates overlap, then orders hits by position. */
function resolveOverlaps(hits: PiiHit[]): PiiHit[] {
  const ranked = [...hits].sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.score - a.score || firstSpan(a).start - firstSpan(b).start,
  );
  const kept: PiiHit[] = [];
  for (const candidate of ranked) {
    if (!kept.some((k) => overlaps(firstSpan(k), firstSpan(candidate)))) kept.push(candidate);
  }
  return kept.sort((a, b) => firstSpan(a).start - firstSpan(b).start);
}

/** Every piece of personal data in `text`, non-overlapping, in order, with original-text spans. */
export function detectPii(text: string, clean: MappedText = cleanWithMap(text)): PiiHit[] {
  const ibans = findIbans(text, clean);
  const numbers = [...findCards(text, clean), ...findPhones(text, clean)].filter(
    (h) => !ibans.shaped.some((shape) => overlaps(shape, firstSpan(h))),
  );
  return resolveOverlaps([...ibans.hits, ...numbers, ...findEmails(text, clean), ...findAddresses(text, clean)]);
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
