// POST /v1/posts for producers that cannot speak Kafka. Validation is the same as for Kafka input; a
// bad post gets a 400 naming the field and limit instead of a dead letter, because the caller is there.
import { SpanKind } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Producer } from 'kafkajs';
import type { AvroCodec } from '../core/kafka/avro';
import { ATTR, extractContext, inSpan, injectHeaders } from '../core/telemetry';
import type { TopicNames } from '../core/topics';
import { ingestedRecord } from './handler';
import { validatePost } from './validate';

export function registerPostsApi(app: FastifyInstance, deps: { producer: Producer; codec: AvroCodec; topics: TopicNames; clock?: () => number }): void {
  const clock = deps.clock ?? Date.now;
  app.post('/v1/posts', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const idempotencyKey = req.headers['idempotency-key'];
    const raw = { ...body, event_id: body.event_id ?? (typeof idempotencyKey === 'string' ? idempotencyKey : undefined) };
    const now = clock();
    const v = validatePost(raw, now);
    if (!v.ok) return reply.code(400).send({ error: 'invalid post', field: v.field, reason: v.reason });
    const topic = deps.topics.name('moderation.ingested');
    const value = await deps.codec.encode(topic, ingestedRecord(v.post, v.caseId, now, 'http'));
    const incoming = extractContext(req.headers as Record<string, string | undefined>);
    await inSpan('ingest http', incoming, { [ATTR.stage]: 'ingest', [ATTR.caseId]: v.caseId }, async (_span, ctx) => {
      await deps.producer.send({ topic, acks: -1, messages: [{ key: v.caseId, value, headers: injectHeaders(ctx) }] });
    }, SpanKind.SERVER);
    return reply.code(202).send({ accepted: true, case_id: v.caseId, event_id: v.post.event_id });
  });
}
