// Request and response schemas for answer routing and quality review, shared by validation and the
// OpenAPI document.
import { z } from 'zod';
import { CaseView } from './schemas';

export const ANSWER_MAX_CHARS = 5000;

export const QuestionParams = z.object({ case_id: z.string().min(1).max(300) });
export const AnswerBody = z.object({
  text: z.string().trim().min(1, 'an answer needs some text').max(ANSWER_MAX_CHARS, `at most ${ANSWER_MAX_CHARS} characters`),
});
export const ApproveAnswerBody = z.object({
  answer_id: z.string().min(1).max(100).describe('an answer posted on this question, or a suggested (prior approved) answer on the same topic'),
});
export const ReassignQuestionBody = z.object({
  queue: z.string().min(1).max(100).regex(/^[a-z0-9_]+$/, 'lower-case queue name').optional().describe('another expert queue'),
  to: z.string().min(1).max(100).optional().describe('the expert (reviewer id) who takes the question over'),
});
export const SecondReviewBody = z.object({
  action: z.enum(['approve', 'remove', 'restrict_author']),
  reason_code: z.string().min(1).max(100),
});
export const QualityQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional().describe('start of the window (inclusive), ISO 8601'),
  to: z.iso.datetime({ offset: true }).optional().describe('end of the window (exclusive), ISO 8601'),
});

export const Suggestion = z.object({ answer_id: z.string(), case_id: z.string(), text: z.string(), similarity: z.number() });
export const SuggestionsResponse = z.object({
  case_id: z.string(),
  topic: z.string().nullable(),
  queue: z.string(),
  question: z.string().describe('the question text, personal data masked'),
  suggestions: z.array(Suggestion),
});
export const AnswerResult = z.object({ case: CaseView, events: z.array(z.string()), answer_id: z.string() });
export const QuestionSweepResponse = z.object({ routed: z.array(z.object({ case_id: z.string(), queue: z.string(), topic: z.string().nullable() })) });
export const QualitySampleResponse = z.object({ sampled: z.array(z.object({ case_id: z.string(), queue: z.string(), first_reviewer: z.string() })) });
const RateSchema = z.object({ rate: z.number().nullable(), numerator: z.number(), denominator: z.number() });
export const QualityResponse = z.object({
  tenants: z.array(z.string()),
  from: z.string().nullable(),
  to: z.string().nullable(),
  decisions: z.number(),
  appeals_decided: z.number(),
  appeal_overturn: RateSchema.describe('appeals reversed / human decisions'),
  sampled: z.number(),
  second_reviews: z.number(),
  second_review_overturn: RateSchema.describe('second reviews disagreeing / cases sampled'),
  kappa: z.number().nullable().describe("Cohen's kappa over (first, second) decision labels"),
  kappa_pairs: z.number(),
  kappa_reason: z.string().nullable(),
  confusion: z.record(z.string(), z.number()),
});
