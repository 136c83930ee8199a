// The review stage reads moderation.classified too, and keeps each question (with its text, which the
// decision log never holds) so the answer-routing sweeper can send it to an expert later.
import type { Db } from '../../core/db/database';
import type { ClassifiedPost } from '../../route/facts';
import type { Policy } from '../../route/policy';
import { recordQuestion, type QuestionRow } from './store';

/** The question to keep, or null: the tenant's policy routes no questions, or the post is not one. */
export function questionFrom(c: ClassifiedPost, policy: Policy): QuestionRow | null {
  const rules = policy.answer_routing;
  const score = c.classification.question_score;
  if (!rules || !Number.isFinite(score) || score < rules.question_threshold) return null;
  return {
    caseId: c.case_id,
    tenantId: c.post.tenant_id,
    postId: c.post.post_id,
    threadId: c.post.thread_id ?? null,
    authorId: c.post.author.member_id,
    text: c.post.text,
    questionScore: score,
    routerTopic: c.classification.topic,
    productTopic: c.context.product_topic,
    askedAt: c.post.created_at,
  };
}

export async function intakeQuestion(db: Db, policy: Policy, c: ClassifiedPost): Promise<void> {
  const q = questionFrom(c, policy);
  if (q) await recordQuestion(db, q);
}
