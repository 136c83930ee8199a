// topics.yaml, validated and typed. A prefix (VIGIL_TOPIC_PREFIX) lets tests run on their own topics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const TopicSpec = z.object({
  name: z.string().regex(/^[a-zA-Z0-9._-]+$/),
  description: z.string(),
  key: z.string(),
  value_schema: z.string(),
  partitions: z.number().int().positive().optional(),
  retention_ms: z.number().int().positive().optional(),
  cleanup_policy: z.enum(['delete', 'compact']).optional(),
});

const TopicsFile = z.object({
  defaults: z.object({ partitions: z.number().int().positive(), retention_ms: z.number().int().positive(), cleanup_policy: z.enum(['delete', 'compact']) }),
  topics: z.array(TopicSpec),
});

export interface TopicDefinition {
  logicalName: string;
  name: string;
  partitions: number;
  retentionMs: number;
  cleanupPolicy: 'delete' | 'compact';
  /** An Avro record name from schemas/, or "raw" for dead-letter topics that keep original bytes. */
  valueSchema: string;
}

export type LogicalTopic =
  | 'community.posts'
  | 'moderation.ingested'
  | 'moderation.enriched'
  | 'moderation.classified'
  | 'review.tasks'
  | 'review.decisions'
  | 'decisions'
  | `dlq.${'ingest' | 'enrich' | 'classify' | 'route' | 'review' | 'writeback'}`;

export function loadTopics(prefix = '', file = join(__dirname, '..', '..', 'topics.yaml')): TopicDefinition[] {
  const parsed = TopicsFile.parse(parse(readFileSync(file, 'utf8')));
  return parsed.topics.map((t) => ({
    logicalName: t.name,
    name: `${prefix}${t.name}`,
    partitions: t.partitions ?? parsed.defaults.partitions,
    retentionMs: t.retention_ms ?? parsed.defaults.retention_ms,
    cleanupPolicy: t.cleanup_policy ?? parsed.defaults.cleanup_policy,
    valueSchema: t.value_schema,
  }));
}

/** Physical topic names by logical name, for one prefix. */
export class TopicNames {
  private readonly byLogical: Map<string, TopicDefinition>;
  constructor(readonly prefix = '', readonly all = loadTopics(prefix)) {
    this.byLogical = new Map(all.map((t) => [t.logicalName, t]));
  }
  name(logical: LogicalTopic): string {
    const t = this.byLogical.get(logical);
    if (!t) throw new Error(`topic ${logical} is not declared in topics.yaml`);
    return t.name;
  }
  definition(logical: LogicalTopic): TopicDefinition {
    const t = this.byLogical.get(logical);
    if (!t) throw new Error(`topic ${logical} is not declared in topics.yaml`);
    return t;
  }
}
