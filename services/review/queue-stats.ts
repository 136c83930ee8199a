// Review queue depth and oldest age for the metrics, read from the case projection on scrape: the same
// source as GET /v1/queues (cases waiting for a human), aggregated over tenants so labels stay per queue.
import { sql } from 'kysely';
import type { Db } from '../core/db/database';
import type { QueueStats } from '../core/http/metrics';
import { WAITING_STATUSES } from './workflow';

export async function readQueueStats(db: Db, now: () => number = Date.now): Promise<QueueStats[]> {
  const rows = await db
    .selectFrom('cases')
    .select((eb) => [
      'queue',
      eb.fn.countAll<string>().as('depth'),
      // The case opened with its first log entry; history[0].at is that moment (as in GET /v1/queues).
      sql<Date | null>`min((history->0->>'at')::timestamptz)`.as('oldest'),
    ])
    .where('status', 'in', [...WAITING_STATUSES])
    .where('queue', 'is not', null)
    .groupBy('queue')
    .execute();
  const at = now();
  return rows.map((r) => ({
    queue: r.queue ?? '',
    depth: Number(r.depth),
    oldestSeconds: r.oldest ? Math.max(0, (at - new Date(r.oldest).getTime()) / 1000) : 0,
  }));
}
