// One hop of the baseline: a plain kafkajs consumer and producer forwarding raw bytes (key, value,
// headers) from one topic to the next, with the pipeline's own client settings and commit discipline
// (produce with acks=all, then resolve and commit) but no decoding and no work. Run as its own process:
//   BENCH_FROM=<topic> BENCH_TO=<topic> BENCH_GROUP=<group> node --import tsx bench/e2e/forwarder.ts
import { createConsumer, createKafka, createProducer } from '../../services/core/kafka/client';
import { loadConfig } from '../../services/core/config';
import { createLogger } from '../../services/core/logger';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name}: required (the topic or group this hop uses)`);
  return value;
}

async function main(): Promise<void> {
  const from = requireEnv('BENCH_FROM');
  const to = requireEnv('BENCH_TO');
  const group = requireEnv('BENCH_GROUP');
  const log = createLogger('bench-forwarder', 'warn');
  const kafka = createKafka(`bench-forwarder-${group}`, loadConfig().kafkaBrokers, log);
  const consumer = createConsumer(kafka, group);
  const producer = createProducer(kafka);
  await producer.connect();
  await consumer.connect();
  consumer.on(consumer.events.GROUP_JOIN, () => process.send?.('ready'));
  await consumer.subscribe({ topic: from, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      if (batch.messages.length === 0) return;
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic: to, messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) }] });
      const last = batch.messages[batch.messages.length - 1]!;
      payload.resolveOffset(last.offset);
      if (!payload.isRunning() || payload.isStale()) return;
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
    },
  });
  const stop = () => {
    void consumer
      .disconnect()
      .then(() => producer.disconnect())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
