// The webhook side of the writeback process: a polling loop that fans logged decisions out to the
// subscribed webhooks and delivers due rows. Runs next to the `decisions` relay, sharing its producer.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Producer } from 'kafkajs';
import type { createWritebackMetrics } from '../core/http/metrics';
import type { Runtime } from '../core/runtime';
import { PolicyStore } from '../route/policy-store';
import { deliverWebhooksOnce, fanOutOnce, type NoticePolicy, type WebhookRelayOptions } from './webhook-relay';
import { loadWebhooks, webhooksFile } from './webhooks-config';

const IDLE_POLL_MS = 100;

/** Reason texts and the appeals SLA from the tenant's live policy (the file set the review API uses too). */
export function noticePolicyFrom(store: PolicyStore): NoticePolicy {
  return {
    reasonText: (tenantId, code) => store.current(tenantId).reason_codes[code] ?? null,
    appealSlaMinutes: (tenantId) => store.current(tenantId).queues.appeals?.sla_minutes ?? null,
  };
}

export function startWebhookLoop(
  rt: Runtime,
  producer: Producer,
  metrics: ReturnType<typeof createWritebackMetrics>,
  base: Pick<WebhookRelayOptions, 'appealBaseUrl' | 'clock' | 'random'>,
  overrides: Partial<WebhookRelayOptions> = {},
): () => Promise<void> {
  const webhooks = overrides.webhooks ?? loadWebhooks(webhooksFile(rt.config.policiesDir));
  rt.log.info({ webhooks: webhooks.map((w) => `${w.name} (${w.tenant}: ${w.events.join(', ')})`) }, 'webhooks configured');
  const opts: WebhookRelayOptions = {
    webhooks,
    batchSize: 50,
    policy: noticePolicyFrom(PolicyStore.fromDir(rt.config.policiesDir, rt.log)),
    counters: {
      delivered: (kind, n) => metrics.deliveries.inc({ destination: kind }, n),
      retried: (kind, n) => metrics.retries.inc({ destination: kind }, n),
      failed: (kind, n) => metrics.failures.inc({ destination: kind }, n),
    },
    // Only these three are shared with the `decisions` relay (not its batch size or counters).
    appealBaseUrl: base.appealBaseUrl,
    clock: base.clock,
    random: base.random,
    ...overrides,
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const fannedOut = await fanOutOnce(rt.db, opts);
        const delivered = await deliverWebhooksOnce(rt, producer, opts);
        if (fannedOut === 0 && delivered === 0) await sleep(IDLE_POLL_MS);
      } catch (err) {
        rt.log.error({ err }, 'webhook relay error; retrying');
        await sleep(1_000);
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
