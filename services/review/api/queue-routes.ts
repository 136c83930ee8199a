// GET /v1/queues and POST /v1/queues/:queue/claim-next.
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { WAITING_STATUSES } from '../workflow';
import type { ApiDeps, Guard } from './context';
import { actionResult } from './case-store';
import { claimNextCase } from './claim-next';
import { parseOr400 } from './errors';
import { QueueParams, type QueueSummary } from './schemas';

export function registerQueueRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  app.get('/v1/queues', async (req) => {
    const p = guard(req, 'queues.list');
    const now = deps.clock();
    const rows = await deps.db
      .selectFrom('cases')
      .select((eb) => [
        'tenant_id',
        'queue',
        eb.fn.countAll<string>().as('total'),
        sql<string>`count(*) filter (where lease_expires_at > ${new Date(now)})`.as('claimed'),
        // The case opened with its first log entry; history[0].at is that moment.
        sql<Date | null>`min((history->0->>'at')::timestamptz)`.as('oldest'),
        eb.fn.min('sla_deadline').as('earliest_deadline'),
      ])
      .where('tenant_id', 'in', [...p.tenants])
      .where('queue', 'in', p.queues.length > 0 ? [...p.queues] : ['\u0000'])
      .where('status', 'in', [...WAITING_STATUSES])
      .groupBy(['tenant_id', 'queue'])
      .execute();
    const found = new Map(rows.map((r) => [`${r.tenant_id}/${r.queue ?? ''}`, r]));
    const seconds = (ms: number) => Math.round(ms / 1000);
    const queues: Array<z.infer<typeof QueueSummary>> = p.tenants.flatMap((tenant) =>
      p.queues.map((queue) => {
        const r = found.get(`${tenant}/${queue}`);
        const claimed = Number(r?.claimed ?? 0);
        const oldest = r?.oldest ? new Date(r.oldest).getTime() : null;
        const deadline = r?.earliest_deadline ? new Date(r.earliest_deadline).getTime() : null;
        return {
          tenant_id: tenant,
          queue,
          waiting: Number(r?.total ?? 0) - claimed,
          claimed,
          oldest_age_seconds: oldest === null ? null : seconds(now - oldest),
          sla_seconds_left: deadline === null ? null : seconds(deadline - now),
        };
      }),
    );
    return { queues };
  });

  app.post('/v1/queues/:queue/claim-next', async (req) => {
    const p = guard(req, 'case.claim');
    const { queue } = parseOr400(QueueParams, req.params, 'path');
    // Shared with the web UI; skips cases past the reviewer's daily exposure limits.
    return actionResult(await claimNextCase(deps, p, queue));
  });
}
