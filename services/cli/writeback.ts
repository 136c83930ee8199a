// `vigil writeback retry`: puts failed outbox rows (deliveries given up on and dead-lettered) back in the
// queue, so the running writeback stage delivers them again. The row keeps its event id, so webhooks get
// the same `webhook-id` and `decisions` the same idempotency key: a receiver that did get it can dedupe.
import { InvalidArgumentError, type Command } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../core/config';
import { createDb, type Db } from '../core/db/database';
import { parseTime } from './common';

export interface RequeueFilter {
  /** Exact destination (`webhook:acme-crm`, `kafka:decisions`) or a kind (`webhook`, `notice`, `kafka`). */
  destination?: string;
  tenant?: string;
  /** Only rows that failed at or after this time. */
  since?: Date;
  /** Only these outbox row ids (the `vigil-dlq-source-offset` header of the dead letter). */
  ids?: number[];
}

export interface Requeued {
  id: number;
  destination: string;
  eventId: string;
  caseId: string;
  tenantId: string;
  attempts: number;
  failedAt: Date;
  lastError: string | null;
}

export function parseOutboxId(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`--id: "${value}" is not an outbox row id (a positive whole number)`);
  return [...previous, n];
}

/** Re-queues failed rows matching every given filter (none: all failed rows). Returns what it re-queued. */
export async function requeueFailed(db: Db, filter: RequeueFilter, now: Date): Promise<Requeued[]> {
  return db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom('outbox')
      .innerJoin('decision_log', 'decision_log.seq', 'outbox.event_seq')
      .select(['outbox.id', 'outbox.destination', 'outbox.event_id', 'decision_log.case_id', 'decision_log.tenant_id', 'outbox.attempts', 'outbox.failed_at', 'outbox.last_error'])
      .where('outbox.failed_at', 'is not', null)
      .where('outbox.delivered_at', 'is', null);
    const d = filter.destination;
    if (d !== undefined) q = d.includes(':') ? q.where('outbox.destination', '=', d) : q.where('outbox.destination', 'like', `${d.replace(/[\\%_]/g, '\\$&')}:%`);
    if (filter.tenant !== undefined) q = q.where('decision_log.tenant_id', '=', filter.tenant);
    if (filter.since !== undefined) q = q.where('outbox.failed_at', '>=', filter.since);
    if (filter.ids !== undefined && filter.ids.length > 0) q = q.where('outbox.id', 'in', filter.ids);
    const rows = await q.orderBy('outbox.id').forUpdate('outbox').execute();
    if (rows.length === 0) return [];
    // attempts restart at 0 so the row gets its full retry budget again; last_error stays for reference.
    await tx.updateTable('outbox').set({ failed_at: null, attempts: 0, next_attempt_at: now }).where('id', 'in', rows.map((r) => Number(r.id))).execute();
    return rows.map((r) => ({
      id: Number(r.id), destination: r.destination, eventId: r.event_id, caseId: r.case_id, tenantId: r.tenant_id,
      attempts: r.attempts, failedAt: new Date(r.failed_at as Date), lastError: r.last_error,
    }));
  });
}

export async function countFailed(db: Db): Promise<number> {
  return (await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('failed_at', 'is not', null).where('delivered_at', 'is', null).executeTakeFirst())?.n ?? 0;
}

export function describeFilter(f: RequeueFilter): string {
  const parts = [
    f.destination !== undefined ? `destination ${f.destination}` : null,
    f.tenant !== undefined ? `tenant ${f.tenant}` : null,
    f.since !== undefined ? `failed since ${f.since.toISOString()}` : null,
    f.ids !== undefined && f.ids.length > 0 ? `id ${f.ids.join(', ')}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'all failed deliveries' : parts.join(', ');
}

export function registerWriteback(program: Command): void {
  const writeback = program.command('writeback').description('operate the writeback outbox');
  writeback
    .command('retry')
    .description('re-queue failed deliveries (dead-lettered) so the running writeback stage delivers them again')
    .option('--destination <destination>', 'an exact destination (webhook:<name>, notice:<name>, kafka:decisions) or a kind (webhook, notice, kafka)')
    .option('--tenant <id>', 'only this tenant')
    .option('--since <time>', 'only deliveries that failed at or after this time (ISO 8601)', parseTime)
    .option('--id <outbox-id>', 'only this outbox row (repeatable; the vigil-dlq-source-offset header of the dead letter)', parseOutboxId)
    .action(async (opts: { destination?: string; tenant?: string; since?: Date; id?: number[] }) => {
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const filter: RequeueFilter = { destination: opts.destination, tenant: opts.tenant, since: opts.since, ids: opts.id };
        const failedBefore = await countFailed(db);
        const requeued = await requeueFailed(db, filter, new Date());
        for (const r of requeued) {
          console.log(`re-queued #${r.id} ${r.destination} case ${r.caseId} event ${r.eventId} (failed ${r.failedAt.toISOString()} after ${r.attempts} attempts: ${r.lastError ?? 'no error recorded'})`);
        }
        console.log(`${requeued.length} of ${failedBefore} failed deliveries re-queued (${describeFilter(filter)}); the writeback stage delivers them with the same idempotency keys.`);
      } finally {
        await db.destroy();
      }
    });
}
