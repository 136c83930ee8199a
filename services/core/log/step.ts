// One step of the system of record, inside the caller's transaction: append to the log, fold the new
// rows into the case projection, and queue every outward event for writeback (the outbox).
import { assertTransaction, type Tx } from '../db/database';
import { OUTWARD_EVENT_TYPES, type LogEntry, type NewLogEntry } from './events';
import { projectEntries } from './projection';
import { appendEntries } from './store';

export const DECISIONS_DESTINATION = 'kafka:decisions';
/** Writeback expands this row into one row per subscribed webhook (`webhook:<name>`, `notice:<name>`). */
export const WEBHOOK_FANOUT_DESTINATION = 'fanout:webhooks';

export async function enqueueOutward(tx: Tx, entries: readonly LogEntry[], now: Date): Promise<void> {
  const outward = entries.filter((e) => OUTWARD_EVENT_TYPES.has(e.event.type));
  if (outward.length === 0) return;
  await tx
    .insertInto('outbox')
    .values(outward.flatMap((e) => [DECISIONS_DESTINATION, WEBHOOK_FANOUT_DESTINATION].map((destination) => ({ event_seq: e.seq, event_id: e.eventId, destination, attempts: 0, next_attempt_at: now }))))
    .onConflict((oc) => oc.columns(['event_id', 'destination']).doNothing())
    .execute();
}

export async function commitStep(tx: Tx, entries: readonly NewLogEntry[], now: Date): Promise<LogEntry[]> {
  assertTransaction(tx);
  const appended = await appendEntries(tx, entries, now);
  await projectEntries(tx, appended);
  await enqueueOutward(tx, appended, now);
  return appended;
}
