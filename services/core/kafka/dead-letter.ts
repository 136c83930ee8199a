// Dead letters keep the original bytes and say why, where from and by whom in headers, so a record can
// be inspected and re-driven without guessing.
import type { KafkaMessage, Message } from 'kafkajs';

export const DLQ_HEADERS = {
  reason: 'vigil-dlq-reason',
  field: 'vigil-dlq-field',
  sourceTopic: 'vigil-dlq-source-topic',
  sourcePartition: 'vigil-dlq-source-partition',
  sourceOffset: 'vigil-dlq-source-offset',
  stage: 'vigil-dlq-stage',
  failedAt: 'vigil-dlq-failed-at',
} as const;

export function deadLetterMessage(
  source: { topic: string; partition: number; message: KafkaMessage },
  stage: string,
  reason: string,
  field: string | undefined,
  now: Date,
): Message {
  const headers: Record<string, string | Buffer> = {};
  for (const [k, v] of Object.entries(source.message.headers ?? {})) {
    if (typeof v === 'string' || Buffer.isBuffer(v)) headers[k] = v;
  }
  headers[DLQ_HEADERS.reason] = reason;
  headers[DLQ_HEADERS.sourceTopic] = source.topic;
  headers[DLQ_HEADERS.sourcePartition] = String(source.partition);
  headers[DLQ_HEADERS.sourceOffset] = source.message.offset;
  headers[DLQ_HEADERS.stage] = stage;
  headers[DLQ_HEADERS.failedAt] = now.toISOString();
  if (field) headers[DLQ_HEADERS.field] = field;
  return { key: source.message.key, value: source.message.value, headers };
}

export function headerString(headers: KafkaMessage['headers'], name: string): string | undefined {
  const v = headers?.[name];
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v[0]?.toString();
  return v.toString();
}
