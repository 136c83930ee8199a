// Reviewer wellbeing, the pure part: which categories count as harm, the UTC day a moment falls on, and
// which categories a reviewer has reached their daily limit for (claim-next skips those cases).
import type { Category } from '../../classify/signals/types';

/** Categories whose content can wear a reviewer down; spam, personal data and legal references do not count. */
export const HARM_CATEGORIES = ['toxicity', 'severe_toxicity', 'identity_attack', 'insult', 'profanity', 'threat', 'sexual', 'self_harm'] as const satisfies readonly Category[];
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export const MAX_DAILY_LIMIT = 1000;

export function isHarmCategory(value: string): value is HarmCategory {
  return (HARM_CATEGORIES as readonly string[]).includes(value);
}

/**
 * The harm categories among a case's routing reasons (the reason code followed by the driving
 * categories or hard rules, as route writes them into the review task).
 */
export function harmCategoriesOf(reasons: readonly string[]): HarmCategory[] {
  return [...new Set(reasons.filter(isHarmCategory))];
}

/** The UTC calendar day of `epochMs`, as YYYY-MM-DD: exposure counters reset at midnight UTC. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Categories where today's count has reached the lead's limit: a limit of 0 blocks the category outright. */
export function blockedCategories(counts: Readonly<Record<string, number>>, limits: Readonly<Record<string, number>>): HarmCategory[] {
  return HARM_CATEGORIES.filter((c) => limits[c] !== undefined && (counts[c] ?? 0) >= (limits[c] ?? 0));
}
