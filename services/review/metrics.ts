// Wires the review metrics into the process: queue gauges read from the case projection on scrape, and
// the workflow counters fed by the API's applied-command hook (claims, expired leases, SLA breaches).
import type { Registry } from 'prom-client';
import type { Db } from '../core/db/database';
import { createReviewMetrics } from '../core/http/metrics';
import type { AppliedHook } from './api/case-store';
import { reviewCounterIncrements } from './metric-events';
import { readQueueStats } from './queue-stats';

/** Registers the review metrics on `registry` and returns the hook that counts workflow events. */
export function reviewMetricsHook(registry: Registry, db: Db): AppliedHook {
  const metrics = createReviewMetrics(registry, () => readQueueStats(db));
  return (command, queue, appended) => {
    for (const { counter, queue: q } of reviewCounterIncrements(command, queue, appended.map((e) => e.event))) metrics[counter].inc({ queue: q });
  };
}
