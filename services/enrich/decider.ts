// enrich's pure decider: the post plus what the database knows about its author becomes a PostContext.
import type { ValidPost } from '../ingest/validate';
import { guessLanguage } from './language';

export interface MemberFacts {
  priorStrikes: number;
  postsLastHour: number;
}

export interface PostContext {
  account_age_days: number | null;
  tier: string;
  prior_strikes: number;
  posts_last_hour: number;
  product_topic: string | null;
  customer_account: string | null;
  policy_version: string;
  is_public: boolean;
  audience_size: number;
  language: string;
}

export function buildContext(post: ValidPost, member: MemberFacts, policyVersion: string): PostContext {
  return {
    account_age_days: post.author.account_age_days,
    tier: (post.author.tier ?? 'free').toLowerCase(),
    prior_strikes: member.priorStrikes,
    posts_last_hour: member.postsLastHour,
    product_topic: post.topic_id,
    customer_account: post.tenant_id,
    policy_version: policyVersion,
    is_public: post.is_public,
    // A private space is only seen by its members; without a count, assume a small audience.
    audience_size: post.audience_size ?? (post.is_public ? 100 : 10),
    language: post.language ?? guessLanguage(post.text),
  };
}
