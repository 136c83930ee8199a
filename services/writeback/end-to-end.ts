// End-to-end latency, observed when writeback delivers a decision: from the post's created_at (as upstream
// stamped it; ingest allows at most 5 minutes of future skew) to the delivery on `decisions`. The time is
// not in the delivered row itself: it is the `createdAt` fact of the case's PostClassified entry in the log.
import type { Histogram } from 'prom-client';
import { sql } from 'kysely';
import type { Db } from '../core/db/database';
import type { LogEntry } from '../core/log/events';
import type { Logger } from '../core/logger';

/** `system` for what the pipeline decided on its own, `reviewer` for a human decision (includes queue time). */
export type EndToEndActor = 'system' | 'reviewer';

export function actorOf(entry: LogEntry): EndToEndActor {
  return entry.actor.type === 'reviewer' ? 'reviewer' : 'system';
}

/** Seconds from created_at to delivery, never negative (a clock a little ahead upstream is not latency). */
export function endToEndSeconds(createdAtMs: number, deliveredAt: Date): number {
  return Math.max(0, (deliveredAt.getTime() - createdAtMs) / 1000);
}

async function createdAtByCase(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('decision_log')
    .select(['case_id', sql<string>`payload->>'createdAt'`.as('created_at')])
    .where('case_id', 'in', [...caseIds])
    .where('event_type', '=', 'PostClassified')
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    const ms = Number(r.created_at);
    if (Number.isFinite(ms) && ms > 0 && !out.has(r.case_id)) out.set(r.case_id, ms);
  }
  return out;
}

/**
 * Returns the relay's `delivered` hook. The look-up runs after the relay's step, off its transaction, so
 * delivery never waits for the metric; a failed look-up is logged and those observations are skipped.
 */
export function endToEndObserver(db: Db, histogram: Histogram<'actor'>, log: Logger): (entries: readonly LogEntry[], at: Date) => void {
  return (entries, at) => {
    if (entries.length === 0) return;
    const caseIds = [...new Set(entries.map((e) => e.caseId))];
    setImmediate(() => {
      createdAtByCase(db, caseIds)
        .then((createdAt) => {
          for (const e of entries) {
            const ms = createdAt.get(e.caseId);
            if (ms !== undefined) histogram.observe({ actor: actorOf(e) }, endToEndSeconds(ms, at));
          }
        })
        .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'end-to-end latency look-up failed'));
    });
  };
}
