// The review web UI in a real browser (Debian's Chromium through playwright-core) against the real
// pipeline: a post with personal data travels ingest → enrich → classify → route into the privacy
// queue; a reviewer signs in, claims it, reveals the personal data (audited), removes it, and the
// decision appears on the `decisions` topic. The member appeals through the API; the original reviewer
// is refused, a second reviewer reverses it in the UI. A lead reassigns a case and sets an exposure limit.
// Screenshots go to test/artifacts/ (committed; the README shows one).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Runtime } from '../../services/core/runtime';
import { eventually, Harness, type Collected } from '../support/harness';
import { classifiedPost, upstreamPost } from '../support/posts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const EMAIL = 'jane.doe@example.com';

let h: Harness;
let review: Runtime;
let base: string;
let browser: Browser;
let decisions: Collected[];

interface DecisionValue { case_id: string; action: string; reason_code: string; event_type: string }
const decisionFor = (caseId: string, action: string) => decisions.find((d) => (d.value as DecisionValue).case_id === caseId && (d.value as DecisionValue).action === action);

async function waitQueued(caseId: string, queue: string): Promise<void> {
  await eventually(async () => {
    const kase = await h.db.selectFrom('cases').select('queue').where('case_id', '=', caseId).executeTakeFirst();
    const task = await h.db.selectFrom('review_tasks').select('task_id').where('case_id', '=', caseId).executeTakeFirst();
    return kase?.queue === queue && task ? true : undefined;
  }, 90_000, `${caseId} waiting in ${queue}`);
}

async function signIn(token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/ui/`);
  await page.fill('input[name="token"]', token);
  await Promise.all([page.waitForURL('**/ui/queues'), page.click('button[type="submit"]')]);
  return page;
}

async function claimFrom(page: Page, queue: string): Promise<void> {
  await page.goto(`${base}/ui/queues`);
  await Promise.all([page.waitForURL('**/ui/cases/**'), page.click(`form[action="/ui/queues/${queue}/claim-next"] button`)]);
}

async function api(token: string, method: string, url: string, body?: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

let piiCase: string;
let rudeCase: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run infra/scripts/chromium.sh (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  h = await Harness.create('reviewui');
  for (const stage of ['ingest', 'enrich', 'classify', 'route', 'writeback'] as const) await h.startStage(stage);
  review = await h.startStage('review');
  base = await review.http.listen({ port: 0, host: '127.0.0.1' });
  decisions = await h.collect('decisions');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

  const pii = upstreamPost(`Hi, I still have not got my refund. Please reach me at ${EMAIL} or call me, thanks.`, { author: { member_id: 'member-42', account_age_days: 400, tier: 'paid' } });
  // The second case starts at route with chosen scores, so it lands in the review band whatever the models say.
  const rude = classifiedPost({ insult: 0.8, toxicity: 0.6 }, { authorId: 'member-7' });
  rude.value.post.text = 'Honestly, whoever wrote this answer is clueless. Stop posting.';
  await h.produce('community.posts', [pii]);
  await h.produce('moderation.classified', [rude]);
  piiCase = pii.key;
  rudeCase = rude.key;
  await waitQueued(piiCase, 'privacy');
  await waitQueued(rudeCase, 'trust_safety');
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

test('sign-in refuses a wrong token with a message and sets a signed HttpOnly session cookie for a right one', async () => {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/ui/queues`);
  expect(page.url()).toMatch(/\/ui\/sign-in$/);
  await shot(page, 'review-ui-sign-in.png');
  await page.fill('input[name="token"]', 'vigil-demo-appeals-acme');
  await page.click('button[type="submit"]');
  await expect(page.locator('.flash.error').textContent()).resolves.toMatch(/does not belong to a reviewer/);
  await page.fill('input[name="token"]', 'vigil-demo-tess');
  await Promise.all([page.waitForURL('**/ui/queues'), page.click('button[type="submit"]')]);
  const session = (await context.cookies()).find((c) => c.name === 'vigil_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/ui' });
  // A forged cookie (another reviewer's id with a made-up signature) is no session.
  await context.addCookies([{ name: 'vigil_session', value: `rev-lee|${Date.now()}.bm90LWEtc2lnbmF0dXJl`, domain: '127.0.0.1', path: '/ui' }]);
  await page.goto(`${base}/ui/queues`);
  expect(page.url()).toMatch(/\/ui\/sign-in$/);
  await context.close();
});

test('a reviewer claims the case, reveals the personal data (audited), removes the post, and the decision reaches `decisions`', async () => {
  const page = await signIn('vigil-demo-tess');
  const privacyRow = page.locator('tr', { has: page.locator('strong', { hasText: 'privacy' }) });
  await expect(privacyRow.locator('td.num').first().textContent()).resolves.toBe('1');
  await expect(privacyRow.locator('.countdown').textContent()).resolves.toMatch(/left|overdue/);
  await shot(page, 'review-ui-queues.png');

  await claimFrom(page, 'privacy');
  expect(decodeURIComponent(page.url())).toContain(piiCase);
  const text = page.getByTestId('post-text');
  await expect(text.textContent()).resolves.toContain('[email]');
  await expect(text.textContent()).resolves.not.toContain(EMAIL);
  await expect(page.locator('.col-side').textContent()).resolves.toMatch(/PERSONAL_DATA[\s\S]*pii/);
  await expect(page.locator('.col-side').textContent()).resolves.toContain('Prior strikes');
  await shot(page, 'review-ui-case.png');

  // The reveal is a form post that re-renders the case page: wait for the unmasked text itself, since
  // the current page already counts as loaded.
  await page.keyboard.press('p');
  await page.getByTestId('post-text').filter({ hasText: EMAIL }).waitFor({ timeout: 15_000 });
  await expect(page.getByTestId('post-text').textContent()).resolves.toContain(EMAIL);
  const audit = await h.db.selectFrom('review_audit').selectAll().where('case_id', '=', piiCase).execute();
  expect(audit).toEqual([expect.objectContaining({ reviewer_id: 'rev-tess', action: 'reveal_pii' })]);

  await Promise.all([page.waitForURL('**/ui/queues'), page.keyboard.press('r')]);
  await expect(page.locator('.flash.notice').textContent()).resolves.toMatch(/remove/);
  const record = await eventually(() => decisionFor(piiCase, 'remove'), 60_000, 'the removal on decisions');
  expect(record.value).toMatchObject({ case_id: piiCase, action: 'remove', reason_code: 'PERSONAL_DATA', automated: 'no' });
  const decided = await h.db.selectFrom('decision_log').select(['actor_id', 'actor_role']).where('case_id', '=', piiCase).where('event_type', '=', 'ReviewDecided').execute();
  expect(decided).toEqual([{ actor_id: 'rev-tess', actor_role: 'trust_safety' }]);
  await page.context().close();
});

test('a member appeal is refused to the original reviewer and decided in the UI by a second reviewer', async () => {
  const filed = await api('vigil-demo-appeals-acme', 'POST', '/v1/appeals', { case_id: piiCase, member_id: 'member-42', statement: 'That was my own address, I wanted support to contact me.' });
  expect(filed.status).toBe(201);

  const tess = await signIn('vigil-demo-tess');
  await claimFrom(tess, 'appeals');
  await expect(tess.locator('.appeal blockquote').textContent()).resolves.toContain('my own address');
  await Promise.all([tess.waitForURL('**/ui/cases/**'), tess.keyboard.press('u')]);
  await expect(tess.locator('.flash.error').textContent()).resolves.toMatch(/different reviewer/);
  await Promise.all([tess.waitForURL('**/ui/queues'), tess.keyboard.press('x')]);
  await tess.context().close();

  const tom = await signIn('vigil-demo-tom');
  await claimFrom(tom, 'appeals');
  await expect(tom.locator('.appeal').textContent()).resolves.toContain('rev-tess');
  await shot(tom, 'review-ui-appeal.png');
  await Promise.all([tom.waitForURL('**/ui/queues'), tom.click('button[value="reversed"]')]);
  await expect(tom.locator('.flash.notice').textContent()).resolves.toMatch(/reversed/);
  const record = await eventually(() => decisionFor(piiCase, 'appeal_reversed'), 60_000, 'the appeal outcome on decisions');
  expect(record.value).toMatchObject({ case_id: piiCase, automated: 'no' });
  await tom.context().close();
});

test('a lead sees the dashboard, reassigns a claimed case and sets a daily exposure limit', async () => {
  expect((await api('vigil-demo-tom', 'POST', '/v1/queues/trust_safety/claim-next')).body).toMatchObject({ case: { case_id: rudeCase, assignee: 'rev-tom' } });
  const lee = await signIn('vigil-demo-lee');
  // Harmful text is collapsed until asked for, and seeing the case counts against the lead's exposure.
  await lee.goto(`${base}/ui/cases/${encodeURIComponent(rudeCase)}`);
  await expect(lee.locator('.harm-warning').textContent()).resolves.toContain('insult');
  await expect(lee.getByTestId('post-text').getAttribute('class')).resolves.toContain('blurred');
  await shot(lee, 'review-ui-harmful-collapsed.png');
  await lee.click('[data-show-text]');
  await expect(lee.getByTestId('post-text').getAttribute('class')).resolves.not.toContain('blurred');
  expect((await api('vigil-demo-lee', 'GET', '/v1/wellbeing/exposure')).body).toMatchObject({ reviewer_id: 'rev-lee', counts: { insult: 1 } });
  await lee.reload();
  expect((await api('vigil-demo-lee', 'GET', '/v1/wellbeing/exposure')).body).toMatchObject({ counts: { insult: 1 } });

  await lee.goto(`${base}/ui/dashboard`);
  const row = lee.locator('tr', { has: lee.locator(`a:text-is("${rudeCase}")`) });
  await expect(row.textContent()).resolves.toContain('rev-tom');
  await shot(lee, 'review-ui-dashboard.png');
  await row.locator('select[name="to"]').selectOption('rev-tess');
  await Promise.all([lee.waitForURL('**/ui/dashboard'), row.locator('button').click()]);
  await expect(lee.locator('.flash.notice').textContent()).resolves.toContain('rev-tess');
  const kase = await h.db.selectFrom('cases').select('assignee').where('case_id', '=', rudeCase).executeTakeFirstOrThrow();
  expect(kase.assignee).toBe('rev-tess');

  await lee.selectOption('select[name="reviewer_id"]', 'rev-tom');
  await lee.selectOption('select[name="category"]', 'insult');
  await lee.fill('input[name="daily_limit"]', '3');
  await Promise.all([lee.waitForURL('**/ui/dashboard'), lee.click('.limit-form button')]);
  const exposure = await api('vigil-demo-tom', 'GET', '/v1/wellbeing/exposure');
  expect(exposure.body).toMatchObject({ reviewer_id: 'rev-tom', limits: { insult: 3 } });
  await lee.context().close();
});

test('a role without the permission gets a clear message, not a stack trace', async () => {
  const paul = await signIn('vigil-demo-paul');
  const res = await paul.goto(`${base}/ui/cases/${encodeURIComponent(piiCase)}/reveal`);
  expect(res?.status()).toBe(404); // reveal is POST-only: a GET is an unknown page
  const refused = await paul.evaluate(async (url) => (await fetch(url, { method: 'POST' })).status, `/ui/cases/${encodeURIComponent(piiCase)}/reveal`);
  expect(refused).toBe(403);
  await paul.goto(`${base}/ui/dashboard`);
  await expect(paul.locator('h1').textContent()).resolves.toBe('Queue dashboard');
  await expect(paul.locator('body').textContent()).resolves.not.toMatch(/at \w+ \(|Error:/);
  await paul.context().close();
});
