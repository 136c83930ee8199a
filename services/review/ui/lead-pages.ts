// The lead's dashboard: depth, oldest age and SLA breaches per queue, the cases claimed now with a
// reassign form, and every reviewer's exposure today with a form to set their daily limits.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../api/auth';
import { actOnCase } from '../api/case-store';
import type { ApiDeps } from '../api/context';
import { claimedCases, queueDashboard } from '../api/dashboard';
import { ApiError, parseOr400 } from '../api/errors';
import { can } from '../api/permissions';
import { CaseParams } from '../api/schemas';
import { reviewerInReach } from '../api/wellbeing-routes';
import { exposureOf, setExposureLimit } from '../wellbeing/exposure-store';
import { HARM_CATEGORIES, MAX_DAILY_LIMIT } from '../wellbeing/exposure';
import { renderPage, type UiGuard } from './context';
import { setFlash } from './flash';

const ReassignForm = z.object({ to: z.string().min(1, 'choose a reviewer').max(100) });
const LimitForm = z.object({
  reviewer_id: z.string().min(1, 'choose a reviewer').max(100),
  category: z.enum(HARM_CATEGORIES),
  // An empty field clears the limit.
  daily_limit: z.union([z.literal('').transform(() => null), z.coerce.number().int('a whole number').min(0, 'at least 0').max(MAX_DAILY_LIMIT, `at most ${MAX_DAILY_LIMIT}`)]),
});

/** Reviewers (not member tokens) who share a tenant with `p`, for the reassign and limit forms. */
function colleagues(deps: ApiDeps, p: Principal): Principal[] {
  return [...deps.reviewers.byId.values()].filter((r) => r.role !== 'member' && r.tenants.some((t) => p.tenants.includes(t)));
}

export function registerLeadPages(scope: FastifyInstance, deps: ApiDeps, guard: UiGuard): void {
  scope.get('/dashboard', async (req, reply) => {
    const p = guard(req, 'queues.dashboard');
    const now = deps.clock();
    const people = colleagues(deps, p);
    const canLimit = can(p.role, 'exposure.limit');
    const [queues, claimed, exposures] = await Promise.all([
      queueDashboard(deps.db, p, now),
      claimedCases(deps.db, p, now),
      canLimit ? Promise.all(people.map((r) => exposureOf(deps.db, r.id, now))) : Promise.resolve([]),
    ]);
    return renderPage(req, reply, p, 'dashboard.eta', {
      queues, claimed, exposures, people, harmCategories: HARM_CATEGORIES, canReassign: can(p.role, 'case.reassign'), canLimit, now,
    });
  });

  scope.post('/cases/:id/reassign', async (req, reply) => {
    const p = guard(req, 'case.reassign');
    const { id } = parseOr400(CaseParams, req.params, 'path');
    const { to } = parseOr400(ReassignForm, req.body, 'form');
    try {
      await actOnCase(deps, p, id, (state) => {
        const target = deps.reviewers.byId.get(to);
        const fits = target && target.role !== 'member' && target.tenants.includes(state.tenantId) && state.queue !== null && target.queues.includes(state.queue);
        if (!fits) throw new ApiError(400, 'invalid form', `to: ${to} is not a reviewer of this tenant working queue ${state.queue ?? '(none)'}`, 'to');
        return { type: 'Reassign', reviewer: { id: p.id, role: p.role }, to, leaseMs: deps.leaseMs };
      });
      setFlash(reply, 'notice', `Reassigned ${id} to ${to}.`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      setFlash(reply, 'error', err.reason);
    }
    return reply.redirect('/ui/dashboard', 303);
  });

  scope.post('/wellbeing/limits', async (req, reply) => {
    const p = guard(req, 'exposure.limit');
    const form = parseOr400(LimitForm, req.body, 'form');
    const target = reviewerInReach(deps, p, form.reviewer_id, 'reviewer_id');
    await setExposureLimit(deps.db, target.id, form.category, form.daily_limit, p.id, deps.clock());
    setFlash(reply, 'notice', form.daily_limit === null ? `Removed ${target.name}'s ${form.category} limit.` : `${target.name}: at most ${form.daily_limit} ${form.category} case(s) a day.`);
    return reply.redirect('/ui/dashboard#wellbeing', 303);
  });
}
