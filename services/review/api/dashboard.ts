// The lead's queue dashboard: depth, claims, oldest age, SLA countdown, overdue cases and recent breaches
// per queue, plus the cases claimed right now (to reassign). Also feeds the UI's "My queues" page.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../core/db/database';
import { WAITING_STATUSES } from '../workflow';
import type { Principal } from './auth';
import type { ClaimedCase, DashboardQueue } from './wellbeing-schemas';

const DAY_MS = 86_400_000;
const NO_QUEUE = '\u0000'; // an `in` list may not be empty

export async function queueDashboard(db: Db, p: Principal, nowMs: number): Promise<z.infer<typeof DashboardQueue>[]> {
  const now = new Date(nowMs);
  const queues = p.queues.length > 0 ? [...p.queues] : [NO_QUEUE];
  const [rows, breaches] = await Promise.all([
    db
      .selectFrom('cases')
      .select((eb) => [
        'tenant_id',
        'queue',
        eb.fn.countAll<string>().as('depth'),
        sql<string>`count(*) filter (where lease_expires_at > ${now})`.as('claimed'),
        sql<string>`count(*) filter (where sla_deadline < ${now})`.as('overdue'),
        sql<Date | null>`min((history->0->>'at')::timestamptz)`.as('oldest'),
        eb.fn.min('sla_deadline').as('earliest_deadline'),
      ])
      .where('tenant_id', 'in', [...p.tenants])
      .where('queue', 'in', queues)
      .where('status', 'in', [...WAITING_STATUSES])
      .groupBy(['tenant_id', 'queue'])
      .execute(),
    db
      .selectFrom('decision_log')
      .select((eb) => ['tenant_id', sql<string>`payload->>'queue'`.as('queue'), eb.fn.countAll<string>().as('n')])
      .where('event_type', '=', 'SlaBreached')
      .where('tenant_id', 'in', [...p.tenants])
      .where('occurred_at', '>', new Date(nowMs - DAY_MS))
      .groupBy(['tenant_id', sql`payload->>'queue'`])
      .execute(),
  ]);
  const byKey = new Map(rows.map((r) => [`${r.tenant_id}/${r.queue ?? ''}`, r]));
  const breachesByKey = new Map(breaches.map((b) => [`${b.tenant_id}/${b.queue}`, Number(b.n)]));
  const seconds = (ms: number) => Math.round(ms / 1000);
  return p.tenants.flatMap((tenant) =>
    p.queues.map((queue) => {
      const r = byKey.get(`${tenant}/${queue}`);
      const oldest = r?.oldest ? new Date(r.oldest).getTime() : null;
      const deadline = r?.earliest_deadline ? new Date(r.earliest_deadline).getTime() : null;
      return {
        tenant_id: tenant,
        queue,
        depth: Number(r?.depth ?? 0),
        claimed: Number(r?.claimed ?? 0),
        oldest_age_seconds: oldest === null ? null : seconds(nowMs - oldest),
        sla_seconds_left: deadline === null ? null : seconds(deadline - nowMs),
        overdue: Number(r?.overdue ?? 0),
        breaches_24h: breachesByKey.get(`${tenant}/${queue}`) ?? 0,
      };
    }),
  );
}

/** Cases with a live lease in the caller's tenants and queues (optionally only one reviewer's). */
export async function claimedCases(db: Db, p: Principal, nowMs: number, assignee?: string): Promise<z.infer<typeof ClaimedCase>[]> {
  let q = db
    .selectFrom('cases')
    .select(['case_id', 'tenant_id', 'queue', 'assignee', 'lease_expires_at'])
    .where('tenant_id', 'in', [...p.tenants])
    .where('queue', 'in', p.queues.length > 0 ? [...p.queues] : [NO_QUEUE])
    .where('status', 'in', [...WAITING_STATUSES])
    .where('lease_expires_at', '>', new Date(nowMs));
  if (assignee) q = q.where('assignee', '=', assignee);
  const rows = await q.orderBy('lease_expires_at').limit(200).execute();
  return rows.map((r) => ({ case_id: r.case_id, tenant_id: r.tenant_id, queue: r.queue ?? '', assignee: r.assignee ?? '', lease_expires_at: new Date(r.lease_expires_at ?? nowMs).toISOString() }));
}
