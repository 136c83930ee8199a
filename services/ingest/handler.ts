// ingest's Kafka adapter: community.posts -> moderation.ingested, bad posts to dlq.ingest.
import type { InboundRecord, RecordResult, StageHandler } from '../core/kafka/stage-runner';
import { validatePost, type ValidPost } from './validate';

export function ingestedRecord(post: ValidPost, caseId: string, ingestedAt: number, source: 'kafka' | 'http') {
  return { post, case_id: caseId, ingested_at: ingestedAt, ingest_source: source };
}

export function createIngestHandler(clock: () => number = Date.now): StageHandler<unknown> {
  return {
    name: 'ingest',
    inputs: ['community.posts'],
    accept: (value) => value,
    handleBatch: (records: InboundRecord<unknown>[]) =>
      Promise.resolve(
        records.map((r): RecordResult => {
          const now = clock();
          const v = validatePost(r.value, now);
          if (!v.ok) return { ok: false, reason: v.reason, field: v.field };
          return { ok: true, out: [{ topic: 'moderation.ingested', key: v.caseId, value: ingestedRecord(v.post, v.caseId, now, 'kafka') }] };
        }),
      ),
  };
}
