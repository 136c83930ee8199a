// writeback: relays logged decisions from the outbox to the `decisions` topic, with retries and backoff.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { createWritebackMetrics } from '../core/http/metrics';
import { createProducer } from '../core/kafka/client';
import { DECISIONS_DESTINATION } from '../core/log/step';
import { createRuntime, runMain, type Runtime } from '../core/runtime';
import { relayOnce, type RelayOptions } from './relay';

const IDLE_POLL_MS = 100;

export interface WritebackHandle {
  stop(): Promise<void>;
}

export async function startWriteback(rt = createRuntime('writeback'), overrides: Partial<RelayOptions> = {}): Promise<WritebackHandle> {
  const producer = createProducer(rt.kafka);
  await producer.connect();
  const metrics = createWritebackMetrics(rt.metrics.registry, async () => {
    const rows = await rt.db.selectFrom('outbox').select(['destination', sql<number>`count(*)::int`.as('n')]).where('delivered_at', 'is', null).where('failed_at', 'is', null).groupBy('destination').execute();
    return Object.fromEntries(rows.map((r) => [r.destination, r.n]));
  });
  const opts: RelayOptions = {
    counters: {
      retried: (n) => metrics.retries.inc({ destination: DECISIONS_DESTINATION }, n),
      failed: (n) => metrics.failures.inc({ destination: DECISIONS_DESTINATION }, n),
    },
    batchSize: 500,
    maxAttempts: 8,
    appealBaseUrl: process.env.VIGIL_APPEAL_BASE_URL ?? 'http://127.0.0.1:8105',
    clock: Date.now,
    random: Math.random,
    ...overrides,
  };
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
