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
