// Reviewer wellbeing against real PostgreSQL and Kafka: daily exposure counters per harm category
// (counted when the UI shows a harmful case), limits a lead sets through the API, and claim-next
// skipping the categories a reviewer has reached their limit for.
import type { Runtime } from '../../services/core/runtime';
import { eventually, Harness } from '../support/harness';
import { classifiedPost } from '../support/posts';

let h: Harness;
let review: Runtime;
let base: string;
let acmeCase = '';

interface Reply { status: number; body: Record<string, unknown> }
async function call(token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`${base}${url}`, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Signs in to the UI with a form post, as a browser would, and returns the session cookie. */
async function uiSession(token: string): Promise<string> {
  const res = await fetch(`${base}/ui/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vigil_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

async function queued(scores: Record<string, number>, audience: number): Promise<string> {
  const p = classifiedPost(scores);
  p.value.context.audience_size = audience;
  await h.produce('moderation.classified', [p]);
  await eventually(async () => {
    const task = await h.db.selectFrom('review_tasks').select('task_id').where('case_id', '=', p.key).executeTakeFirst();
    const kase = await h.db.selectFrom('cases').select('queue').where('case_id', '=', p.key).executeTakeFirst();
    return task && kase?.queue === 'trust_safety' ? true : undefined;
  }, 30_000, `case ${p.key} in trust_safety`);
  return p.key;
}

beforeAll(async () => {
  h = await Harness.create('wellbeing');
  await h.startStage('route');
  review = await h.startStage('review');
  base = await review.http.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await h.stop();
});

test('limits: only a lead sets them, for reviewers of their tenants, with bad input named', async () => {
  expect(await call('vigil-demo-tess', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'insult', daily_limit: 2 })).toMatchObject({ status: 403 });
  expect(await call('vigil-demo-tess', 'GET', '/v1/wellbeing/exposure?reviewer_id=rev-tom')).toMatchObject({ status: 403 });
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'insult', daily_limit: 5000 })).toMatchObject({ status: 400, body: { field: 'daily_limit' } });
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'spam', daily_limit: 1 })).toMatchObject({ status: 400, body: { field: 'category' } });
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-nobody', category: 'insult', daily_limit: 1 })).toMatchObject({ status: 400, body: { field: 'reviewer_id' } });
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-gina', category: 'threat', daily_limit: 4 })).toMatchObject({ status: 200, body: { reviewer_id: 'rev-gina', limits: { threat: 4 }, blocked: [] } });
  expect(await call('vigil-demo-gina', 'GET', '/v1/wellbeing/exposure')).toMatchObject({ status: 200, body: { limits: { threat: 4 } } });
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-gina', category: 'threat', daily_limit: null })).toMatchObject({ status: 200, body: { limits: {} } });
});

test('claim-next skips the categories a reviewer reached their limit for; seeing a case in the UI counts once a day', async () => {
  // The insult case weighs more (larger audience), so without a limit it would be claimed first.
  const insultCase = await queued({ insult: 0.9 }, 20_000);
  const sexualCase = await queued({ sexual: 0.7 }, 100);
  acmeCase = sexualCase;

  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'insult', daily_limit: 0 })).toMatchObject({ status: 200, body: { blocked: ['insult'] } });
  expect(await call('vigil-demo-tom', 'POST', '/v1/queues/trust_safety/claim-next')).toMatchObject({ status: 200, body: { case: { case_id: sexualCase } } });
  const nothing = await call('vigil-demo-tom', 'POST', '/v1/queues/trust_safety/claim-next');
  expect(nothing).toMatchObject({ status: 404 });
  expect(String(nothing.body.reason)).toMatch(/insult .*daily exposure limit/);
  // The limit is Tom's alone: Tess gets the insult case.
  expect(await call('vigil-demo-tess', 'POST', '/v1/queues/trust_safety/claim-next')).toMatchObject({ status: 200, body: { case: { case_id: insultCase } } });

  // Tom opens his case in the UI twice: one sexual-content exposure today, not two.
  await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'sexual', daily_limit: 1 });
  expect(await call('vigil-demo-tom', 'GET', '/v1/wellbeing/exposure')).toMatchObject({ body: { counts: {}, blocked: ['insult'] } });
  const cookie = await uiSession('vigil-demo-tom');
  for (let i = 0; i < 2; i++) {
    const page = await fetch(`${base}/ui/cases/${encodeURIComponent(sexualCase)}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('May contain harmful content');
  }
  expect(await call('vigil-demo-tom', 'GET', '/v1/wellbeing/exposure')).toMatchObject({ body: { counts: { sexual: 1 }, limits: { sexual: 1, insult: 0 }, blocked: ['insult', 'sexual'] } });

  // The lead's dashboard API shows the claims; lifting the limit lets claim-next offer insult cases again.
  const dashboard = await call('vigil-demo-lee', 'GET', '/v1/dashboard');
  expect(dashboard.body.claimed_cases).toEqual(expect.arrayContaining([expect.objectContaining({ case_id: sexualCase, assignee: 'rev-tom' }), expect.objectContaining({ case_id: insultCase, assignee: 'rev-tess' })]));
  expect(await call('vigil-demo-lee', 'PUT', '/v1/wellbeing/limits', { reviewer_id: 'rev-tom', category: 'insult', daily_limit: null })).toMatchObject({ body: { blocked: ['sexual'] } });
});

test('UI routes refuse without a session and check the same permission matrix as the API', async () => {
  const anonymous = await fetch(`${base}/ui/queues`, { redirect: 'manual' });
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.get('location')).toBe('/ui/sign-in');
  const sam = await uiSession('vigil-demo-sam');
  const dashboard = await fetch(`${base}/ui/dashboard`, { headers: { cookie: sam } });
  expect(dashboard.status).toBe(403);
  const html = await dashboard.text();
  expect(html).toContain('may not do this (queues.dashboard)');
  expect(html).not.toMatch(/\n\s+at /);
  const limit = await fetch(`${base}/ui/wellbeing/limits`, { method: 'POST', headers: { cookie: sam, 'content-type': 'application/x-www-form-urlencoded' }, body: 'reviewer_id=rev-sam&category=insult&daily_limit=9' });
  expect(limit.status).toBe(403);
  // Tenant isolation: another tenant's case is no case at all.
  const gina = await uiSession('vigil-demo-gina');
  const foreign = await fetch(`${base}/ui/cases/${encodeURIComponent(acmeCase)}`, { headers: { cookie: gina } });
  expect(foreign.status).toBe(404);
  expect(await foreign.text()).not.toContain('May contain harmful content');
});
