// The review HTTP API against real PostgreSQL and Kafka: route puts cases in queues, reviewers work
// them over HTTP, writeback publishes the decisions. (fastify's inject is not usable under jest here:
// light-my-request requires the ESM-only cookie@2, so the servers listen on port 0 and we use fetch.) The API under test gets an injected
// clock so leases and SLAs can be moved forward; one call goes through the review stage's own server.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Runtime } from '../../services/core/runtime';
import { PolicyStore } from '../../services/route/policy-store';
import { registerReviewApi } from '../../services/review/api';
import { reviewersFileIn } from '../../services/review/api/auth';
import { ROLE_NOT_PERMITTED } from '../../services/review/api/errors';
import { ACTIONS, can, type ApiAction, type Role } from '../../services/review/api/permissions';
import { eventually, Harness } from '../support/harness';
import { classifiedPost } from '../support/posts';

const TOKENS = {
  tess: 'vigil-demo-tess', tom: 'vigil-demo-tom', gina: 'vigil-demo-gina', sam: 'vigil-demo-sam', cora: 'vigil-demo-cora',
  paul: 'vigil-demo-paul', lena: 'vigil-demo-lena', lee: 'vigil-demo-lee', acmeMember: 'vigil-demo-appeals-acme', globexMember: 'vigil-demo-appeals-globex',
} as const;
type Who = keyof typeof TOKENS;
const BY_ROLE: Record<Role, Who> = { trust_safety: 'tess', support_expert: 'sam', community_manager: 'cora', product_owner: 'paul', legal: 'lena', lead: 'lee', member: 'acmeMember' };
const MIN = 60_000;

let h: Harness;
let reviewRt: Runtime;
let app: FastifyInstance;
let offset = 0;
const clock = () => Date.now() + offset;

interface Reply { status: number; body: Record<string, unknown> & { case?: Record<string, unknown>; events?: string[] } }
const baseUrls = new Map<FastifyInstance, string>();
async function call(who: Who | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, on: FastifyInstance = app): Promise<Reply> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${TOKENS[who]}` } : {};
  if (payload) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrls.get(on) ?? ''}${url}`, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

/** Routes a post with chosen scores and waits until its case waits in a queue with a materialised task. */
async function queuedCase(scores: Record<string, number>, opts: { tenant?: string; text?: string; audience?: number } = {}): Promise<string> {
  const p = classifiedPost(scores, { tenant: opts.tenant ?? 'acme' });
  if (opts.text) p.value.post.text = opts.text;
  if (opts.audience) p.value.context.audience_size = opts.audience;
  await h.produce('moderation.classified', [p]);
  await eventually(async () => {
    const task = await h.db.selectFrom('review_tasks').select('task_id').where('case_id', '=', p.key).executeTakeFirst();
    const kase = await h.db.selectFrom('cases').select('queue').where('case_id', '=', p.key).executeTakeFirst();
    return task && kase?.queue ? true : undefined;
  }, 30_000, `case ${p.key} in a queue`);
  return p.key;
}

beforeAll(async () => {
  h = await Harness.create('reviewapi');
  await h.startStage('route');
  reviewRt = await h.startStage('review');
  await h.startStage('writeback');
  app = Fastify();
  registerReviewApi(app, { db: h.db, policies: PolicyStore.fromDir(h.config.policiesDir), reviewers: reviewersFileIn(h.config.policiesDir), clock, slaSweepMs: 0 });
  baseUrls.set(app, await app.listen({ port: 0, host: '127.0.0.1' }));
  baseUrls.set(reviewRt.http, await reviewRt.http.listen({ port: 0, host: '127.0.0.1' }));
});

afterAll(async () => {
  await app.close();
  await h.stop();
});

const ENDPOINTS: Array<{ action: ApiAction; method: 'GET' | 'POST' | 'PUT'; url: string; body?: object }> = [
  { action: 'queues.list', method: 'GET', url: '/v1/queues' },
  { action: 'case.claim', method: 'POST', url: '/v1/queues/trust_safety/claim-next' },
  { action: 'case.read', method: 'GET', url: '/v1/cases/acme:missing' },
  { action: 'case.release', method: 'POST', url: '/v1/cases/acme:missing/release' },
  { action: 'case.extend', method: 'POST', url: '/v1/cases/acme:missing/extend' },
  { action: 'case.reassign', method: 'POST', url: '/v1/cases/acme:missing/reassign', body: { to: 'rev-tom' } },
  { action: 'case.decide', method: 'POST', url: '/v1/cases/acme:missing/decide', body: { action: 'approve', reason_code: 'OK' } },
  { action: 'case.reveal', method: 'POST', url: '/v1/cases/acme:missing/reveal' },
  { action: 'appeal.file', method: 'POST', url: '/v1/appeals', body: { case_id: 'acme:missing', member_id: 'member-1', statement: 'please' } },
  { action: 'appeal.decide', method: 'POST', url: '/v1/appeals/acme:missing/decide', body: { outcome: 'upheld', reason_code: 'OK' } },
  { action: 'sla.check', method: 'POST', url: '/v1/sla/check' },
  { action: 'queues.dashboard', method: 'GET', url: '/v1/dashboard' },
  { action: 'exposure.read', method: 'GET', url: '/v1/wellbeing/exposure' },
  { action: 'exposure.limit', method: 'PUT', url: '/v1/wellbeing/limits', body: { reviewer_id: 'rev-tom', category: 'insult', daily_limit: null } },
  { action: 'question.suggest', method: 'GET', url: '/v1/questions/acme:missing/suggestions' },
  { action: 'question.answer', method: 'POST', url: '/v1/questions/acme:missing/answer', body: { text: 'an answer' } },
  { action: 'question.approve', method: 'POST', url: '/v1/questions/acme:missing/approve', body: { answer_id: 'missing' } },
  { action: 'question.reassign', method: 'POST', url: '/v1/questions/acme:missing/reassign', body: { queue: 'experts_general' } },
  { action: 'questions.sweep', method: 'POST', url: '/v1/questions/sweep' },
  { action: 'quality.sample', method: 'POST', url: '/v1/quality/sample' },
  { action: 'quality.decide', method: 'POST', url: '/v1/quality/acme:missing/decide', body: { action: 'approve', reason_code: 'OK' } },
  { action: 'quality.read', method: 'GET', url: '/v1/quality' },
];

describe('access', () => {
  test('every action is covered by the endpoint table', () => {
    expect(ENDPOINTS.map((e) => e.action).sort()).toEqual([...ACTIONS].sort());
  });

  // Runs before any case exists, so allowed calls find nothing to change (404 or an empty result).
  const cells = (Object.keys(BY_ROLE) as Role[]).flatMap((role) => ENDPOINTS.map((e) => [role, e.action, e] as const));
  test.each(cells)('%s → %s follows the permission matrix', async (role, action, e) => {
    const res = await call(BY_ROLE[role], e.method, e.url, e.body);
    if (can(role, action)) {
      expect(res.status).not.toBe(401);
      expect(res.body.error).not.toBe(ROLE_NOT_PERMITTED);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res).toMatchObject({ status: 403, body: { error: ROLE_NOT_PERMITTED } });
    }
  });

  test('no token or an unknown token is 401; the OpenAPI document is served by the review stage itself', async () => {
    expect((await call(null, 'GET', '/v1/queues')).status).toBe(401);
    const forged = await fetch(`${baseUrls.get(app) ?? ''}/v1/queues`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(forged.status).toBe(401);
    const doc = await call(null, 'GET', '/openapi.json', undefined, reviewRt.http);
    expect(doc.body.openapi).toBe('3.0.3');
    // Every action of the permission matrix is documented (x-vigil-action on its operation).
    const documented = Object.values(doc.body.paths as Record<string, Record<string, { 'x-vigil-action'?: string }>>).flatMap((ops) => Object.values(ops).map((o) => o['x-vigil-action']));
    expect(new Set(documented)).toEqual(new Set(ACTIONS));
    expect((await call('tess', 'GET', '/v1/queues', undefined, reviewRt.http)).status).toBe(200);
  });

  test('invalid input is a 400 naming the field', async () => {
    const res = await call('tess', 'POST', '/v1/cases/acme:missing/decide', { action: 'shrug', reason_code: 'OK' });
    expect(res).toMatchObject({ status: 400, body: { field: 'action' } });
  });
});

describe('working a queue', () => {
  let low: string;
  let high: string;

  test('queues show counts and SLA countdown; claim-next takes the highest priority first', async () => {
    low = await queuedCase({ toxicity: 0.8 });
    high = await queuedCase({ toxicity: 0.8 }, { audience: 20_000, text: 'you are awful, write me at alice@example.com' });
    const queues = await call('tess', 'GET', '/v1/queues');
    const ts = (queues.body.queues as Array<Record<string, unknown>>).find((q) => q.queue === 'trust_safety' && q.tenant_id === 'acme');
    expect(ts).toMatchObject({ waiting: 2, claimed: 0 });
    expect(ts?.sla_seconds_left).toBeGreaterThan(200 * 60);
    expect(ts?.oldest_age_seconds).toBeGreaterThanOrEqual(0);

    const claimed = await call('tess', 'POST', '/v1/queues/trust_safety/claim-next');
    expect(claimed).toMatchObject({ status: 200, body: { case: { case_id: high, assignee: 'rev-tess' }, events: ['ReviewClaimed'] } });
    const next = await call('tom', 'POST', '/v1/queues/trust_safety/claim-next');
    expect(next.body.case).toMatchObject({ case_id: low, assignee: 'rev-tom' });
    expect((await call('tom', 'POST', `/v1/cases/${encodeURIComponent(low)}/release`)).body.events).toEqual(['ReviewReleased']);
  });

  test('a case shows masked text, reasons and history; reveal unmasks and is audited', async () => {
    const url = `/v1/cases/${encodeURIComponent(high)}`;
    const kase = await call('tess', 'GET', url);
    expect(kase.status).toBe(200);
    expect(kase.body).toMatchObject({ author_id: 'member-1', text_masked: true, assignee: 'rev-tess' });
    expect(kase.body.text).toContain('[email]');
    expect(kase.body.text).not.toContain('alice@example.com');
    expect((kase.body.reasons as string[]).length).toBeGreaterThan(0);
    expect((kase.body.history as Array<{ type: string }>).map((i) => i.type)).toContain('ReviewClaimed');

    const revealed = await call('tess', 'POST', `${url}/reveal`);
    expect(revealed.body).toMatchObject({ text_masked: false });
    expect(revealed.body.text).toContain('alice@example.com');
    const audit = await h.db.selectFrom('review_audit').selectAll().where('case_id', '=', high).execute();
    expect(audit).toEqual([expect.objectContaining({ reviewer_id: 'rev-tess', role: 'trust_safety', action: 'reveal_pii', tenant_id: 'acme' })]);
  });

  test('tenant data never crosses tenants', async () => {
    const url = `/v1/cases/${encodeURIComponent(high)}`;
    expect(await call('gina', 'GET', url)).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await call('gina', 'POST', `${url}/reveal`)).status).toBe(404);
    const queues = (await call('gina', 'GET', '/v1/queues')).body.queues as Array<Record<string, unknown>>;
    expect(queues.every((q) => q.tenant_id === 'globex' && q.waiting === 0)).toBe(true);
    expect((await call('gina', 'POST', '/v1/queues/trust_safety/claim-next')).status).toBe(404);
    const appeal = await call('globexMember', 'POST', '/v1/appeals', { case_id: high, member_id: 'member-1', statement: 'x' });
    expect(appeal.status).toBe(404);
  });

  test('a decision needs the lease and a policy reason code, and reaches the decisions topic', async () => {
    const decisions = await h.collect('decisions');
    const url = `/v1/cases/${encodeURIComponent(high)}/decide`;
    expect((await call('tom', 'POST', url, { action: 'remove', reason_code: 'HARASSMENT' })).status).toBe(409);
    expect(await call('tess', 'POST', url, { action: 'remove', reason_code: 'BECAUSE' })).toMatchObject({ status: 400, body: { field: 'reason_code' } });
    const decided = await call('tess', 'POST', url, { action: 'remove', reason_code: 'HARASSMENT', note: 'insult plus personal data' });
    expect(decided).toMatchObject({ status: 200, body: { events: ['ReviewDecided'], case: { status: 'removed', visibility: 'hidden', queue: null } } });
    const record = await eventually(() => decisions.find((d) => d.key === high && (d.value as { event_type: string }).event_type === 'ReviewDecided'), 30_000, 'ReviewDecided on decisions');
    expect(record.value).toMatchObject({ action: 'remove', reason_code: 'HARASSMENT', case_id: high, automated: 'no' });
  });

  test('an appeal goes to the appeals queue and must be decided by a different reviewer', async () => {
    const filedAt = clock();
    expect((await call('acmeMember', 'POST', '/v1/appeals', { case_id: high, member_id: 'someone-else', statement: 'x' })).status).toBe(403);
    const filed = await call('acmeMember', 'POST', '/v1/appeals', { case_id: high, member_id: 'member-1', statement: 'I was quoting someone' });
    expect(filed).toMatchObject({ status: 201, body: { events: ['AppealFiled'], case: { status: 'appealed', queue: 'appeals' } } });
    const deadline = Date.parse(filed.body.case?.sla_deadline as string);
    expect(deadline - filedAt).toBeGreaterThanOrEqual(72 * 60 * MIN - 1000);
    expect(deadline - filedAt).toBeLessThan(72 * 60 * MIN + 5000);
    expect((await call('acmeMember', 'POST', '/v1/appeals', { case_id: high, member_id: 'member-1', statement: 'again' })).status).toBe(409);

    const decideUrl = `/v1/appeals/${encodeURIComponent(high)}/decide`;
    expect((await call('tess', 'POST', '/v1/queues/appeals/claim-next')).body.case).toMatchObject({ case_id: high });
    expect(await call('tess', 'POST', decideUrl, { outcome: 'reversed', reason_code: 'OK' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    await call('tess', 'POST', `/v1/cases/${encodeURIComponent(high)}/release`);
    expect((await call('tom', 'POST', '/v1/queues/appeals/claim-next')).body.case).toMatchObject({ case_id: high });
    const reversed = await call('tom', 'POST', decideUrl, { outcome: 'reversed', reason_code: 'OK' });
    expect(reversed).toMatchObject({ status: 200, body: { events: ['AppealDecided'], case: { status: 'approved', visibility: 'visible' } } });
  });

  test('two reviewers claiming at once never get the same case', async () => {
    const legal = await queuedCase({ legal_reference: 0.7 });
    const [a, b] = await Promise.all([call('lena', 'POST', '/v1/queues/legal/claim-next'), call('lee', 'POST', '/v1/queues/legal/claim-next')]);
    const statuses = [a.status, b.status].sort().join(',');
    if (statuses !== '200,404') throw new Error(`expected one claim and one empty queue, got ${JSON.stringify([a, b])}`);
    expect([a, b].find((r) => r.status === 200)?.body.case).toMatchObject({ case_id: legal });
    expect([a, b].find((r) => r.status === 404)?.body.error).toBe('queue empty');
  });

  test('leases: extend, expiry takeover, lead reassignment', async () => {
    const enc = encodeURIComponent(low);
    expect((await call('tom', 'POST', '/v1/queues/trust_safety/claim-next')).body.case).toMatchObject({ case_id: low });
    expect((await call('tess', 'POST', '/v1/queues/trust_safety/claim-next')).status).toBe(404);
    expect((await call('tess', 'POST', `/v1/cases/${enc}/extend`)).status).toBe(409);
    const extended = await call('tom', 'POST', `/v1/cases/${enc}/extend`);
    expect(extended.body.events).toEqual(['ReviewClaimed']);

    offset += 11 * MIN; // tom's lease runs out
    expect((await call('tom', 'POST', `/v1/cases/${enc}/decide`, { action: 'approve', reason_code: 'OK' })).status).toBe(409);
    const takeover = await call('tess', 'POST', '/v1/queues/trust_safety/claim-next');
    expect(takeover.body).toMatchObject({ case: { case_id: low, assignee: 'rev-tess' }, events: ['ReviewReleased', 'ReviewClaimed'] });

    expect(await call('lee', 'POST', `/v1/cases/${enc}/reassign`, { to: 'rev-cora' })).toMatchObject({ status: 400, body: { field: 'to' } });
    const reassigned = await call('lee', 'POST', `/v1/cases/${enc}/reassign`, { to: 'rev-tom' });
    expect(reassigned.body).toMatchObject({ case: { assignee: 'rev-tom' }, events: ['ReviewReleased', 'ReviewClaimed'] });
    expect((await call('tom', 'POST', `/v1/cases/${enc}/release`)).status).toBe(200);
  });

  test('an SLA breach escalates to the queue\'s escalation target, once', async () => {
    offset += 5 * 60 * MIN; // past the trust_safety SLA (240 minutes)
    const first = await call('lee', 'POST', '/v1/sla/check');
    expect(first.body.breaches).toEqual(expect.arrayContaining([{ case_id: low, queue: 'trust_safety', escalated_to: 'urgent' }]));
    const kase = await call('lee', 'GET', `/v1/cases/${encodeURIComponent(low)}`);
    expect(kase.body).toMatchObject({ status: 'escalated', queue: 'urgent' });
    const again = await call('lee', 'POST', '/v1/sla/check');
    expect((again.body.breaches as Array<{ case_id: string }>).map((b) => b.case_id)).not.toContain(low);
  });
});
