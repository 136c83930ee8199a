// The thin Kafka adapter every stage shares. Per batch: decode each record (bad ones are dead-lettered
// with their reason), hand the good ones to the stage, produce what it returns, and only then commit
// offsets. A crash anywhere before the commit means redelivery, which stages absorb idempotently.
import { backOff } from 'exponential-backoff';
import { CompressionTypes, type Consumer, type EachBatchPayload, type KafkaMessage, type Message, type Producer } from 'kafkajs';
import { ROOT_CONTEXT, SpanKind, trace, type Span } from '@opentelemetry/api';
import { describeError, isRetriable, RejectedRecord } from '../errors';
import { ATTR, extractContext, injectHeaders, tracer } from '../telemetry';
import type { Logger } from '../logger';
import type { LogicalTopic, TopicNames } from '../topics';
import type { AvroCodec } from './avro';
import { deadLetterMessage } from './dead-letter';
import { BatchPhases, type PhaseTimer } from './phases';
import type { StageMetrics } from '../http/metrics';

/** Half the broker's default message.max.bytes, leaving room for record and batch overhead. */
const MAX_SEND_BYTES = 512 * 1024;

const byteLength = (v: Buffer | string | null | undefined) => (v === null || v === undefined ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length);

/** Splits outgoing messages into requests of at most `maxBytes` of keys, values and headers (a single larger message goes alone). */
export function boundedChunks(outgoing: ReadonlyArray<[string, Message[]]>, maxBytes: number): Array<Array<{ topic: string; messages: Message[] }>> {
  const chunks: Array<Array<{ topic: string; messages: Message[] }>> = [];
  let current: Array<{ topic: string; messages: Message[] }> = [];
  let size = 0;
  for (const [topic, messages] of outgoing) {
    for (const m of messages) {
      const headerBytes = Object.entries(m.headers ?? {}).reduce((n, [k, v]) => n + k.length + (typeof v === 'string' || Buffer.isBuffer(v) ? byteLength(v) : 64), 0);
      const bytes = byteLength(m.key) + byteLength(m.value) + headerBytes + 32;
      if (size > 0 && size + bytes > maxBytes) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      let entry = current.find((t) => t.topic === topic);
      if (!entry) current.push((entry = { topic, messages: [] }));
      entry.messages.push(m);
      size += bytes;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The default partition count in topics.yaml; more partitions than this are taken in turns. */
const PARTITIONS_CONCURRENTLY = 3;

const HEARTBEAT_DURING_BATCH_MS = 1_000;

const MEMBERSHIP_ERRORS = new Set(['UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION']);

/** kafkajs names the protocol error in `type`, on the error itself or on its retry wrapper's cause. */
export function lostGroupMembership(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && MEMBERSHIP_ERRORS.has(type)) return true;
  }
  return false;
}

export type StageName = 'ingest' | 'enrich' | 'classify' | 'route' | 'review' | 'writeback';

export interface InboundRecord<T> {
  topic: LogicalTopic;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: Record<string, string>;
  timestamp: number;
}

export interface OutboundRecord {
  topic: LogicalTopic;
  key: string;
  value: unknown;
  headers?: Record<string, string>;
}

export type RecordResult = { ok: true; out: OutboundRecord[] } | { ok: false; reason: string; field?: string };

export interface StageHandler<T> {
  name: StageName;
  inputs: LogicalTopic[];
  /** Turns a decoded Avro value into the stage's input type, throwing RejectedRecord if it is unusable. */
  accept(value: unknown, topic: LogicalTopic): T;
  /**
   * Processes decoded records in order; one result per record. Throw only for retriable failures.
   * `phases` times named parts of the work (classifiers, database transactions) for the trace.
   */
  handleBatch(records: InboundRecord<T>[], phases: PhaseTimer): Promise<RecordResult[]>;
}

export interface StageRunnerDeps {
  consumer: Consumer;
  producer: Producer;
  codec: AvroCodec;
  topics: TopicNames;
  log: Logger;
  metrics: StageMetrics;
  clock?: () => Date;
}

function stringHeaders(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[0]) : v.toString();
  }
  return out;
}

export class StageRunner<T> {
  private readonly clock: () => Date;
  private readonly logicalByPhysical: Map<string, LogicalTopic>;

  constructor(
    private readonly handler: StageHandler<T>,
    private readonly deps: StageRunnerDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
    this.logicalByPhysical = new Map(handler.inputs.map((t) => [deps.topics.name(t), t]));
  }

  async start(): Promise<void> {
    const { consumer, producer, topics } = this.deps;
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: this.handler.inputs.map((t) => topics.name(t)), fromBeginning: true });
    // Partitions are processed concurrently: a stage spends most of a batch waiting on PostgreSQL or the
    // broker, and batches of different partitions share no keys. Order within a partition is kept.
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY, eachBatch: (payload) => this.processBatch(payload) });
  }

  async stop(): Promise<void> {
    await this.deps.consumer.disconnect();
    await this.deps.producer.disconnect();
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    // A large batch can take longer than the group's session timeout; without heartbeats meanwhile the
    // member is fenced, its commit refused, and the batch done again by the next owner, over and over.
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_DURING_BATCH_MS);
    try {
      await this.processBatchBody(payload);
    } finally {
      clearInterval(beat);
    }
  }

  private async processBatchBody(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const logical = this.logicalByPhysical.get(batch.topic);
    if (!logical || batch.messages.length === 0) return;
    const { codec, log, metrics } = this.deps;
    const deadLetters: Message[] = [];
    const accepted: InboundRecord<T>[] = [];
    const source = (message: KafkaMessage) => ({ topic: batch.topic, partition: batch.partition, message });

    for (const message of batch.messages) {
      try {
        const decoded = await codec.decode(message.value);
        accepted.push({
          topic: logical,
          partition: batch.partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: this.handler.accept(decoded, logical),
          headers: stringHeaders(message),
          timestamp: Number(message.timestamp),
        });
      } catch (err) {
        if (!(err instanceof RejectedRecord)) throw err;
        log.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset, reason: err.reason }, 'record dead-lettered');
        deadLetters.push(deadLetterMessage(source(message), this.handler.name, err.reason, err.field, this.clock()));
      }
    }
    metrics.consumed.inc({ topic: logical }, batch.messages.length);
    metrics.batchSize.observe(batch.messages.length);

    // One span per record, child of the trace the record arrived with; what it produces carries it on.
    const spans = accepted.map((r) =>
      tracer().startSpan(`${this.handler.name} process`, { kind: SpanKind.CONSUMER, attributes: { [ATTR.stage]: this.handler.name, [ATTR.topic]: batch.topic, [ATTR.partition]: batch.partition, [ATTR.offset]: r.offset } }, extractContext(r.headers)),
    );
    const phases = new BatchPhases();
    try {
      await this.decideAndProduce(payload, accepted, spans, deadLetters, phases);
    } finally {
      phases.drawUnder(spans);
      for (const span of spans) span.end();
    }
  }

  private async decideAndProduce(payload: EachBatchPayload, accepted: InboundRecord<T>[], spans: Span[], deadLetters: Message[], phases: BatchPhases): Promise<void> {
    const { batch } = payload;
    const started = performance.now();
    const { codec, topics, metrics } = this.deps;
    const source = (message: KafkaMessage) => ({ topic: batch.topic, partition: batch.partition, message });
    const results = accepted.length === 0 ? [] : await phases.time(`${this.handler.name} decide`, () => this.withRetry(() => this.handler.handleBatch(accepted, phases), () => payload.heartbeat()));
    const outgoing = new Map<string, Message[]>();
    for (const [i, result] of results.entries()) {
      const record = accepted[i]!;
      const original = batch.messages.find((m) => m.offset === record.offset)!;
      if (!result.ok) {
        deadLetters.push(deadLetterMessage(source(original), this.handler.name, result.reason, result.field, this.clock()));
        continue;
      }
      for (const out of result.out) {
        const topic = topics.name(out.topic);
        try {
          const value = await codec.encode(topic, out.value);
          const list = outgoing.get(topic) ?? [];
          const span = spans[i];
          const traceHeaders = span ? injectHeaders(trace.setSpan(ROOT_CONTEXT, span)) : {};
          list.push({ key: out.key, value, headers: { ...pickTraceHeaders(record.headers), ...traceHeaders, ...out.headers } });
          outgoing.set(topic, list);
        } catch (err) {
          if (isRetriable(err) && !(err instanceof Error && err.name.startsWith('ConfluentSchemaRegistry'))) throw err;
          deadLetters.push(deadLetterMessage(source(original), this.handler.name, `output to ${out.topic} does not fit its schema: ${describeError(err)}`, undefined, this.clock()));
        }
      }
    }
    if (deadLetters.length > 0) outgoing.set(topics.name(`dlq.${this.handler.name}`), [...(outgoing.get(topics.name(`dlq.${this.handler.name}`)) ?? []), ...deadLetters]);
    if (outgoing.size > 0) {
      // Bounded requests, gzip-compressed: a record batch over the broker's message.max.bytes (1 MB by
      // default) is refused with a non-retriable error that stops the consumer for good.
      await phases.time(`${this.handler.name} produce`, async () => {
        for (const topicMessages of boundedChunks([...outgoing], MAX_SEND_BYTES)) {
          await this.deps.producer.sendBatch({ acks: -1, compression: CompressionTypes.GZIP, topicMessages });
        }
      });
    }
    for (const [topic, messages] of outgoing) {
      const logicalOut = topic.slice(topics.prefix.length);
      metrics.produced.inc({ topic: logicalOut }, messages.length);
    }
    metrics.deadLettered.inc(deadLetters.length);

    const last = batch.messages[batch.messages.length - 1]!;
    // kafkajs fetches from what was resolved, not from what was committed: resolve, then commit.
    payload.resolveOffset(last.offset);
    if (!payload.isRunning() || payload.isStale()) return;
    try {
      await phases.time(`${this.handler.name} commit`, () => this.deps.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]));
    } catch (err) {
      // Fenced out of the group (say, a long batch outlasted the session): the partition's new owner
      // re-reads these records, and every stage absorbs redelivery. Crashing here would stop the consumer.
      if (!lostGroupMembership(err)) throw err;
      this.deps.log.warn({ topic: batch.topic, partition: batch.partition, err: describeError(err) }, 'offsets not committed: this member left the group; the new owner re-reads the batch');
    }
    metrics.duration.observe((performance.now() - started) / 1000);
  }

  /** Retriable failures (database or broker hiccups) are retried with jittered backoff, then surface. */
  private withRetry<R>(fn: () => Promise<R>, heartbeat: () => Promise<void>): Promise<R> {
    return backOff(fn, {
      numOfAttempts: 6,
      startingDelay: 200,
      maxDelay: 5_000,
      jitter: 'full',
      retry: async (err: unknown, attempt: number) => {
        this.deps.log.warn({ err: describeError(err), attempt }, 'stage batch failed; retrying');
        await heartbeat().catch(() => undefined);
        return isRetriable(err);
      },
    });
  }
}

/** Trace context and correlation travel with the post from hop to hop. */
export function pickTraceHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['traceparent', 'tracestate', 'vigil-correlation-id']) if (headers[k] !== undefined) out[k] = headers[k];
  return out;
}
