// kafkajs wiring shared by every stage: one client per process, an acks=all producer, and a
// consumer that never auto-creates topics (topics.yaml is the only place topics come from).
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { Logger } from '../logger';

export function createKafka(clientId: string, brokers: string[], log: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 10_000 },
    logCreator: () => ({ namespace, level, log: entry }) => {
      const { message, ...extra } = entry;
      const fields = { namespace, ...extra };
      if (level <= logLevel.ERROR) log.error(fields, message);
      else log.warn(fields, message);
    },
  });
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 8 } });
}

export function createConsumer(kafka: Kafka, groupId: string): Consumer {
  return kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 20_000,
    maxWaitTimeInMs: 100,
    // Batches of a few hundred posts rather than kafkajs's 1 MB default (a couple of thousand): a stage
    // commits and forwards sooner, so a backlog drains in steps instead of in one long batch.
    maxBytesPerPartition: 256 * 1024,
    // A consumer that crashed on a retriable error rejoins; nothing is lost, uncommitted records are
    // fetched again. kafkajs asks this only for retriable errors: after any other, the runtime marks
    // the stage failed (see failRuntime), so it is restarted instead of idling while it looks healthy.
    retry: { retries: 8, restartOnFailure: () => Promise.resolve(true) },
  });
}
