// Process wiring shared by the six stage mains: config, logger, Kafka, registry codec, database, metrics,
// the HTTP surface, and a graceful shutdown on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import { loadConfig, type VigilConfig } from './config';
import { createDb, ping, type Db } from './db/database';
import { createHttpServer, listen } from './http/server';
import { createConsumerLagGauge, createStageMetrics, type StageMetrics } from './http/metrics';
import { AvroCodec } from './kafka/avro';
import { createConsumer, createKafka, createProducer } from './kafka/client';
import { consumerLag } from './kafka/lag';
import type { StageName, StageRunnerDeps } from './kafka/stage-runner';
import { createLogger, type Logger } from './logger';
import { initTelemetry, shutdownTelemetry } from './telemetry';
import { TopicNames, type LogicalTopic } from './topics';

export const DEFAULT_HTTP_PORTS: Record<StageName, number> = {
  ingest: 8101,
  enrich: 8102,
  classify: 8103,
  route: 8104,
  review: 8105,
  writeback: 8106,
};

export interface Runtime {
  stage: StageName;
  config: VigilConfig;
  log: Logger;
  kafka: Kafka;
  codec: AvroCodec;
  topics: TopicNames;
  metrics: StageMetrics;
  db: Db;
  http: FastifyInstance;
  closers: Array<() => Promise<void>>;
  /**
   * Set when the stage can no longer make progress (its consumer crashed and will not restart): /readyz
   * then answers 503, and a stage running as its own process exits so its supervisor restarts it,
   * instead of idling silently while it looks healthy.
   */
  failure: string | null;
  onFailure: Array<(reason: string) => void>;
}

/** Marks the runtime failed (see Runtime.failure); the first reason wins. */
export function failRuntime(rt: Runtime, reason: string): void {
  if (rt.failure !== null) return;
  rt.failure = reason;
  rt.log.fatal({ reason }, `${rt.stage} cannot make progress`);
  for (const hook of rt.onFailure) hook(reason);
}

export function createRuntime(stage: StageName, config: VigilConfig = loadConfig(), suffix = ''): Runtime {
  const log = createLogger(stage, config.logLevel);
  const metrics = createStageMetrics(stage);
  const db = createDb(config.databaseUrl, config.databaseSchema);
  const kafka = createKafka(`vigil-${stage}${suffix}`, config.kafkaBrokers, log);
  const rt: Runtime = {
    stage,
    config,
    log,
    kafka,
    codec: new AvroCodec(config.registryUrl),
    topics: new TopicNames(config.topicPrefix),
    metrics,
    db,
    http: createHttpServer({ registry: metrics.registry, ready: () => (rt.failure === null ? ping(db).then(() => true) : Promise.resolve(false)), port: config.httpPort ?? DEFAULT_HTTP_PORTS[stage] }),
    closers: [],
    failure: null,
    onFailure: [],
  };
  rt.closers.push(() => db.destroy(), () => rt.http.close());
  return rt;
}

export async function closeRuntime(rt: Runtime): Promise<void> {
  for (const close of [...rt.closers].reverse()) await close().catch((err: unknown) => rt.log.warn({ err }, 'error while closing'));
}

/** Starts the HTTP surface, runs `start`, and closes everything once on SIGTERM or SIGINT. */
export async function runMain(rt: Runtime, start: () => Promise<void>): Promise<void> {
  initTelemetry(rt.stage);
  rt.closers.unshift(() => shutdownTelemetry());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.log.info({ signal }, `${rt.stage} stopping`);
    void closeRuntime(rt).then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  rt.onFailure.push(() => void closeRuntime(rt).finally(() => process.exit(1)));
  await start();
  // Routes are registered by start(), so the server listens only afterwards.
  const address = await listen(rt.http, rt.config.httpPort ?? DEFAULT_HTTP_PORTS[rt.stage], rt.config.httpHost);
  rt.log.info({ address }, `${rt.stage} running (metrics, healthz, readyz on ${address})`);
}

/**
 * Everything a StageRunner needs, wired the same way for every stage: its consumer group (with the
 * topic prefix), an acks=all producer, the codec, metrics, and a consumer-lag gauge read on scrape.
 */
export function stageRunnerDeps(rt: Runtime, inputs: LogicalTopic[], group = groupId(rt)): StageRunnerDeps {
  const admin = rt.kafka.admin();
  let connected: Promise<void> | null = null;
  createConsumerLagGauge(rt.metrics.registry, async () => {
    connected ??= admin.connect();
    await connected;
    return consumerLag(admin, group, inputs.map((t) => rt.topics.name(t)));
  });
  rt.closers.push(() => (connected ? admin.disconnect() : Promise.resolve()));
  const consumer = createConsumer(rt.kafka, group);
  // kafkajs restarts a crashed consumer only after a retriable error; after any other it stays stopped.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) failRuntime(rt, `consumer crashed: ${payload.error.message}`);
  });
  return { consumer, producer: createProducer(rt.kafka), codec: rt.codec, topics: rt.topics, log: rt.log, metrics: rt.metrics };
}

/** Consumer groups carry the topic prefix too, so test suites never share offsets. */
export function groupId(rt: Runtime): string {
  return `${rt.config.topicPrefix}vigil-${rt.stage}`;
}
