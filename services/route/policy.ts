// Routing policies: YAML under policies/, validated once on load, identified by version and content hash.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CATEGORIES } from '../classify/signals/types';
import { canonicalJson } from '../core/log/hash-chain';

const Severity = z.enum(['low', 'medium', 'high', 'urgent']);
const Score = z.number().min(0).max(1.01);

const CategoryRule = z
  .object({
    auto_allow_below: Score,
    auto_hide_at: Score,
    provisional_below: Score.optional(),
    severity: Severity,
    queue: z.string(),
  })
  .refine((c) => c.auto_allow_below <= c.auto_hide_at, { message: 'auto_allow_below must not exceed auto_hide_at' })
  .refine((c) => c.provisional_below === undefined || (c.provisional_below >= c.auto_allow_below && c.provisional_below <= c.auto_hide_at), {
    message: 'provisional_below must lie between auto_allow_below and auto_hide_at',
  });

const HardRule = z.object({
  at: Score,
  action: z.enum(['review', 'hide_and_review', 'escalate']),
  queue: z.string(),
  severity: Severity,
  reason_code: z.string(),
});

const Queue = z.object({
  skill: z.enum(['trust_safety', 'support_expert', 'community_manager', 'product_owner', 'legal']),
  languages: z.array(z.string()).min(1),
  sla_minutes: z.number().int().positive(),
  escalation: z.string().nullable(),
});

// Answer routing: a question left without an accepted answer this long goes to an expert queue by topic.
const AnswerRouting = z.object({
  question_threshold: z.number().min(0).max(1),
  unanswered_after_minutes: z.number().int().positive().max(525_600),
  /** The queue for a question whose topic has no entry in topic_queues. */
  default_queue: z.string().min(1),
  /** Router label (or product topic) -> expert queue. */
  topic_queues: z.record(z.string().min(1), z.string().min(1)),
});

// Quality sampling: this share of human-decided cases gets a second, independent review.
const Quality = z.object({
  sample_rate: z.number().min(0).max(1),
  queue: z.string().min(1),
});

export const PolicySchema = z
  .object({
    version: z.string().min(1),
    tenant: z.string().min(1),
    categories: z.partialRecord(z.enum(CATEGORIES), CategoryRule),
    hard_rules: z.partialRecord(z.enum(CATEGORIES), HardRule),
    impact: z.object({
      tier_weight: z.record(z.string(), z.number().positive()),
      audience_steps: z.array(z.object({ at_least: z.number().int().nonnegative(), weight: z.number().positive() })),
      repeat_offender: z.object({ strikes_at_least: z.number().int().positive(), weight: z.number().positive(), allow_threshold_step: z.number().min(0).max(0.5) }),
    }),
    queues: z.record(z.string(), Queue),
    severity_sla_minutes: z.record(Severity, z.number().int().positive()),
    reason_codes: z.record(z.string(), z.string()),
    topic_queues: z.record(z.string(), z.string()).optional(),
    auto_tighten: z.object({ step: z.number().positive().max(0.5), max_auto_allow_below: Score }).optional(),
    answer_routing: AnswerRouting.optional(),
    quality: Quality.optional(),
  })
  .superRefine((p, ctx) => {
    const queues = new Set(Object.keys(p.queues));
    const check = (queue: string | null, path: (string | number)[]) => {
      if (queue !== null && !queues.has(queue)) ctx.addIssue({ code: 'custom', path, message: `unknown queue "${queue}" (declared: ${[...queues].join(', ')})` });
    };
    for (const [c, r] of Object.entries(p.categories)) check(r.queue, ['categories', c, 'queue']);
    for (const [c, r] of Object.entries(p.hard_rules)) check(r.queue, ['hard_rules', c, 'queue']);
    for (const [q, r] of Object.entries(p.queues)) check(r.escalation, ['queues', q, 'escalation']);
    for (const [t, q] of Object.entries(p.topic_queues ?? {})) check(q, ['topic_queues', t]);
    const expertQueue = (queue: string, path: (string | number)[]) => {
      check(queue, path);
      const skill = p.queues[queue]?.skill;
      if (skill !== undefined && skill !== 'support_expert') ctx.addIssue({ code: 'custom', path, message: `queue "${queue}" has skill ${skill}; answer routing needs a support_expert queue` });
    };
    if (p.answer_routing) {
      expertQueue(p.answer_routing.default_queue, ['answer_routing', 'default_queue']);
      for (const [t, q] of Object.entries(p.answer_routing.topic_queues)) expertQueue(q, ['answer_routing', 'topic_queues', t]);
    }
    if (p.quality) check(p.quality.queue, ['quality', 'queue']);
  });

export type Policy = z.infer<typeof PolicySchema>;

export class PolicyError extends Error {}

export function parsePolicy(text: string, source: string): Policy {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new PolicyError(`${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const result = PolicySchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PolicyError(`${source}: invalid policy\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`${file}: cannot read policy file (${err instanceof Error ? err.message : String(err)})`);
  }
  return parsePolicy(text, file);
}

/** All policies in a directory, keyed by tenant ("*" is the default for tenants without their own). */
export function loadPolicyDir(dir: string): Map<string, Policy> {
  const byTenant = new Map<string, Policy>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()) {
    const policy = loadPolicyFile(join(dir, file));
    if (byTenant.has(policy.tenant)) throw new PolicyError(`${file}: a second policy for tenant "${policy.tenant}"`);
    byTenant.set(policy.tenant, policy);
  }
  if (!byTenant.has('*')) throw new PolicyError(`${dir}: no default policy (tenant: "*")`);
  return byTenant;
}

export function policyHash(policy: Policy): string {
  return createHash('sha256').update(canonicalJson(policy)).digest('hex');
}

export function policyFor(policies: ReadonlyMap<string, Policy>, tenantId: string): Policy {
  const p = policies.get(tenantId) ?? policies.get('*');
  if (!p) throw new PolicyError(`no policy for tenant ${tenantId} and no default`);
  return p;
}
