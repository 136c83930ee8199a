// The member notification: what a CRM or email system needs to tell a member about a decision on their
// post, with no further lookups. Pure: post text, reason texts and the appeals SLA are passed in.
import { maskPii } from '../classify/signals/rules/pii';
import type { DecisionRecord } from './decision-record';
import { MEMBER_NOTIFICATION } from './webhooks-config';

export const EXCERPT_MAX_CHARS = 140;

export interface NoticeContext {
  /** The author's member id, from the case projection; null if unknown. */
  memberId: string | null;
  /** The post text as stored with the review task; null when none was kept (automatic decisions). */
  postText: string | null;
  /** Human text of the reason code, from the tenant's policy. */
  reasonText: string | null;
  /** Appeals SLA in minutes, from the policy's `appeals` queue. */
  appealSlaMinutes: number | null;
}

export interface MemberNotice {
  type: typeof MEMBER_NOTIFICATION;
  notice_id: string;
  tenant_id: string;
  case_id: string;
  post_id: string;
  member_id: string | null;
  action: string;
  headline: string;
  reason_code: string;
  reason_text: string | null;
  excerpt: string | null;
  excerpt_status: 'included' | 'unavailable';
  excerpt_note: string | null;
  appeal: { link: string; expected_timeline_minutes: number | null; expected_timeline: string | null } | null;
  automated: DecisionRecord['automated'];
  policy_version: string;
  decided_at: number;
}

const HEADLINES: Record<string, string> = {
  hide: 'Your post has been hidden',
  remove: 'Your post has been removed',
  restrict_author: 'Your post has been removed and your posting is restricted',
  appeal_upheld: 'Your appeal was reviewed: the decision stands',
  appeal_reversed: 'Your appeal was successful: the decision has been reversed',
};

/** Masks personal data first (so a cut never leaves half an email), then cuts at a word boundary. */
export function excerptOf(text: string, max = EXCERPT_MAX_CHARS): string {
  const masked = maskPii(text).replace(/\s+/g, ' ').trim();
  if (masked.length <= max) return masked;
  const cut = masked.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function describeTimeline(minutes: number): string {
  if (minutes % 1440 === 0) return `within ${minutes / 1440} day${minutes === 1440 ? '' : 's'} (${minutes / 60} hours)`;
  if (minutes % 60 === 0) return `within ${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `within ${minutes} minutes`;
}

export function memberNotice(record: DecisionRecord, ctx: NoticeContext): MemberNotice {
  const excerpt = ctx.postText ? excerptOf(ctx.postText) : null;
  return {
    type: MEMBER_NOTIFICATION,
    notice_id: `${record.idempotency_key}:notice`,
    tenant_id: record.tenant_id,
    case_id: record.case_id,
    post_id: record.post_id,
    member_id: ctx.memberId,
    action: record.action,
    headline: HEADLINES[record.action] ?? `A moderation decision was made on your post (${record.action})`,
    reason_code: record.reason_code,
    reason_text: ctx.reasonText,
    excerpt,
    excerpt_status: excerpt ? 'included' : 'unavailable',
    excerpt_note: excerpt ? 'personal data masked' : 'the post text was not retained for this decision',
    // Appeal outcomes are final; a fresh restriction can be appealed.
    appeal: record.appeal_link && !record.action.startsWith('appeal_')
      ? {
          link: record.appeal_link,
          expected_timeline_minutes: ctx.appealSlaMinutes,
          expected_timeline: ctx.appealSlaMinutes === null ? null : `An appeal is decided by a different reviewer ${describeTimeline(ctx.appealSlaMinutes)}.`,
        }
      : null,
    automated: record.automated,
    policy_version: record.policy_version,
    decided_at: record.decided_at,
  };
}
