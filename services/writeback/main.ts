// writeback: relays logged decisions from the outbox to the `decisions` topic, with retries and backoff.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createEndToEndHistogram, createWritebackMetrics } from '../core/http/metrics';
import { createProducer } from '../core/kafka/client';
import { DECISIONS_DESTINATION } from '../core/log/step';
import { createRuntime, runMain, type Runtime } from '../core/runtime';
import { endToEndObserver } from './end-to-end';
import { relayOnce, type RelayOptions } from './relay';
import { destinationKind } from './webhook-events';
import { startWebhookLoop } from './webhook-loop';
import type { WebhookRelayOptions } from './webhook-relay';

const IDLE_POLL_MS = 100;

export interface WritebackHandle {
  stop(): Promise<void>;
}

export async function startWriteback(rt = createRuntime('writeback'), overrides: Partial<RelayOptions> = {}, webhookOverrides: Partial<WebhookRelayOptions> = {}): Promise<WritebackHandle> {
  const producer = createProducer(rt.kafka);
  await producer.connect();
  const metrics = createWritebackMetrics(rt.metrics.registry, async () => {
    const rows = await rt.db.selectFrom('outbox').select(['destination', sql<number>`count(*)::int`.as('n')]).where('delivered_at', 'is', null).where('failed_at', 'is', null).groupBy('destination').execute();
    // Labelled by kind (`webhook`, `notice`, ...), never by webhook name: labels stay a small fixed set.
    const byKind: Record<string, number> = {};
    for (const r of rows) byKind[destinationKind(r.destination)] = (byKind[destinationKind(r.destination)] ?? 0) + r.n;
    return byKind;
  });
  const opts: RelayOptions = {
    counters: {
      retried: (n) => metrics.retries.inc({ destination: DECISIONS_DESTINATION }, n),
      failed: (n) => metrics.failures.inc({ destination: DECISIONS_DESTINATION }, n),
      delivered: endToEndObserver(rt.db, createEndToEndHistogram(rt.metrics.registry), rt.log),
    },
    batchSize: 500,
    maxAttempts: 8,
    appealBaseUrl: process.env.VIGIL_APPEAL_BASE_URL ?? 'http://127.0.0.1:8105',
    clock: Date.now,
    random: Math.random,
    ...overrides,
  };
  const stopWebhooks = startWebhookLoop(rt, producer, metrics, opts, webhookOverrides);
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const delivered = await relayOnce(rt, producer, opts);
        rt.metrics.produced.inc({ topic: 'decisions' }, delivered);
        metrics.deliveries.inc({ destination: DECISIONS_DESTINATION }, delivered);
        if (delivered === 0) await sleep(IDLE_POLL_MS);
      } catch (err) {
        rt.log.error({ err }, 'writeback relay error; retrying');
        await sleep(1_000);
      }
    }
  })();
  const handle = {
    stop: async () => {
      running = false;
      await loop;
      await stopWebhooks();
      await producer.disconnect();
    },
  };
  rt.closers.push(() => handle.stop());
  return handle;
}

if (require.main === module) {
  const rt: Runtime = createRuntime('writeback');
  void runMain(rt, async () => {
    await startWriteback(rt);
  });
}
