// Quality review endpoints: run the sampler, record a second reviewer's verdict, and the agreement and
// overturn figures for leads (computed from the log by analysis/quality-metrics.ts).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { qualityMetrics } from '../../analysis/quality-metrics';
import type { LogEntry } from '../../core/log/events';
import { loadCases } from '../../core/log/projection';
import { readCase, readLog } from '../../core/log/store';
import { appendCaseEvents, closeTasks } from '../case-events';
import { decideSecondReview } from '../quality/sampling';
import { sweepQuality } from '../quality/sweep';
import { QualityQuery, QuestionParams, SecondReviewBody } from './answer-schemas';
import { actorOf, assertQueueAccess, caseView, lockCase } from './case-store';
import type { ApiDeps, Guard } from './context';
import { parseOr400, refusalError } from './errors';

export function registerQualityRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  app.post('/v1/quality/sample', async (req) => {
    const p = guard(req, 'quality.sample');
    return { sampled: await sweepQuality(deps, p.tenants) };
  });

  app.post('/v1/quality/:case_id/decide', async (req) => {
    const p = guard(req, 'quality.decide');
    const { case_id } = parseOr400(QuestionParams, req.params, 'path');
    const body = parseOr400(SecondReviewBody, req.body, 'body');
    return deps.db.transaction().execute(async (tx) => {
      const state = await lockCase(tx, p, case_id);
      assertQueueAccess(p, state);
      const policy = deps.policies.current(state.tenantId);
      const now = deps.clock();
      const outcome = decideSecondReview(
        { reviewer: { id: p.id, role: p.role }, action: body.action, reasonCode: body.reason_code },
        { state, log: await readCase(tx, case_id), now, reasonCodes: new Set(Object.keys(policy.reason_codes)) },
      );
      if (!outcome.ok) throw refusalError(outcome.refusal, outcome.reason, outcome.field);
      await appendCaseEvents(tx, { state, events: outcome.events, actor: actorOf(p), policyVersion: policy.version, now, eventId: () => randomUUID() });
      await closeTasks(tx, case_id);
      const next = (await loadCases(tx, [case_id])).get(case_id) ?? state;
      return { case: caseView(next), events: outcome.events.map((e) => e.type) };
    });
  });

  app.get('/v1/quality', async (req) => {
    const p = guard(req, 'quality.read');
    const q = parseOr400(QualityQuery, req.query, 'query');
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    const entries: LogEntry[] = [];
    // Only the caller's tenants: figures never mix another tenant's decisions in.
    for (const tenantId of p.tenants) {
      for await (const page of readLog(deps.db, { tenantId, ...(from ? { from } : {}), ...(to ? { to } : {}), pageSize: 10_000 })) entries.push(...page);
    }
    const m = qualityMetrics(entries);
    return {
      tenants: [...p.tenants], from: q.from ?? null, to: q.to ?? null, decisions: m.decisions, appeals_decided: m.appealsDecided, appeal_overturn: m.appealOverturn,
      sampled: m.sampled, second_reviews: m.secondReviews, second_review_overturn: m.secondReviewOverturn,
      kappa: m.agreement.kappa, kappa_pairs: m.agreement.pairs, kappa_reason: m.agreement.reason, confusion: m.confusion,
    };
  });
}
