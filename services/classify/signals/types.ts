// The contract between the classify stage and its signals (rules, lexicons and trained models).
// Category names are part of Vigil's public output and match the Perspective API attributes where one exists.
import type { PhaseTimer } from '../../core/kafka/phase-timer';

export const CATEGORIES = [
  'spam',
  'toxicity',
  'severe_toxicity',
  'identity_attack',
  'insult',
  'profanity',
  'threat',
  'sexual',
  'self_harm',
  'pii',
  'legal_reference',
] as const;

export type Category = (typeof CATEGORIES)[number];
export type CategoryScores = Record<Category, number>;

export const ROUTERS = ['banking77', '20newsgroups'] as const;
export type RouterName = (typeof ROUTERS)[number];

/** A character range in the original (un-normalised) text that drove a score. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** Why a category scored high: the rule that fired or the model tokens that weighed most. */
export interface Explanation {
  category: Category;
  /** Rule id (e.g. `pii.iban`) or model id (e.g. `toxicity-lr@1.0.0`). */
  source: string;
  spans: Span[];
  detail?: string;
}

export interface ClassifyInput {
  id: string;
  text: string;
  language?: string;
}

export interface Classification {
  scores: CategoryScores;
  isQuestion: { value: boolean; score: number };
  topic?: { label: string; score: number };
  explanations: Explanation[];
  /** Signal id -> version, e.g. `{ "rules": "1.0.0", "toxicity": "1.2.0" }`. */
  modelVersions: Record<string, string>;
  /** What shadow model versions would have scored; recorded for comparison, never used to decide. */
  shadowScores?: CategoryScores;
}

/** Scores a batch of posts. Deterministic for a fixed model and input. */
export interface Classifier {
  readonly versions: Record<string, string>;
  /** `phases`, when given, times the trained models and the rules separately (for the trace). */
  classifyBatch(inputs: readonly ClassifyInput[], phases?: PhaseTimer): Promise<Classification[]>;
}

export function emptyScores(): CategoryScores {
  return Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as CategoryScores;
}
