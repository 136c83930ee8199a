// A delivery given up on becomes a record on dlq.writeback, with the usual dead-letter headers. Its
// source is an outbox row rather than a topic partition: `vigil-dlq-source-topic` is "outbox" and
// `vigil-dlq-source-offset` the outbox row id, which is what `vigil writeback retry --id` takes.
import type { Message } from 'kafkajs';
import { DLQ_HEADERS } from '../core/kafka/dead-letter';

export const OUTBOX_DLQ_HEADERS = {
  destination: 'vigil-dlq-destination',
  attempts: 'vigil-dlq-attempts',
  eventId: 'vigil-dlq-event-id',
} as const;

export interface GivenUp {
  outboxId: number;
  destination: string;
  eventId: string;
  caseId: string;
  attempts: number;
  reason: string;
  /** What could not be delivered, as JSON (null if the payload itself could not be built). */
  payload: unknown;
  messageId: string;
}

export function outboxDeadLetter(g: GivenUp, now: Date): Message {
  return {
    key: g.caseId,
    value: g.payload === null ? null : Buffer.from(JSON.stringify(g.payload)),
    headers: {
      [DLQ_HEADERS.reason]: `${g.destination}: ${g.reason} (gave up after ${g.attempts} attempt${g.attempts === 1 ? '' : 's'})`,
      [DLQ_HEADERS.sourceTopic]: 'outbox',
      [DLQ_HEADERS.sourceOffset]: String(g.outboxId),
      [DLQ_HEADERS.stage]: 'writeback',
      [DLQ_HEADERS.failedAt]: now.toISOString(),
      [OUTBOX_DLQ_HEADERS.destination]: g.destination,
      [OUTBOX_DLQ_HEADERS.attempts]: String(g.attempts),
      [OUTBOX_DLQ_HEADERS.eventId]: g.eventId,
      'idempotency-key': g.messageId,
    },
  };
}
