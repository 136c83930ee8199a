// The review metrics against real PostgreSQL and Kafka: route queues a case, reviewers work it over the
// review API (with an injected clock, so a lease and an SLA can run out), and the registry that the hook
// feeds reports the queue depth, oldest age, claims, expired-lease takeovers and SLA breaches.
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { PolicyStore } from '../../services/route/policy-store';
import { registerReviewApi } from '../../services/review/api';
import { reviewersFileIn } from '../../services/review/api/auth';
import { reviewMetricsHook } from '../../services/review/metrics';
import { eventually, Harness } from '../support/harness';
import { classifiedPost } from '../support/posts';

const MIN = 60_000;

let h: Harness;
let app: FastifyInstance;
let base = '';
let offset = 0;
const clock = () => Date.now() + offset;
const registry = new Registry();

async function post(token: string, url: string): Promise<{ status: number; body: { events?: string[] } }> {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { events?: string[] } };
}

/** One series' value from the registry's exposition; undefined when the series is absent. */
async function value(series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  h = await Harness.create('reviewmetrics');
  await h.startStage('route');
  await h.startStage('review');
  app = Fastify();
  registerReviewApi(app, { db: h.db, policies: PolicyStore.fromDir(h.config.policiesDir), reviewers: reviewersFileIn(h.config.policiesDir), clock, slaSweepMs: 0, onApplied: reviewMetricsHook(registry, h.db) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await h?.stop();
});

test('queue gauges, claims, expired leases and SLA breaches are counted per queue', async () => {
  const p = classifiedPost({ toxicity: 0.8 });
  await h.produce('moderation.classified', [p]);
  const queue = await eventually(async () => (await h.db.selectFrom('cases').select('queue').where('case_id', '=', p.key).executeTakeFirst())?.queue ?? undefined, 30_000, 'the case in a queue');
  expect(queue).toBe('trust_safety');
  expect(await value('vigil_review_queue_depth{queue="trust_safety"}')).toBe(1);
  expect(await value('vigil_review_queue_oldest_seconds{queue="trust_safety"}')).toBeGreaterThanOrEqual(0);

  expect((await post('vigil-demo-tom', '/v1/queues/trust_safety/claim-next')).status).toBe(200);
  expect(await value('vigil_review_claims_total{queue="trust_safety"}')).toBe(1);
  // An extension is not a claim.
  expect((await post('vigil-demo-tom', `/v1/cases/${encodeURIComponent(p.key)}/extend`)).status).toBe(200);
  expect(await value('vigil_review_claims_total{queue="trust_safety"}')).toBe(1);
  expect(await value('vigil_review_expired_leases_total{queue="trust_safety"}')).toBeUndefined();

  offset += 11 * MIN; // tom's lease runs out; tess takes the case over
  const takeover = await post('vigil-demo-tess', '/v1/queues/trust_safety/claim-next');
  expect(takeover.body.events).toEqual(['ReviewReleased', 'ReviewClaimed']);
  expect(await value('vigil_review_claims_total{queue="trust_safety"}')).toBe(2);
  expect(await value('vigil_review_expired_leases_total{queue="trust_safety"}')).toBe(1);
  // Still open (claimed, not decided), so still in the depth.
  expect(await value('vigil_review_queue_depth{queue="trust_safety"}')).toBe(1);

  offset += 5 * 60 * MIN; // past the trust_safety SLA; the case escalates to urgent
  expect((await post('vigil-demo-lee', '/v1/sla/check')).status).toBe(200);
  expect(await value('vigil_review_sla_breaches_total{queue="trust_safety"}')).toBe(1);
  expect((await post('vigil-demo-lee', '/v1/sla/check')).status).toBe(200);
  expect(await value('vigil_review_sla_breaches_total{queue="trust_safety"}')).toBe(1);
  // The case moved: trust_safety reads 0 (not "no data"), urgent holds it.
  expect(await value('vigil_review_queue_depth{queue="trust_safety"}')).toBe(0);
  expect(await value('vigil_review_queue_depth{queue="urgent"}')).toBe(1);
});
