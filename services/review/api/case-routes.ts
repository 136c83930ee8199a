// Case endpoints: read (masked), release, extend, reassign, decide, reveal. Each action is one
// transaction through actOnCase; the read endpoints are tenant- and queue-scoped the same way.
import type { FastifyInstance } from 'fastify';
import { maskPii } from '../../classify/signals/rules/pii';
import type { Db, Tx } from '../../core/db/database';
import { caseFromRow } from '../../core/log/projection';
import type { Principal } from './auth';
import { actionResult, actOnCase, assertQueueAccess, caseView, visibleTo } from './case-store';
import type { ApiDeps, Guard } from './context';
import { ApiError, notFound, parseOr400 } from './errors';
import { CaseParams, DecideBody, ReassignBody } from './schemas';

async function readableCase(db: Db | Tx, p: Principal, caseId: string) {
  const row = await db.selectFrom('cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  const state = row ? caseFromRow(row) : null;
  if (!state || !visibleTo(p, state)) throw notFound();
  assertQueueAccess(p, state);
  return state;
}

async function latestTask(db: Db | Tx, caseId: string) {
  return db.selectFrom('review_tasks').select(['text', 'reasons']).where('case_id', '=', caseId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export function registerCaseRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  const reviewer = (p: Principal) => ({ id: p.id, role: p.role });

  app.get('/v1/cases/:id', async (req) => {
    const p = guard(req, 'case.read');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const state = await readableCase(deps.db, p, id);
    const task = await latestTask(deps.db, id);
    // Personal data stays masked here; seeing it takes an explicit, audited reveal.
    return { ...caseView(state), text: task ? maskPii(task.text) : null, text_masked: true, reasons: (task?.reasons as string[] | undefined) ?? [] };
  });

  app.post('/v1/cases/:id/release', async (req) => {
    const p = guard(req, 'case.release');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return actionResult(await actOnCase(deps, p, id, () => ({ type: 'Release', reviewer: reviewer(p) })));
  });

  app.post('/v1/cases/:id/extend', async (req) => {
    const p = guard(req, 'case.extend');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return actionResult(await actOnCase(deps, p, id, () => ({ type: 'ExtendLease', reviewer: reviewer(p), leaseMs: deps.leaseMs })));
  });

  app.post('/v1/cases/:id/reassign', async (req) => {
    const p = guard(req, 'case.reassign');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const { to } = parseOr400(ReassignBody, req.body, 'body');
    const target = deps.reviewers.byId.get(to);
    return actionResult(
      await actOnCase(deps, p, id, (state) => {
        const fits = target && target.role !== 'member' && target.tenants.includes(state.tenantId) && state.queue !== null && target.queues.includes(state.queue);
        if (!fits) throw new ApiError(400, 'invalid body', `to: ${to} is not a reviewer of this tenant working queue ${state.queue ?? '(none)'}`, 'to');
        return { type: 'Reassign', reviewer: reviewer(p), to, leaseMs: deps.leaseMs };
      }),
    );
  });

  app.post('/v1/cases/:id/decide', async (req) => {
    const p = guard(req, 'case.decide');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const body = parseOr400(DecideBody, req.body, 'body');
    return actionResult(
      await actOnCase(deps, p, id, () => ({ type: 'Decide', reviewer: reviewer(p), action: body.action, reasonCode: body.reason_code, note: body.note ?? null })),
    );
  });

  app.post('/v1/cases/:id/reveal', async (req) => {
    const p = guard(req, 'case.reveal');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return deps.db.transaction().execute(async (tx) => {
      const state = await readableCase(tx, p, id);
      const task = await latestTask(tx, id);
      // The audit row commits with the read, so nobody sees unmasked text without a trace.
      await tx.insertInto('review_audit').values({ tenant_id: state.tenantId, case_id: id, reviewer_id: p.id, role: p.role, action: 'reveal_pii', at: new Date(deps.clock()) }).execute();
      return { case_id: id, text: task?.text ?? null, text_masked: false };
    });
  });
}
