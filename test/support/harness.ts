// A private slice of the real infrastructure for one integration suite: its own topic prefix, consumer
// groups, registry subjects and PostgreSQL schema, all removed again by stop().
import { randomBytes } from 'node:crypto';
import type { Consumer, EachMessagePayload, Producer } from 'kafkajs';
import { loadConfig, type VigilConfig } from '../../services/core/config';
import { createDb, type Db } from '../../services/core/db/database';
import { dropSchema, provisionSchema } from '../../services/core/db/provision';
import { AvroCodec } from '../../services/core/kafka/avro';
import { createKafka } from '../../services/core/kafka/client';
import { deleteTopics, provisionTopics } from '../../services/core/kafka/provision-topics';
import type { StageName } from '../../services/core/kafka/stage-runner';
import { createLogger } from '../../services/core/logger';
import { closeRuntime, createRuntime, type Runtime } from '../../services/core/runtime';
import { TopicNames, type LogicalTopic } from '../../services/core/topics';
import { startIngest } from '../../services/ingest/main';
import { startEnrich } from '../../services/enrich/main';
import { startClassify } from '../../services/classify/main';
import { startRoute } from '../../services/route/main';
import { startReview } from '../../services/review/main';
import { startWriteback } from '../../services/writeback/main';

export const ALL_STAGES: readonly StageName[] = ['ingest', 'enrich', 'classify', 'route', 'review', 'writeback'];

const STARTERS: Record<StageName, (rt: Runtime) => Promise<unknown>> = {
  ingest: startIngest,
  enrich: startEnrich,
  classify: startClassify,
  route: startRoute,
  review: startReview,
  writeback: (rt) => startWriteback(rt),
};

export interface Collected {
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

export class Harness {
  readonly topics: TopicNames;
  readonly codec: AvroCodec;
  readonly db: Db;
  readonly ownerDb: Db;
  private readonly kafka;
  private producer: Producer | null = null;
  private readonly runtimes = new Map<StageName, Runtime>();
  private readonly consumers: Consumer[] = [];

  private constructor(readonly config: VigilConfig) {
    this.topics = new TopicNames(config.topicPrefix);
    this.codec = new AvroCodec(config.registryUrl);
    this.db = createDb(config.databaseUrl, config.databaseSchema);
    this.ownerDb = createDb(config.databaseOwnerUrl, config.databaseSchema, 2);
    this.kafka = createKafka('vigil-test', config.kafkaBrokers, createLogger('test', 'error'));
  }

  static async create(name: string, overrides: Partial<VigilConfig> = {}): Promise<Harness> {
    const id = `${name.replace(/[^a-z0-9]/g, '')}_${randomBytes(4).toString('hex')}`;
    const config: VigilConfig = { ...loadConfig(), topicPrefix: `test.${id}.`, databaseSchema: `test_${id}`, logLevel: process.env.TEST_LOG_LEVEL ?? 'error', httpPort: 0, ...overrides };
    const h = new Harness(config);
    await provisionSchema(config.databaseOwnerUrl, config.databaseSchema);
    await provisionTopics(h.kafka, h.topics.all);
    await h.codec.registerTopics(h.topics.all);
    return h;
  }

  async startStage(stage: StageName): Promise<Runtime> {
    const rt = createRuntime(stage, this.config, `-${randomBytes(2).toString('hex')}`);
    this.runtimes.set(stage, rt);
    await STARTERS[stage](rt);
    return rt;
  }

  async stopStage(stage: StageName): Promise<void> {
    const rt = this.runtimes.get(stage);
    if (!rt) return;
    this.runtimes.delete(stage);
    await closeRuntime(rt);
  }

  async startAll(stages: readonly StageName[] = ALL_STAGES): Promise<void> {
    for (const s of stages) await this.startStage(s);
  }

  async produce(topic: LogicalTopic, records: Array<{ key: string; value: unknown; headers?: Record<string, string> }>): Promise<void> {
    const name = this.topics.name(topic);
    const messages = await Promise.all(records.map(async (r) => ({ key: r.key, value: await this.codec.encode(name, r.value), headers: r.headers ?? {} })));
    await this.produceRaw(topic, messages);
  }

  async produceRaw(topic: LogicalTopic, messages: Array<{ key: string; value: Buffer | null; headers?: Record<string, string> }>): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic: this.topics.name(topic), acks: -1, messages });
  }

  /** Collects every record on a topic from the beginning; `decode` false keeps raw bytes (dead letters). */
  async collect(topic: LogicalTopic, decode = true): Promise<Collected[]> {
    const seen: Collected[] = [];
    const consumer = this.kafka.consumer({ groupId: `${this.config.topicPrefix}collector-${randomBytes(3).toString('hex')}`, maxWaitTimeInMs: 100 });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: this.topics.name(topic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }: EachMessagePayload) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
        seen.push({ key: message.key?.toString() ?? null, value: decode ? await this.codec.decode(message.value) : message.value, headers, partition, offset: message.offset });
      },
    });
    return seen;
  }

  async stop(): Promise<void> {
    for (const stage of [...this.runtimes.keys()]) await this.stopStage(stage);
    for (const c of this.consumers) await c.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.db.destroy();
    await this.ownerDb.destroy();
    await deleteTopics(this.kafka, this.topics.all.map((t) => t.name)).catch(() => undefined);
    await dropSchema(this.config.databaseOwnerUrl, this.config.databaseSchema);
  }
}

/** Polls until `check` returns a value other than undefined, or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
