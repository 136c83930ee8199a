// Claims due outbox rows with FOR UPDATE SKIP LOCKED, so several writeback instances (and the Kafka and
// webhook relays inside one) never deliver the same row at once. Each row comes with its log entry.
import type { Tx } from '../core/db/database';

/** Which destinations a relay serves: exact names and/or name prefixes (e.g. `webhook:`). */
export interface DestinationFilter {
  exact?: readonly string[];
  prefixes?: readonly string[];
}

export function claimDueOutbox(tx: Tx, filter: DestinationFilter, limit: number, now: Date) {
  return tx
    .selectFrom('outbox')
    .innerJoin('decision_log', 'decision_log.seq', 'outbox.event_seq')
    .innerJoin('cases', 'cases.case_id', 'decision_log.case_id')
    .selectAll('decision_log')
    .select(['outbox.id as outbox_id', 'outbox.attempts as outbox_attempts', 'outbox.destination as outbox_destination', 'cases.post_id as case_post_id', 'cases.author_id as case_author_id'])
    .where((eb) => eb.or([
      ...(filter.exact ?? []).map((d) => eb('outbox.destination', '=', d)),
      ...(filter.prefixes ?? []).map((p) => eb('outbox.destination', 'like', `${p}%`)),
    ]))
    .where('outbox.delivered_at', 'is', null)
    .where('outbox.failed_at', 'is', null)
    .where('outbox.next_attempt_at', '<=', now)
    .orderBy('outbox.id')
    .limit(limit)
    .forUpdate('outbox')
    .skipLocked()
    .execute();
}
