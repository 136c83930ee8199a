// Metric names are defined once here. Labels stay low-cardinality: topic, stage, action; never an id.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

// Stage-specific metrics. Names and labels here are the contract in infra/observability/METRICS.md.

export function createRouteMetrics(registry: Registry) {
  return {
    decisions: new Counter({ name: 'vigil_route_decisions_total', help: 'Routing outcomes by action and policy version', labelNames: ['action', 'policy_version'], registers: [registry] }),
  };
}

export function createWritebackMetrics(registry: Registry, outboxDepth: () => Promise<Record<string, number>>) {
  return {
    deliveries: new Counter({ name: 'vigil_writeback_deliveries_total', help: 'Outbox rows delivered', labelNames: ['destination'], registers: [registry] }),
    retries: new Counter({ name: 'vigil_writeback_retries_total', help: 'Failed delivery attempts rescheduled with backoff', labelNames: ['destination'], registers: [registry] }),
    failures: new Counter({ name: 'vigil_writeback_failures_total', help: 'Outbox rows given up on after the last attempt', labelNames: ['destination'], registers: [registry] }),
    outboxDepth: new Gauge({
      name: 'vigil_writeback_outbox_depth', help: 'Outbox rows neither delivered nor failed', labelNames: ['destination'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [destination, n] of Object.entries(await outboxDepth())) this.set({ destination }, n);
      },
    }),
  };
}

export function createClassifyMetrics(registry: Registry) {
  return {
    modelSeconds: new Histogram({
      name: 'vigil_classify_model_seconds', help: 'Inference time of the classifier over one batch', labelNames: ['model'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
  };
}

/** Consumer lag per input partition: log-end offset minus the group's committed offset, read on scrape. */
export function createConsumerLagGauge(registry: Registry, lag: () => Promise<Array<{ topic: string; partition: number; lag: number }>>) {
  return new Gauge({
    name: 'vigil_consumer_lag', help: 'Log-end offset minus committed offset, per input partition', labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const l of await lag()) this.set({ topic: l.topic, partition: String(l.partition) }, l.lag);
    },
  });
}
