// Upstream posts for tests, shaped exactly as a producer would send them to community.posts.
import { randomUUID } from 'node:crypto';

export function upstreamPost(text: string, overrides: Record<string, unknown> = {}): { key: string; value: Record<string, unknown> } {
  const postId = (overrides.post_id as string | undefined) ?? randomUUID();
  const tenant = (overrides.tenant_id as string | undefined) ?? 'acme';
  return {
    key: `${tenant}:${postId}`,
    value: {
      schema_version: 1,
      event_id: randomUUID(),
      tenant_id: tenant,
      post_id: postId,
      thread_id: null,
      topic_id: 'cards',
      author: { member_id: 'member-1', account_age_days: 30, tier: 'free' },
      is_public: true,
      audience_size: null,
      language: null,
      text,
      links: [],
      created_at: Date.now(),
      ...overrides,
    },
  };
}

/** A moderation.classified record with chosen scores, for tests that start at route. */
export function classifiedPost(scores: Record<string, number>, overrides: { tenant?: string; authorId?: string } = {}) {
  const { value, key } = upstreamPost('a post whose scores the test chooses', { tenant_id: overrides.tenant ?? 'acme', author: { member_id: overrides.authorId ?? 'member-1', account_age_days: 30, tier: 'free' } });
  const now = Date.now();
  return {
    key,
    value: {
      post: value,
      case_id: key,
      ingested_at: now,
      context: { account_age_days: 30, tier: 'free', prior_strikes: 0, posts_last_hour: 0, product_topic: null, customer_account: 'acme', policy_version: 'file', is_public: true, audience_size: 100, language: 'en' },
      classification: {
        scores, is_question: false, question_score: 0, topic: null, topic_score: null, explanations_json: '[]',
        model_versions: { rules: 'test' }, shadow_scores: null, classified_at: now,
      },
    },
  };
}
