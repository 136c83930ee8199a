// GET /v1/queues and POST /v1/queues/:queue/claim-next.
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { caseFromRow } from '../../core/log/projection';
import { lockChain } from '../../core/log/store';
import { WAITING_STATUSES } from '../workflow';
import type { ApiDeps, Guard } from './context';
import { actionResult, actorOf, applyCommand } from './case-store';
import { ApiError, parseOr400 } from './errors';
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
    if (!p.queues.includes(queue)) throw new ApiError(403, 'queue not permitted', `queue ${queue} is not one of your queues`);
    const now = new Date(deps.clock());
    return deps.db.transaction().execute(async (tx) => {
      await lockChain(tx); // before any row lock, as commitStep does (see lockChain)
      // SKIP LOCKED: two reviewers claiming at once lock different rows, never the same case.
      const row = await tx
        .selectFrom('cases')
        .selectAll()
        .where('tenant_id', 'in', [...p.tenants])
        .where('queue', '=', queue)
        .where('status', 'in', [...WAITING_STATUSES])
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
        .orderBy('priority', 'desc')
        .orderBy(sql`sla_deadline asc nulls last`)
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) throw new ApiError(404, 'queue empty', `no unclaimed case waiting in ${queue}`);
      const result = await applyCommand(tx, deps, caseFromRow(row), { type: 'ClaimNext', reviewer: { id: p.id, role: p.role }, leaseMs: deps.leaseMs }, actorOf(p));
      return actionResult(result);
    });
  });
}
