// "My queues": the queues the reviewer works, with depth and a live SLA countdown of the earliest
// deadline, the cases they hold now, today's exposure; and claim-next, which opens the claimed case.
import type { FastifyInstance } from 'fastify';
import { claimNextCase } from '../api/claim-next';
import type { ApiDeps } from '../api/context';
import { claimedCases, queueDashboard } from '../api/dashboard';
import { ApiError, parseOr400 } from '../api/errors';
import { can } from '../api/permissions';
import { QueueParams } from '../api/schemas';
import { exposureOf } from '../wellbeing/exposure-store';
import { HARM_CATEGORIES } from '../wellbeing/exposure';
import { renderPage, type UiGuard } from './context';
import { setFlash } from './flash';

export function registerQueuePages(scope: FastifyInstance, deps: ApiDeps, guard: UiGuard): void {
  scope.get('/queues', async (req, reply) => {
    const p = guard(req, 'queues.list');
    const now = deps.clock();
    const [queues, mine, exposure] = await Promise.all([
      queueDashboard(deps.db, p, now),
      claimedCases(deps.db, p, now, p.id),
      can(p.role, 'exposure.read') ? exposureOf(deps.db, p.id, now) : Promise.resolve(null),
    ]);
    return renderPage(req, reply, p, 'queues.eta', { queues, mine, exposure, harmCategories: HARM_CATEGORIES, canClaim: can(p.role, 'case.claim'), now });
  });

  scope.post('/queues/:queue/claim-next', async (req, reply) => {
    const p = guard(req, 'case.claim');
    const { queue } = parseOr400(QueueParams, req.params, 'path');
    try {
      const { state } = await claimNextCase(deps, p, queue);
      return reply.redirect(`/ui/cases/${encodeURIComponent(state.caseId)}`, 303);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      setFlash(reply, 'error', err.status === 404 ? `Nothing to claim in ${queue}: ${err.reason}.` : err.reason);
      return reply.redirect('/ui/queues', 303);
    }
  });
}
