// The quality sampler: human-decided cases whose case-id hash falls under the policy's sample_rate are
// appended as QualitySampled and get a task in the quality queue, where a second reviewer (a different
// one) claims them. Run periodically by the review service and on demand (POST /v1/quality/sample).
import { sql } from 'kysely';
import { caseFromRow } from '../../core/log/projection';
import { lockChain, readCase } from '../../core/log/store';
import { appendCaseEvents, latestTaskText, openTask } from '../case-events';
import type { SweepDeps } from '../answers/sweep';
import { decideQualitySample } from './sampling';

const SAMPLER = { type: 'system', id: 'review-quality' } as const;
const BATCH = 500;

export interface SampledCase {
  case_id: string;
  queue: string;
  first_reviewer: string;
}

async function candidates(deps: SweepDeps, maxRate: number, tenants: readonly string[] | null): Promise<string[]> {
  let q = deps.db
    .selectFrom('cases')
    .select('case_id')
    .where('status', 'in', ['approved', 'removed'])
    // The same hash as sampleFraction(), so only cases that can be sampled are read.
    .where(sql<boolean>`('x' || substr(md5(case_id), 1, 8))::bit(32)::bigint / 4294967296.0 < ${maxRate}`)
    .where((eb) => eb.exists(eb.selectFrom('decision_log as d').select('d.seq').whereRef('d.case_id', '=', 'cases.case_id').where('d.event_type', '=', 'ReviewDecided')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('decision_log as d').select('d.seq').whereRef('d.case_id', '=', 'cases.case_id').where('d.event_type', '=', 'QualitySampled'))));
  if (tenants) q = q.where('tenant_id', 'in', [...tenants]);
  return (await q.orderBy('updated_at').limit(BATCH).execute()).map((r) => r.case_id);
}

async function sampleOne(deps: SweepDeps, caseId: string, now: number): Promise<SampledCase | null> {
  return deps.db.transaction().execute(async (tx) => {
    await lockChain(tx);
    const row = await tx.selectFrom('cases').selectAll().where('case_id', '=', caseId).forUpdate().skipLocked().executeTakeFirst();
    if (!row) return null;
    const state = caseFromRow(row);
    const policy = deps.policies.current(state.tenantId);
    const events = decideQualitySample(state, await readCase(tx, caseId), policy, now);
    const sampled = events[0];
    if (sampled?.type !== 'QualitySampled') return null;
    const [entry] = await appendCaseEvents(tx, { state, events, actor: SAMPLER, policyVersion: policy.version, now, eventId: () => `${caseId}:quality-sampled` });
    if (!entry) return null;
    await openTask(tx, {
      taskId: entry.eventId, state, queue: sampled.data.queue, priority: 1, slaDeadline: sampled.data.slaDeadline,
      reasons: ['QUALITY_SAMPLE', `first:${sampled.data.firstAction}`], text: await latestTaskText(tx, caseId), authorId: state.authorId ?? '', policyVersion: policy.version, now,
    });
    return { case_id: caseId, queue: sampled.data.queue, first_reviewer: sampled.data.firstReviewerId };
  });
}

export async function sweepQuality(deps: SweepDeps, tenants: readonly string[] | null): Promise<SampledCase[]> {
  const maxRate = Math.max(0, ...deps.policies.all().map((p) => p.quality?.sample_rate ?? 0));
  if (maxRate <= 0) return [];
  const now = deps.clock();
  const sampled: SampledCase[] = [];
  for (const caseId of await candidates(deps, maxRate, tenants)) {
    const s = await sampleOne(deps, caseId, now);
    if (s) sampled.push(s);
  }
  return sampled;
}
