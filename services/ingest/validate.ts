// ingest's pure decider: a raw post (from Avro or from JSON over HTTP) is accepted and normalised, or
// rejected with the field and the limit it broke. The clock is an argument.
import { z } from 'zod';

export const LIMITS = {
  textMaxChars: 10_000,
  idMaxChars: 128,
  linksMax: 20,
  linkMaxChars: 2_048,
  futureSkewMs: 5 * 60_000,
} as const;

const Id = (field: string) => z.string({ error: `${field}: required` }).trim().min(1, `${field}: required`).max(LIMITS.idMaxChars, `${field}: longer than ${LIMITS.idMaxChars} characters`);

export const PostInput = z.object({
  schema_version: z.number().int().min(1).default(1),
  event_id: Id('event_id'),
  tenant_id: z
    .string({ error: 'tenant_id: required' })
    .trim()
    .min(1, 'tenant_id: required')
    .max(64, 'tenant_id: longer than 64 characters')
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'tenant_id: only lower-case letters, digits, dash and underscore'),
  post_id: Id('post_id'),
  thread_id: z.string().max(LIMITS.idMaxChars, `thread_id: longer than ${LIMITS.idMaxChars} characters`).nullable().default(null),
  topic_id: z.string().max(LIMITS.idMaxChars, `topic_id: longer than ${LIMITS.idMaxChars} characters`).nullable().default(null),
  author: z.object(
    {
      member_id: Id('author.member_id'),
      account_age_days: z.number().int().min(0, 'author.account_age_days: must be >= 0').nullable().default(null),
      tier: z.string().max(32, 'author.tier: longer than 32 characters').nullable().default(null),
    },
    { error: 'author: required' },
  ),
  is_public: z.boolean().default(true),
  audience_size: z.number().int().min(0, 'audience_size: must be >= 0').nullable().default(null),
  language: z.string().max(35, 'language: longer than 35 characters').nullable().default(null),
  text: z.string({ error: 'text: required' }).max(LIMITS.textMaxChars, `text: longer than ${LIMITS.textMaxChars} characters`),
  links: z
    .array(z.string().max(LIMITS.linkMaxChars, `links: a link is longer than ${LIMITS.linkMaxChars} characters`))
    .max(LIMITS.linksMax, `links: more than ${LIMITS.linksMax} links`)
    .default([]),
  created_at: z.number({ error: 'created_at: required (epoch milliseconds)' }).int().positive('created_at: must be a positive epoch-milliseconds time'),
});

export type ValidPost = z.output<typeof PostInput>;

export type Validation = { ok: true; post: ValidPost; caseId: string } | { ok: false; field: string; reason: string };

/** Validates and normalises a post. Text is NFC-normalised and trimmed; nothing else is rewritten. */
export function validatePost(raw: unknown, now: number): Validation {
  const parsed = PostInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(record)';
    const reason = issue.message.includes(':') ? issue.message : `${field}: ${issue.message}`;
    return { ok: false, field, reason };
  }
  const post = parsed.data;
  if (post.text.trim().length === 0) return { ok: false, field: 'text', reason: 'text: empty' };
  if (post.created_at > now + LIMITS.futureSkewMs) {
    return { ok: false, field: 'created_at', reason: `created_at: ${new Date(post.created_at).toISOString()} is more than 5 minutes in the future` };
  }
  const normalised: ValidPost = { ...post, text: post.text.normalize('NFC').trim() };
  return { ok: true, post: normalised, caseId: `${post.tenant_id}:${post.post_id}` };
}
