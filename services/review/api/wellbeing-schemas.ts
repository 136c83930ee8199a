// Request and response schemas for the wellbeing and dashboard endpoints, shared by validation and the
// OpenAPI document (kept apart from schemas.ts so other endpoint families can grow without conflicts).
import { z } from 'zod';
import { HARM_CATEGORIES, MAX_DAILY_LIMIT } from '../wellbeing/exposure';

export const ExposureQuery = z.object({ reviewer_id: z.string().min(1).max(100).optional().describe('another reviewer (leads only); yourself by default') });
export const ExposureLimitBody = z.object({
  reviewer_id: z.string().min(1).max(100),
  category: z.enum(HARM_CATEGORIES),
  daily_limit: z.number().int().min(0).max(MAX_DAILY_LIMIT).nullable().describe('cases per UTC day; null removes the limit'),
});
export const ExposureResponse = z.object({
  reviewer_id: z.string(),
  day: z.string().describe('UTC day, YYYY-MM-DD'),
  counts: z.record(z.string(), z.number()).describe('harmful cases shown to the reviewer today, per harm category'),
  limits: z.record(z.string(), z.number()),
  blocked: z.array(z.string()).describe('categories claim-next skips for this reviewer today'),
});
export const DashboardQueue = z.object({
  tenant_id: z.string(),
  queue: z.string(),
  depth: z.number().describe('cases waiting, claimed or not'),
  claimed: z.number(),
  oldest_age_seconds: z.number().nullable(),
  sla_seconds_left: z.number().nullable(),
  overdue: z.number().describe('waiting cases past their SLA deadline now'),
  breaches_24h: z.number().describe('SlaBreached events in the last 24 hours'),
});
export const ClaimedCase = z.object({ case_id: z.string(), tenant_id: z.string(), queue: z.string(), assignee: z.string(), lease_expires_at: z.string() });
export const DashboardResponse = z.object({ queues: z.array(DashboardQueue), claimed_cases: z.array(ClaimedCase) });
