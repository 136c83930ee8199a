// Reviewer wellbeing (daily exposure counters and the limits a lead sets) and the lead's queue dashboard.
import type { FastifyInstance } from 'fastify';
import { exposureOf, setExposureLimit } from '../wellbeing/exposure-store';
import type { Principal } from './auth';
import type { ApiDeps, Guard } from './context';
import { claimedCases, queueDashboard } from './dashboard';
import { ApiError, parseOr400 } from './errors';
import { can } from './permissions';
import { ExposureLimitBody, ExposureQuery } from './wellbeing-schemas';

/**
 * The reviewer `id` as seen by `p`: yourself always; anyone else only for a role that may set limits,
 * and only a reviewer sharing one of your tenants (otherwise indistinguishable from an unknown id).
 */
export function reviewerInReach(deps: ApiDeps, p: Principal, id: string, field: string): Principal {
  if (id === p.id) return p;
  if (!can(p.role, 'exposure.limit')) throw new ApiError(403, 'role not permitted', `role ${p.role} may only see their own exposure`);
  const target = deps.reviewers.byId.get(id);
  if (!target || target.role === 'member' || !target.tenants.some((t) => p.tenants.includes(t))) {
    throw new ApiError(400, 'invalid input', `${field}: ${id} is not a reviewer of your tenants`, field);
  }
  return target;
}

export function registerWellbeingRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  app.get('/v1/wellbeing/exposure', async (req) => {
    const p = guard(req, 'exposure.read');
    const { reviewer_id } = parseOr400(ExposureQuery, req.query, 'query');
    const target = reviewerInReach(deps, p, reviewer_id ?? p.id, 'reviewer_id');
    return exposureOf(deps.db, target.id, deps.clock());
  });

  app.put('/v1/wellbeing/limits', async (req) => {
    const p = guard(req, 'exposure.limit');
    const body = parseOr400(ExposureLimitBody, req.body, 'body');
    const target = reviewerInReach(deps, p, body.reviewer_id, 'reviewer_id');
    await setExposureLimit(deps.db, target.id, body.category, body.daily_limit, p.id, deps.clock());
    return exposureOf(deps.db, target.id, deps.clock());
  });

  app.get('/v1/dashboard', async (req) => {
    const p = guard(req, 'queues.dashboard');
    const now = deps.clock();
    const [queues, claimed] = await Promise.all([queueDashboard(deps.db, p, now), claimedCases(deps.db, p, now)]);
    return { queues, claimed_cases: claimed };
  });
}
