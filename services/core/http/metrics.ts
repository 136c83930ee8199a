// Metric names are defined once here. Labels stay low-cardinality: topic, stage, action; never an id.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { SlidingShare } from './sliding-share';

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

/** Routing actions that decide a post without a human; the rest hold it for review. */
export const AUTOMATIC_ACTIONS: ReadonlySet<string> = new Set(['allow', 'hide']);
/** The auto-decision ratio covers this many of the instance's latest routing decisions. */
export const AUTO_RATIO_WINDOW = 1_000;

export function createRouteMetrics(registry: Registry) {
  const recent = new SlidingShare(AUTO_RATIO_WINDOW);
  const decisions = new Counter({ name: 'vigil_route_decisions_total', help: 'Routing outcomes by action and policy version', labelNames: ['action', 'policy_version'], registers: [registry] });
  new Gauge({
    name: 'vigil_route_auto_decision_ratio', help: `Share of this instance's last ${AUTO_RATIO_WINDOW} routing decisions made automatically (allow or hide); NaN before the first`,
    registers: [registry],
    collect() {
      this.set(recent.value);
    },
  });
  return {
    decisions,
    /** Counts one committed routing decision. */
    count(labels: { action: string; policy_version: string }): void {
      decisions.inc(labels);
      recent.record(AUTOMATIC_ACTIONS.has(labels.action));
    },
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

export interface ServedModel {
  model: string;
  version: string;
  mode: 'live' | 'shadow';
}

/** Live and shadow version maps (model id -> version) as metric rows, sorted for a stable exposition. */
export function servedModels(live: Record<string, string>, shadow: Record<string, string>): ServedModel[] {
  const rows = (versions: Record<string, string>, mode: ServedModel['mode']) => Object.entries(versions).map(([model, version]) => ({ model, version, mode }));
  return [...rows(live, 'live'), ...rows(shadow, 'shadow')].sort((a, b) => a.model.localeCompare(b.model) || a.mode.localeCompare(b.mode));
}

/** `served` lists the model versions in use; it is read on every scrape, so a promotion shows at once. */
export function createClassifyMetrics(registry: Registry, served: () => readonly ServedModel[] = () => []) {
  return {
    modelSeconds: new Histogram({
      name: 'vigil_classify_model_seconds', help: 'Inference time of the classifier over one batch', labelNames: ['model'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    modelInfo: new Gauge({
      name: 'vigil_classify_model_info', help: 'Model versions serving, 1 per model, version and mode (live or shadow)', labelNames: ['model', 'version', 'mode'],
      registers: [registry],
      collect() {
        this.reset();
        for (const m of served()) this.set({ model: m.model, version: m.version, mode: m.mode }, 1);
      },
    }),
  };
}

export interface QueueStats {
  queue: string;
  /** Open cases in the queue: waiting or claimed, not yet decided. */
  depth: number;
  /** Age of the oldest open case in the queue, 0 when it is empty. */
  oldestSeconds: number;
}

/**
 * Review queues and workflow counters. The queue gauges are read from the database on scrape (both from one
 * query: `stats` is called once per scrape); a queue seen once keeps reporting, as 0 when it empties, so an
 * empty queue reads 0 rather than "no data".
 */
export function createReviewMetrics(registry: Registry, stats: () => Promise<QueueStats[]>) {
  const known = new Set<string>();
  let pending: Promise<Map<string, QueueStats>> | null = null;
  const snapshot = (): Promise<Map<string, QueueStats>> => {
    pending ??= stats()
      .then((rows) => {
        for (const r of rows) known.add(r.queue);
        const byQueue = new Map(rows.map((r) => [r.queue, r]));
        return new Map([...known].map((q) => [q, byQueue.get(q) ?? { queue: q, depth: 0, oldestSeconds: 0 }]));
      })
      // prom-client starts every metric's collect() in the same tick, so both gauges share this query.
      .finally(() => (pending = null));
    return pending;
  };
  return {
    queueDepth: new Gauge({
      name: 'vigil_review_queue_depth', help: 'Open review cases per queue (waiting or claimed)', labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        for (const [queue, q] of s) this.set({ queue }, q.depth);
      },
    }),
    queueOldest: new Gauge({
      name: 'vigil_review_queue_oldest_seconds', help: 'Age of the oldest open review case per queue', labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        for (const [queue, q] of s) this.set({ queue }, q.oldestSeconds);
      },
    }),
    slaBreaches: new Counter({ name: 'vigil_review_sla_breaches_total', help: 'Cases whose SLA deadline passed while open, counted once per deadline', labelNames: ['queue'], registers: [registry] }),
    claims: new Counter({ name: 'vigil_review_claims_total', help: 'Cases claimed by a reviewer (claim and claim-next; not extensions or reassignments)', labelNames: ['queue'], registers: [registry] }),
    expiredLeases: new Counter({ name: 'vigil_review_expired_leases_total', help: 'Claims that took over a case whose previous lease had run out', labelNames: ['queue'], registers: [registry] }),
  };
}

/** End-to-end latency, observed by writeback when a decision is delivered. */
export function createEndToEndHistogram(registry: Registry) {
  return new Histogram({
    name: 'vigil_end_to_end_seconds', help: "From the post's created_at to its decision's delivery on `decisions`", labelNames: ['actor'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400],
    registers: [registry],
  });
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
