// Request schemas for the review API, shared by validation and the OpenAPI document.
import { z } from 'zod';

export const REVIEW_ACTIONS = ['approve', 'remove', 'restrict_author', 'escalate', 'request_context'] as const;

export const CaseParams = z.object({ id: z.string().min(1).max(300) });
export const AppealCaseParams = z.object({ case_id: z.string().min(1).max(300) });
export const QueueParams = z.object({ queue: z.string().min(1).max(100).regex(/^[a-z0-9_]+$/, 'lower-case queue name') });

export const DecideBody = z.object({
  action: z.enum(REVIEW_ACTIONS),
  reason_code: z.string().min(1).max(100),
  note: z.string().max(2000).optional(),
});
export const ReassignBody = z.object({ to: z.string().min(1).max(100).describe('the reviewer id who takes the case over') });
export const AppealBody = z.object({
  case_id: z.string().min(1).max(300),
  member_id: z.string().min(1).max(200),
  statement: z.string().min(1).max(4000),
});
export const AppealDecideBody = z.object({
  outcome: z.enum(['upheld', 'reversed']),
  reason_code: z.string().min(1).max(100),
});

export const ErrorBody = z.object({ error: z.string(), field: z.string().optional(), reason: z.string() });

export const CaseView = z.object({
  case_id: z.string(),
  tenant_id: z.string(),
  post_id: z.string(),
  author_id: z.string().nullable(),
  status: z.string(),
  visibility: z.string(),
  queue: z.string().nullable(),
  severity: z.string().nullable(),
  priority: z.number(),
  sla_deadline: z.string().nullable(),
  assignee: z.string().nullable(),
  lease_expires_at: z.string().nullable(),
  last_action: z.string().nullable(),
  policy_version: z.string().nullable(),
  history: z.array(z.object({ seq: z.number(), type: z.string(), at: z.string(), actor: z.string() })),
});
export const CaseDetail = CaseView.extend({
  text: z.string().nullable().describe('post text, personal data masked unless revealed'),
  text_masked: z.boolean(),
  reasons: z.array(z.string()),
});
export const ActionResult = z.object({ case: CaseView, events: z.array(z.string()) });
export const QueueSummary = z.object({
  tenant_id: z.string(),
  queue: z.string(),
  waiting: z.number(),
  claimed: z.number(),
  oldest_age_seconds: z.number().nullable(),
  sla_seconds_left: z.number().nullable().describe('seconds until the earliest SLA deadline; negative once breached'),
});
export const QueuesResponse = z.object({ queues: z.array(QueueSummary) });
export const SlaResponse = z.object({ breaches: z.array(z.object({ case_id: z.string(), queue: z.string(), escalated_to: z.string().nullable() })) });
export const Revealed = z.object({ case_id: z.string(), text: z.string().nullable(), text_masked: z.literal(false) });
