// Metric names are defined once here. Labels stay low-cardinality: topic, stage, action; never an id.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface StageMetrics {
  registry: Registry;
  consumed: Counter<'topic'>;
  produced: Counter<'topic'>;
  deadLettered: Counter;
  duration: Histogram;
  batchSize: Histogram;
}

export function createStageMetrics(stage: string): StageMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ stage });
  collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });
  return {
    registry,
    consumed: new Counter({ name: 'vigil_records_consumed_total', help: 'Records read from Kafka', labelNames: ['topic'], registers: [registry] }),
    produced: new Counter({ name: 'vigil_records_produced_total', help: 'Records written to Kafka', labelNames: ['topic'], registers: [registry] }),
    deadLettered: new Counter({ name: 'vigil_records_dead_lettered_total', help: 'Records sent to the dead-letter topic', registers: [registry] }),
    duration: new Histogram({
      name: 'vigil_batch_duration_seconds',
      help: 'Time to process one consumed batch, decode to commit',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchSize: new Histogram({ name: 'vigil_batch_size_records', help: 'Records per consumed batch', buckets: [1, 5, 10, 50, 100, 500, 1000], registers: [registry] }),
  };
}
