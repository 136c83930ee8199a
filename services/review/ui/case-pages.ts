// The case page and its actions: decide (with a reason code from the policy), reveal personal data
// (audited in review_audit, exactly like the API's reveal), release, and decide an appeal.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caseFromRow } from '../../core/log/projection';
import type { Principal } from '../api/auth';
import { actOnCase, assertQueueAccess, visibleTo } from '../api/case-store';
import type { ApiDeps } from '../api/context';
import { ApiError, notFound, parseOr400 } from '../api/errors';
import { can } from '../api/permissions';
import { CaseParams, REVIEW_ACTIONS } from '../api/schemas';
import { hasLiveLease } from '../workflow';
import { recordExposure } from '../wellbeing/exposure-store';
import { renderPage, type UiGuard } from './context';
import { buildCaseView, DECISIONS, defaultReasonCode } from './case-view';
import { setFlash } from './flash';

const optionalText = (max: number) => z.string().trim().max(max, `at most ${max} characters`).optional().transform((v) => (v ? v : undefined));
// routed_reason: the code the policy routed the case with, the default for a removal when none is picked.
const DecideForm = z.object({ action: z.enum(REVIEW_ACTIONS), reason_code: optionalText(100), routed_reason: optionalText(100), note: optionalText(2000) });
const AppealForm = z.object({ outcome: z.enum(['upheld', 'reversed']), reason_code: optionalText(100), routed_reason: optionalText(100) });

async function readableCase(deps: ApiDeps, p: Principal, caseId: string) {
  const row = await deps.db.selectFrom('cases').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  const state = row ? caseFromRow(row) : null;
  if (!state || !visibleTo(p, state)) throw notFound();
  assertQueueAccess(p, state);
  return state;
}

const latestTask = (deps: ApiDeps, caseId: string) =>
  deps.db.selectFrom('review_tasks').select(['text', 'reasons']).where('case_id', '=', caseId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();

const caseUrl = (id: string) => `/ui/cases/${encodeURIComponent(id)}`;

async function showCase(req: FastifyRequest, reply: FastifyReply, deps: ApiDeps, p: Principal, caseId: string, revealed: string | null) {
  const state = await readableCase(deps, p, caseId);
  const task = await latestTask(deps, caseId);
  const view = await buildCaseView(deps.db, state, task);
  const now = deps.clock();
  // Wellbeing: showing a harmful case counts against the reviewer's daily exposure (once per case a day).
  await recordExposure(deps.db, p.id, { caseId, tenantId: state.tenantId, reasons: view.reasons }, now);
  const policy = deps.policies.current(state.tenantId);
  const holds = state.assignee === p.id && hasLiveLease(state, now);
  return renderPage(req, reply, p, 'case.eta', {
    kase: state,
    view,
    revealed,
    policy,
    decisions: DECISIONS.map((d) => ({ ...d, defaultReason: defaultReasonCode(d.action, view.routing?.reasonCode ?? null, policy) })),
    holds,
    canDecide: holds && can(p.role, 'case.decide') && state.status !== 'appealed',
    canDecideAppeal: holds && can(p.role, 'appeal.decide') && state.status === 'appealed',
    canReveal: can(p.role, 'case.reveal'),
    canClaim: can(p.role, 'case.claim') && state.queue !== null && p.queues.includes(state.queue),
    now,
  });
}

/** Runs a case action; a refusal (lease, appeal rule, bad reason code) comes back as a message on the case page. */
async function act(reply: FastifyReply, caseId: string, run: () => Promise<string>, after: (id: string) => string = () => '/ui/queues') {
  try {
    const notice = await run();
    setFlash(reply, 'notice', notice);
    return reply.redirect(after(caseId), 303);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500 || err.status === 404) throw err;
    setFlash(reply, 'error', err.reason);
    return reply.redirect(caseUrl(caseId), 303);
  }
}

export function registerCasePages(scope: FastifyInstance, deps: ApiDeps, guard: UiGuard): void {
  const reviewer = (p: Principal) => ({ id: p.id, role: p.role });

  scope.get('/cases/:id', async (req, reply) => {
    const p = guard(req, 'case.read');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return showCase(req, reply, deps, p, id, null);
  });

  scope.post('/cases/:id/reveal', async (req, reply) => {
    const p = guard(req, 'case.reveal');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const state = await readableCase(deps, p, id);
    const text = await deps.db.transaction().execute(async (tx) => {
      const task = await tx.selectFrom('review_tasks').select('text').where('case_id', '=', id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      // The audit row commits with the read, so nobody sees unmasked text without a trace.
      await tx.insertInto('review_audit').values({ tenant_id: state.tenantId, case_id: id, reviewer_id: p.id, role: p.role, action: 'reveal_pii', at: new Date(deps.clock()) }).execute();
      return task?.text ?? null;
    });
    // Rendered, not redirected: the unmasked text never travels in a URL or a cookie, and a reload masks it again.
    return showCase(req, reply, deps, p, id, text ?? '');
  });

  scope.post('/cases/:id/decide', async (req, reply) => {
    const p = guard(req, 'case.decide');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const form = parseOr400(DecideForm, req.body, 'form');
    return act(reply, id, async () => {
      if (form.action === 'escalate' && !form.note) throw new ApiError(400, 'invalid form', 'note: add a note for whoever picks up the escalation', 'note');
      const result = await actOnCase(deps, p, id, (state) => {
        const reasonCode = form.reason_code ?? defaultReasonCode(form.action, form.routed_reason ?? null, deps.policies.current(state.tenantId));
        if (!reasonCode) throw new ApiError(400, 'invalid form', 'reason_code: choose a reason code', 'reason_code');
        return { type: 'Decide', reviewer: reviewer(p), action: form.action, reasonCode, note: form.note ?? null };
      });
      return `Decided ${id}: ${form.action.replace('_', ' ')} (${result.state.status}).`;
    });
  });

  scope.post('/cases/:id/appeal', async (req, reply) => {
    const p = guard(req, 'appeal.decide');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const form = parseOr400(AppealForm, req.body, 'form');
    return act(reply, id, async () => {
      await actOnCase(deps, p, id, (state) => {
        const reasonCode = form.reason_code ?? defaultReasonCode(form.outcome === 'upheld' ? 'remove' : 'approve', form.routed_reason ?? null, deps.policies.current(state.tenantId));
        if (!reasonCode) throw new ApiError(400, 'invalid form', 'reason_code: choose a reason code', 'reason_code');
        return { type: 'DecideAppeal', reviewer: reviewer(p), outcome: form.outcome, reasonCode };
      });
      return `Appeal on ${id} ${form.outcome}.`;
    });
  });

  scope.post('/cases/:id/release', async (req, reply) => {
    const p = guard(req, 'case.release');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return act(reply, id, async () => {
      await actOnCase(deps, p, id, () => ({ type: 'Release', reviewer: reviewer(p) }));
      return `Released ${id} back to its queue.`;
    });
  });

  scope.post('/cases/:id/claim', async (req, reply) => {
    const p = guard(req, 'case.claim');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    return act(
      reply,
      id,
      async () => {
        await actOnCase(deps, p, id, () => ({ type: 'Claim', reviewer: reviewer(p), leaseMs: deps.leaseMs }));
        return `You hold ${id} for ${Math.round(deps.leaseMs / 60_000)} minutes.`;
      },
      caseUrl,
    );
  });
}
