// Reading and appending the decision log. Appends take a transaction-scoped advisory lock so the hash
// chain has one writer at a time; the lock is released when the caller's transaction commits.
import { sql } from 'kysely';
import { assertTransaction, type Db, type Tx } from '../db/database';
import type { DecisionLogTable } from '../db/tables';
import type { DecisionEvent, LogEntry, NewLogEntry } from './events';
import { GENESIS_HASH, rowHash } from './hash-chain';

const CHAIN_LOCK_KEY = 0x76_69_67_69; // "vigi"

type Row = { [K in keyof DecisionLogTable]: unknown };

export function toEntry(row: Row): LogEntry {
  return {
    seq: Number(row.seq),
    eventId: row.event_id as string,
    tenantId: row.tenant_id as string,
    caseId: row.case_id as string,
    event: { type: row.event_type, data: row.payload } as DecisionEvent,
    policyVersion: row.policy_version as string | null,
    modelVersions: (row.model_versions ?? {}) as Record<string, string>,
    thresholds: (row.thresholds ?? null) as Record<string, unknown> | null,
    actor: { type: row.actor_type, id: row.actor_id, ...(row.actor_role ? { role: row.actor_role } : {}) } as LogEntry['actor'],
    causationId: row.causation_id as string | null,
    correlationId: row.correlation_id as string | null,
    traceId: row.trace_id as string | null,
    occurredAt: new Date(row.occurred_at as Date),
    recordedAt: new Date(row.recorded_at as Date),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/**
 * Takes the log's single-writer lock for the rest of the transaction (re-entrant). A transaction that
 * also locks case rows must take this first: commitStep takes it before it writes the projection, so
 * the opposite order (row, then chain) can deadlock against any other writer.
 */
export async function lockChain(tx: Tx): Promise<void> {
  assertTransaction(tx);
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(tx);
}

/**
 * Appends entries whose event id is not yet in the log, in order, chained to the last row.
 * Returns only the rows this call appended: a duplicate delivery appends nothing.
 */
export async function appendEntries(tx: Tx, entries: readonly NewLogEntry[], now: Date): Promise<LogEntry[]> {
  assertTransaction(tx);
  if (entries.length === 0) return [];
  await lockChain(tx);
  const existing = await tx.selectFrom('decision_log').select('event_id').where('event_id', 'in', entries.map((e) => e.eventId)).execute();
  const seen = new Set(existing.map((r) => r.event_id));
  // Also drops repeats within the batch itself (the same event delivered twice in one poll).
  const fresh = entries.filter((e) => !seen.has(e.eventId) && (seen.add(e.eventId), true));
  if (fresh.length === 0) return [];

  const last = await tx.selectFrom('decision_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let prevHash = last?.hash ?? GENESIS_HASH;
  const seqs = await sql<{ seq: number }>`select nextval('decision_log_seq')::bigint as seq from generate_series(1, ${fresh.length})`.execute(tx);
  const appended: LogEntry[] = fresh.map((entry, i) => {
    const seq = Number(seqs.rows[i]?.seq);
    const base = { ...entry, seq, recordedAt: now };
    const hash = rowHash(prevHash, base);
    const row: LogEntry = { ...base, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx
    .insertInto('decision_log')
    .values(
      appended.map((e) => ({
        seq: e.seq,
        event_id: e.eventId,
        tenant_id: e.tenantId,
        case_id: e.caseId,
        event_type: e.event.type,
        payload: JSON.stringify(e.event.data),
        policy_version: e.policyVersion,
        model_versions: JSON.stringify(e.modelVersions),
        thresholds: e.thresholds === null ? null : JSON.stringify(e.thresholds),
        actor_type: e.actor.type,
        actor_id: e.actor.id,
        actor_role: e.actor.role ?? null,
        causation_id: e.causationId,
        correlation_id: e.correlationId,
        trace_id: e.traceId,
        occurred_at: e.occurredAt,
        recorded_at: e.recordedAt,
        prev_hash: e.prevHash,
        hash: e.hash,
      })),
    )
    .execute();
  return appended;
}

export async function readCase(db: Db | Tx, caseId: string): Promise<LogEntry[]> {
  const rows = await db.selectFrom('decision_log').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map(toEntry);
}

export async function readByCausation(db: Db | Tx, causationId: string): Promise<LogEntry[]> {
  const rows = await db.selectFrom('decision_log').selectAll().where('causation_id', '=', causationId).orderBy('seq').execute();
  return rows.map(toEntry);
}

/** Streams the whole log in sequence order, a page at a time, so a replay never holds it all in memory. */
export async function* readLog(db: Db | Tx, opts: { afterSeq?: number; pageSize?: number; tenantId?: string; from?: Date; to?: Date } = {}): AsyncGenerator<LogEntry[]> {
  let after = opts.afterSeq ?? 0;
  const pageSize = opts.pageSize ?? 5000;
  for (;;) {
    let q = db.selectFrom('decision_log').selectAll().where('seq', '>', after);
    if (opts.tenantId) q = q.where('tenant_id', '=', opts.tenantId);
    if (opts.from) q = q.where('occurred_at', '>=', opts.from);
    if (opts.to) q = q.where('occurred_at', '<', opts.to);
    const rows = await q.orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    const page = rows.map(toEntry);
    yield page;
    after = page[page.length - 1]!.seq;
    if (rows.length < pageSize) return;
  }
}
