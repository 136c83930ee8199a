// Turns a moderation.classified record into the facts routing decides on, and back into log entries.
import { RejectedRecord } from '../core/errors';
import type { DecisionEvent, NewLogEntry, PostFacts } from '../core/log/events';
import type { PostContext } from '../enrich/decider';
import type { ValidPost } from '../ingest/validate';
import type { Policy } from './policy';

export interface ClassifiedPost {
  post: ValidPost;
  case_id: string;
  ingested_at: number;
  context: PostContext;
  classification: {
    scores: Record<string, number>;
    is_question: boolean;
    question_score: number;
    topic: string | null;
    topic_score: number | null;
    explanations_json: string;
    model_versions: Record<string, string>;
  };
}

export function acceptClassified(value: unknown): ClassifiedPost {
  const v = value as Partial<ClassifiedPost>;
  if (!v.post || !v.context || !v.classification || typeof v.case_id !== 'string') throw new RejectedRecord('post: missing post, context, classification or case_id', 'post');
  return v as ClassifiedPost;
}

export function factsFrom(c: ClassifiedPost): PostFacts {
  return {
    postId: c.post.post_id,
    authorId: c.post.author.member_id,
    tier: c.context.tier,
    accountAgeDays: c.context.account_age_days,
    priorStrikes: c.context.prior_strikes,
    audienceSize: c.context.audience_size,
    isPublic: c.context.is_public,
    language: c.context.language,
    productTopic: c.context.product_topic,
    scores: c.classification.scores,
    isQuestion: c.classification.is_question,
    topic: c.classification.topic,
    createdAt: c.post.created_at,
  };
}

/** The thresholds in force, copied into every decision so an audit never has to reconstruct them. */
export function thresholdSnapshot(policy: Policy): Record<string, unknown> {
  return { categories: policy.categories, hard_rules: policy.hard_rules };
}

const SUFFIX: Record<DecisionEvent['type'], string> = {
  PostClassified: 'classified', AutoAllowed: 'routed', AutoHidden: 'routed', ProvisionallyPublished: 'routed', QueuedForReview: 'routed', Escalated: 'routed',
  ReviewClaimed: 'claimed', ReviewReleased: 'released', ReviewDecided: 'decided', SlaBreached: 'sla', AppealFiled: 'appeal', AppealDecided: 'appeal-decided',
  PolicyPublished: 'policy', ThresholdTightened: 'tightened', DecisionSuperseded: 'superseded', WritebackDelivered: 'delivered', WritebackFailed: 'failed',
  QuestionRoutedToExpert: 'question-routed', AnswerPosted: 'answer', AnswerApproved: 'answer-approved', QuestionReassigned: 'question-reassigned',
  QualitySampled: 'quality-sampled', SecondReviewDecided: 'second-review',
};

export function routeEntries(c: ClassifiedPost, events: DecisionEvent[], policy: Policy, now: number, traceId: string | null): NewLogEntry[] {
  return events.map((event) => ({
    // Derived from the upstream event id: the same post delivered twice maps to the same log rows.
    eventId: `${c.post.event_id}:${SUFFIX[event.type]}`,
    tenantId: c.post.tenant_id,
    caseId: c.case_id,
    event,
    policyVersion: policy.version,
    modelVersions: c.classification.model_versions,
    thresholds: thresholdSnapshot(policy),
    actor: { type: 'system', id: 'route' },
    causationId: c.post.event_id,
    correlationId: c.post.event_id,
    traceId,
    occurredAt: new Date(now),
  }));
}

/** W3C traceparent: version-traceid-spanid-flags; the log keeps the trace id. */
export function traceIdFrom(headers: Record<string, string>): string | null {
  const parts = headers.traceparent?.split('-');
  return parts && parts.length === 4 && parts[1]?.length === 32 ? parts[1] : null;
}
