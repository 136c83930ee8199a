// Webhook deliveries through the outbox, with the same machinery as the `decisions` relay: rows claimed
// with FOR UPDATE SKIP LOCKED, an attempt count and exponential backoff with jitter. Two steps:
//  1. fan-out: each logged decision's `fanout:webhooks` row becomes one row per subscribed webhook
//     (`webhook:<name>` for the decision, `notice:<name>` for the member notification);
//  2. delivery: POST, Standard Webhooks signed; 2xx is delivered, anything else is retried, and after the
//     webhook's max_attempts the row fails, `WritebackFailed` is logged and the payload goes to dlq.writeback.
import { claimDueOutbox } from './outbox-claim';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Producer } from 'kafkajs';
import { sql } from 'kysely';
import type { Db, Tx } from '../core/db/database';
import type { LogEntry, NewLogEntry } from '../core/log/events';
import { commitStep, WEBHOOK_FANOUT_DESTINATION } from '../core/log/step';
import { toEntry } from '../core/log/store';
import type { Runtime } from '../core/runtime';
import { decisionRecord } from './decision-record';
import { memberNotice } from './member-notice';
import { outboxDeadLetter, type GivenUp } from './outbox-dead-letter';
import { writebackEntry } from './relay';
import { retryPlan } from './retry-plan';
import { ATTR, contextForTraceId, injectHeaders, tracer } from '../core/telemetry';
import { postSigned, type DeliveryOutcome } from './webhook-http';
import {
  decisionWebhookBody, destinationKind, fanOutDestinations, NOTICE_DESTINATION_PREFIX, signedRequest, webhookMessageId, webhookName,
  WEBHOOK_DESTINATION_PREFIX, type DestinationKind,
} from './webhook-events';
import type { WebhookConfig } from './webhooks-config';

/** What a member notice needs from the tenant's policy. */
export interface NoticePolicy {
  reasonText(tenantId: string, reasonCode: string): string | null;
  appealSlaMinutes(tenantId: string): number | null;
}

type CountByKind = (kind: DestinationKind, n: number) => void;

export interface WebhookCounters {
  delivered: CountByKind;
  retried: CountByKind;
  failed: CountByKind;
}

export interface WebhookRelayOptions {
  webhooks: readonly WebhookConfig[];
  appealBaseUrl: string;
  batchSize: number;
  clock: () => number;
  random: () => number;
  policy: NoticePolicy;
  counters?: WebhookCounters;
}

function claim(tx: Tx, which: 'fanout' | 'deliver', limit: number, now: Date) {
  const filter = which === 'fanout' ? { exact: [WEBHOOK_FANOUT_DESTINATION] } : { prefixes: [WEBHOOK_DESTINATION_PREFIX, NOTICE_DESTINATION_PREFIX] };
  return claimDueOutbox(tx, filter, limit, now);
}

/** Expands due fan-out rows into per-webhook rows. Returns how many fan-out rows it handled. */
export async function fanOutOnce(db: Db, opts: WebhookRelayOptions): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const now = new Date(opts.clock());
    const rows = await claim(tx, 'fanout', opts.batchSize, now);
    if (rows.length === 0) return 0;
    const values = rows.flatMap((r) => {
      const entry = toEntry(r);
      return fanOutDestinations(opts.webhooks, entry, decisionRecord(entry, r.case_post_id, opts.appealBaseUrl))
        .map((destination) => ({ event_seq: entry.seq, event_id: entry.eventId, destination, attempts: 0, next_attempt_at: now }));
    });
    if (values.length > 0) await tx.insertInto('outbox').values(values).onConflict((oc) => oc.columns(['event_id', 'destination']).doNothing()).execute();
    await tx.updateTable('outbox').set({ delivered_at: now, attempts: sql`attempts + 1` as never }).where('id', 'in', rows.map((r) => Number(r.outbox_id))).execute();
    return rows.length;
  });
}

/** The first review task's text per case: the only place post text is kept (queued posts only). */
async function postTexts(tx: Tx, caseIds: string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await tx.selectFrom('review_tasks').select(['case_id', 'text']).where('case_id', 'in', caseIds).orderBy('created_at').execute();
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.case_id)) out.set(r.case_id, r.text);
  return out;
}

interface Attempt {
  outboxId: number;
  destination: string;
  entry: LogEntry;
  attempts: number;
  messageId: string;
  webhook: WebhookConfig | undefined;
  payload: Record<string, unknown> | null;
}

function payloadFor(a: Pick<Attempt, 'destination' | 'entry'>, postId: string, authorId: string | null, texts: Map<string, string>, opts: WebhookRelayOptions): Record<string, unknown> | null {
  const record = decisionRecord(a.entry, postId, opts.appealBaseUrl);
  if (!record) return null;
  if (destinationKind(a.destination) === 'webhook') return decisionWebhookBody(record, a.entry.event.type);
  return {
    ...memberNotice(record, {
      memberId: authorId,
      postText: texts.get(a.entry.caseId) ?? null,
      reasonText: opts.policy.reasonText(a.entry.tenantId, record.reason_code),
      appealSlaMinutes: opts.policy.appealSlaMinutes(a.entry.tenantId),
    }),
  };
}

async function attempt(a: Attempt, now: Date): Promise<DeliveryOutcome> {
  if (!a.webhook) return { ok: false, error: 'this webhook is no longer configured' };
  if (!a.payload) return { ok: false, error: 'the log event has no decision record' };
  // The call is part of the post's trace (a sibling of the Kafka delivery), and carries it on to the
  // receiver in `traceparent`, outside the signed body.
  const span = tracer().startSpan(
    'writeback webhook',
    { kind: SpanKind.CLIENT, attributes: { [ATTR.stage]: 'writeback', [ATTR.caseId]: a.entry.caseId, 'vigil.webhook': a.webhook.name, 'http.request.method': 'POST' } },
    contextForTraceId(a.entry.traceId, a.entry.eventId),
  );
  const request = signedRequest(a.webhook.secret, a.messageId, now, a.payload);
  try {
    const outcome = await postSigned(a.webhook.url, { ...request, headers: { ...request.headers, ...injectHeaders(trace.setSpan(ROOT_CONTEXT, span)) } }, a.webhook.timeoutMs);
    if (outcome.ok) span.setAttribute('http.response.status_code', outcome.status);
    else span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
    return outcome;
  } finally {
    span.end();
  }
}

function count(counter: CountByKind | undefined, attempts: Attempt[]): void {
  const byKind = new Map<DestinationKind, number>();
  for (const a of attempts) byKind.set(destinationKind(a.destination), (byKind.get(destinationKind(a.destination)) ?? 0) + 1);
  for (const [kind, n] of byKind) counter?.(kind, n);
}

/** Delivers one batch of due webhook and notice rows. Returns how many were delivered. */
export async function deliverWebhooksOnce(rt: Runtime, producer: Producer, opts: WebhookRelayOptions): Promise<number> {
  const byName = new Map(opts.webhooks.map((w) => [w.name, w]));
  return rt.db.transaction().execute(async (tx) => {
    const now = new Date(opts.clock());
    const rows = await claim(tx, 'deliver', opts.batchSize, now);
    if (rows.length === 0) return 0;
    const texts = await postTexts(tx, [...new Set(rows.filter((r) => destinationKind(r.outbox_destination) === 'notice').map((r) => r.case_id))]);
    const attempts: Attempt[] = rows.map((r) => {
      const entry = toEntry(r);
      const destination = r.outbox_destination;
      const base = { destination, entry };
      return {
        ...base, outboxId: Number(r.outbox_id), attempts: r.outbox_attempts + 1, messageId: webhookMessageId(entry.eventId, destination),
        webhook: byName.get(webhookName(destination) ?? ''), payload: payloadFor(base, r.case_post_id, r.case_author_id, texts, opts),
      };
    });
    // The rows stay locked while the requests run (bounded by each webhook's timeout), so another
    // writeback instance skips them rather than sending them twice. Receivers are called in parallel:
    // one slow receiver costs the batch at most its own timeout.
    const outcomes = await Promise.all(attempts.map((a) => attempt(a, now)));
    const logged: NewLogEntry[] = [];
    const delivered: Attempt[] = [];
    const retried: Attempt[] = [];
    const givenUp: GivenUp[] = [];
    for (const [i, a] of attempts.entries()) {
      const outcome = outcomes[i]!;
      const { seq, eventId, tenantId, caseId } = a.entry;
      if (outcome.ok) {
        await tx.updateTable('outbox').set({ delivered_at: now, attempts: a.attempts, last_error: null }).where('id', '=', a.outboxId).execute();
        logged.push(writebackEntry(seq, eventId, tenantId, caseId, a.destination, a.attempts, now));
        delivered.push(a);
        continue;
      }
      const plan = retryPlan(a.attempts, a.webhook && a.payload ? a.webhook.maxAttempts : null, now, opts.random());
      const gaveUp = plan.giveUp;
      await tx
        .updateTable('outbox')
        .set({ attempts: a.attempts, last_error: outcome.error, next_attempt_at: plan.nextAttemptAt, failed_at: gaveUp ? now : null })
        .where('id', '=', a.outboxId)
        .execute();
      if (!gaveUp) {
        retried.push(a);
        continue;
      }
      logged.push(writebackEntry(seq, eventId, tenantId, caseId, a.destination, a.attempts, now, outcome.error));
      givenUp.push({ outboxId: a.outboxId, destination: a.destination, eventId, caseId, attempts: a.attempts, reason: outcome.error, payload: a.payload, messageId: a.messageId });
    }
    // Inside the transaction on purpose: if the dead letter cannot be written, nothing is marked failed
    // and the row is simply tried again (the receiver dedupes by webhook-id).
    if (givenUp.length > 0) {
      await producer.send({ topic: rt.topics.name('dlq.writeback'), acks: -1, messages: givenUp.map((g) => outboxDeadLetter(g, now)) });
      rt.metrics.deadLettered.inc(givenUp.length);
    }
    await commitStep(tx, logged, now);
    count(opts.counters?.delivered, delivered);
    count(opts.counters?.retried, retried);
    count(opts.counters?.failed, attempts.filter((a) => givenUp.some((g) => g.outboxId === a.outboxId)));
    if (retried.length + givenUp.length > 0) rt.log.warn({ retried: retried.length, gaveUp: givenUp.length }, 'webhook deliveries failed');
    return delivered.length;
  });
}
