// The outbox relay: claims due rows with FOR UPDATE SKIP LOCKED (so several writeback instances never
// deliver the same row at once), publishes them to `decisions`, and records the outcome in the log.
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import { sql } from 'kysely';
import { describeError } from '../core/errors';
import type { LogEntry, NewLogEntry } from '../core/log/events';
import { commitStep, DECISIONS_DESTINATION } from '../core/log/step';
import { toEntry } from '../core/log/store';
import type { Runtime } from '../core/runtime';
import { ATTR, contextForTraceId, injectHeaders, tracer } from '../core/telemetry';
import { claimDueOutbox } from './outbox-claim';
import { decisionRecord, retryDelayMs } from './decision-record';
import { outboxDeadLetter, type GivenUp } from './outbox-dead-letter';

export interface RelayCounters {
  retried(n: number): void;
  failed(n: number): void;
  /** The log entries just delivered to `decisions` (for the end-to-end latency histogram). */
  delivered?(entries: readonly LogEntry[], at: Date): void;
}

export interface RelayOptions {
  batchSize: number;
  maxAttempts: number;
  appealBaseUrl: string;
  clock: () => number;
  random: () => number;
  counters?: RelayCounters;
}

/**
 * The log's record of a delivery outcome. A failure's id carries its time: after `vigil writeback retry`
 * the same row can fail again, and that second failure is a new fact, not a duplicate.
 */
export function writebackEntry(seq: number, eventId: string, tenantId: string, caseId: string, destination: string, attempts: number, now: Date, error?: string): NewLogEntry {
  return {
    eventId: error ? `${eventId}:failed:${destination}:${now.getTime()}` : `${eventId}:delivered:${destination}`,
    tenantId,
    caseId,
    event: error
      ? { type: 'WritebackFailed', data: { eventSeq: seq, destination, attempts, error } }
      : { type: 'WritebackDelivered', data: { eventSeq: seq, destination, attempts } },
    policyVersion: null,
    modelVersions: {},
    thresholds: null,
    actor: { type: 'system', id: 'writeback' },
    causationId: eventId,
    correlationId: caseId,
    traceId: null,
    occurredAt: now,
  };
}

/** Delivers one batch of due outbox rows. Returns how many were delivered. */
export async function relayOnce(rt: Runtime, producer: Producer, opts: RelayOptions): Promise<number> {
  const topic = rt.topics.name('decisions');
  return rt.db.transaction().execute(async (tx) => {
    const now = new Date(opts.clock());
    const rows = await claimDueOutbox(tx, { exact: [DECISIONS_DESTINATION] }, opts.batchSize, now);
    if (rows.length === 0) return 0;
    const entries = rows.map((r) => ({ entry: toEntry(r), outboxId: Number(r.outbox_id), attempts: r.outbox_attempts + 1, postId: r.case_post_id }));
    try {
      const messages = [];
      const spans = [];
      for (const { entry, postId } of entries) {
        const record = decisionRecord(entry, postId, opts.appealBaseUrl);
        if (!record) continue;
        // The log keeps the post's trace id, so the delivery joins the trace that began at ingest.
        const span = tracer().startSpan('writeback deliver', { kind: SpanKind.PRODUCER, attributes: { [ATTR.stage]: 'writeback', [ATTR.caseId]: entry.caseId, [ATTR.topic]: topic } }, contextForTraceId(entry.traceId, entry.eventId));
        spans.push(span);
        const traceHeaders = injectHeaders(trace.setSpan(ROOT_CONTEXT, span));
        messages.push({ key: entry.caseId, value: await rt.codec.encode(topic, record), headers: { 'idempotency-key': entry.eventId, ...traceHeaders } });
      }
      try {
        await producer.send({ topic, acks: -1, messages });
      } finally {
        for (const span of spans) span.end();
      }
    } catch (err) {
      const error = describeError(err);
      const givenUp: GivenUp[] = [];
      for (const { entry, outboxId, attempts, postId } of entries) {
        const failed = attempts >= opts.maxAttempts;
        await tx
          .updateTable('outbox')
          .set({ attempts, last_error: error, next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts, opts.random())), failed_at: failed ? now : null })
          .where('id', '=', outboxId)
          .execute();
        if (failed) {
          await commitStep(tx, [writebackEntry(entry.seq, entry.eventId, entry.tenantId, entry.caseId, DECISIONS_DESTINATION, attempts, now, error)], now);
          givenUp.push({ outboxId, destination: DECISIONS_DESTINATION, eventId: entry.eventId, caseId: entry.caseId, attempts, reason: error, payload: decisionRecord(entry, postId, opts.appealBaseUrl), messageId: entry.eventId });
        }
      }
      // Best effort: when Kafka itself is down this fails too, and the row stays failed for `vigil writeback retry`.
      if (givenUp.length > 0) await producer.send({ topic: rt.topics.name('dlq.writeback'), acks: -1, messages: givenUp.map((g) => outboxDeadLetter(g, now)) }).catch((dlqErr: unknown) => rt.log.error({ err: describeError(dlqErr) }, 'could not dead-letter failed decisions'));
      const gaveUp = entries.filter((e) => e.attempts >= opts.maxAttempts).length;
      opts.counters?.failed(gaveUp);
      opts.counters?.retried(entries.length - gaveUp);
      rt.log.warn({ err: error, rows: entries.length }, 'writeback delivery failed; will retry');
      return 0;
    }
    await tx.updateTable('outbox').set({ delivered_at: now, attempts: sql`attempts + 1` as never }).where('id', 'in', entries.map((e) => e.outboxId)).execute();
    await commitStep(tx, entries.map(({ entry, attempts }) => writebackEntry(entry.seq, entry.eventId, entry.tenantId, entry.caseId, DECISIONS_DESTINATION, attempts, now)), now);
    opts.counters?.delivered?.(entries.map((e) => e.entry), now);
    return entries.length;
  });
}
