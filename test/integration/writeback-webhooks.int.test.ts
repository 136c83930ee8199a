// Signed webhooks end to end, against real HTTP receivers started here: every request is verified with the
// standardwebhooks library; a flaky receiver makes writeback retry with backoff; a broken one makes it give
// up (WritebackFailed in the log, a record on dlq.writeback); `vigil writeback retry` then re-delivers with
// the same webhook-id once the receiver is fixed. Member notifications ride the same machinery.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { exportDsa } from '../../services/cli/export';
import { requeueFailed } from '../../services/cli/writeback';
import { DLQ_HEADERS } from '../../services/core/kafka/dead-letter';
import { closeRuntime, createRuntime, type Runtime } from '../../services/core/runtime';
import { PolicyStore } from '../../services/route/policy-store';
import { startWriteback } from '../../services/writeback/main';
import type { WebhookConfig } from '../../services/writeback/webhooks-config';
import { eventually, Harness, type Collected } from '../support/harness';
import { classifiedPost } from '../support/posts';

interface Received {
  id: string;
  body: Record<string, unknown>;
  status: number;
}

/** A receiver that verifies every request and answers with whatever `answer` says for that message id. */
class Receiver {
  readonly received: Received[] = [];
  readonly unverified: string[] = [];
  private server: Server | null = null;
  url = '';

  constructor(readonly secret: string, private answer: (id: string, seen: number) => number) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req).then((status) => res.writeHead(status).end()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  answerWith(answer: (id: string, seen: number) => number): void {
    this.answer = answer;
  }

  private async handle(req: IncomingMessage): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let body: Record<string, unknown>;
    try {
      body = new Webhook(this.secret).verify(raw, headers) as Record<string, unknown>;
    } catch (err) {
      this.unverified.push(err instanceof Error ? err.message : String(err));
      return 401;
    }
    const id = headers['webhook-id']!;
    const status = this.answer(id, this.received.filter((r) => r.id === id).length);
    this.received.push({ id, body, status });
    return status;
  }

  delivered(type: string): Received[] {
    return this.received.filter((r) => r.status === 200 && r.body.type === type);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const FAILURES_BEFORE_SUCCESS = 2;
const BROKEN_MAX_ATTEMPTS = 3;

let h: Harness;
let writeback: Runtime;
let flaky: Receiver;
let broken: Receiver;
let deadLetters: Collected[];
const startedAt = new Date();

beforeAll(async () => {
  h = await Harness.create('webhooks');
  // Fails the first two attempts of every message, then takes it.
  flaky = new Receiver(secret(), (_id, seen) => (seen < FAILURES_BEFORE_SUCCESS ? 503 : 200));
  broken = new Receiver(secret(), () => 500);
  await flaky.start();
  await broken.start();
  const webhooks: WebhookConfig[] = [
    { name: 'acme-crm', tenant: 'acme', url: flaky.url, events: ['decision.*', 'member.notification'], secret: flaky.secret, timeoutMs: 2_000, maxAttempts: 5 },
    { name: 'globex-crm', tenant: 'globex', url: broken.url, events: ['decision.auto_hidden'], secret: broken.secret, timeoutMs: 2_000, maxAttempts: BROKEN_MAX_ATTEMPTS },
  ];
  await h.startAll(['route', 'review']);
  writeback = createRuntime('writeback', h.config, `-${randomBytes(2).toString('hex')}`);
  // A small jitter factor keeps the exponential backoff short enough for a test.
  await startWriteback(writeback, { random: () => 0.05 }, { webhooks, random: () => 0.05 });
  deadLetters = await h.collect('dlq.writeback', false);
});

afterAll(async () => {
  await closeRuntime(writeback);
  await h.stop();
  await flaky.stop();
  await broken.stop();
});

function logged(caseId: string, type: 'WritebackDelivered' | 'WritebackFailed', destination: string) {
  return h.db.selectFrom('decision_log').select(['event_id', 'payload']).where('case_id', '=', caseId).where('event_type', '=', type)
    .where(sql<string>`payload->>'destination'`, '=', destination).execute();
}

test('a queued post removed by a reviewer: signed decisions and a member notice with a masked excerpt, each after retries', async () => {
  const post = classifiedPost({ toxicity: 0.7 });
  post.value.post.text = 'You are all useless. Write to me at jane.doe@example.com and I will tell you what I think of this bank.';
  await h.produce('moderation.classified', [post]);
  await eventually(() => h.db.selectFrom('review_tasks').select('task_id').where('case_id', '=', post.key).executeTakeFirst(), 30_000, 'the review task');
  await h.produce('review.decisions', [{
    key: post.key,
    value: { decision_id: `rd-${randomBytes(4).toString('hex')}`, case_id: post.key, tenant_id: 'acme', reviewer_id: 'rev-tess', reviewer_role: 'trust_safety', action: 'remove', reason_code: 'SPAM', note: null, decided_at: Date.now() },
  }]);

  const notice = await eventually(() => flaky.delivered('member.notification').find((r) => r.body.case_id === post.key), 60_000, 'the member notice');
  expect(notice.body).toMatchObject({
    action: 'remove', reason_code: 'SPAM', reason_text: 'Spam or unsolicited advertising', member_id: 'member-1', excerpt_status: 'included',
    appeal: { expected_timeline_minutes: 4320, link: expect.stringContaining(encodeURIComponent(post.key)) as unknown },
  });
  expect(notice.body.excerpt).toContain('You are all useless.');
  expect(notice.body.excerpt).not.toContain('jane.doe@example.com');
  expect((notice.body.excerpt as string).length).toBeLessThanOrEqual(140);

  const queued = await eventually(() => flaky.delivered('decision.queued_for_review').find((r) => r.body.case_id === post.key), 60_000, 'decision.queued_for_review');
  const removed = await eventually(() => flaky.delivered('decision.review_decided').find((r) => r.body.case_id === post.key), 60_000, 'decision.review_decided');
  expect(removed.body).toMatchObject({ action: 'remove', automated: 'no', reason_code: 'SPAM', post_id: post.value.post.post_id });
  // The same webhook-id on every attempt: the two refusals and the delivery.
  for (const r of [queued, removed, notice]) expect(flaky.received.filter((x) => x.id === r.id).map((x) => x.status)).toEqual([503, 503, 200]);
  expect(notice.id).toBe(`${removed.id}:notice`);
  expect(removed.body.idempotency_key).toBe(removed.id);

  const delivered = await eventually(async () => {
    const rows = await logged(post.key, 'WritebackDelivered', 'notice:acme-crm');
    return rows.length === 1 ? rows : undefined;
  }, 30_000, 'WritebackDelivered for the notice');
  expect(delivered[0]?.payload).toMatchObject({ attempts: FAILURES_BEFORE_SUCCESS + 1 });
  expect(flaky.unverified).toEqual([]);
});

test('an automatic hide: the notice says the excerpt is unavailable (no text is kept for automatic decisions)', async () => {
  const post = classifiedPost({ spam: 0.97 });
  await h.produce('moderation.classified', [post]);
  const notice = await eventually(() => flaky.delivered('member.notification').find((r) => r.body.case_id === post.key), 60_000, 'the member notice');
  expect(notice.body).toMatchObject({ action: 'hide', excerpt: null, excerpt_status: 'unavailable', automated: 'yes', reason_code: 'AUTO_HIDE' });
  expect(notice.body.excerpt_note).toContain('not retained');
});

test('a permanently failing receiver: dead-lettered after max attempts, then re-delivered by `vigil writeback retry` with the same webhook-id', async () => {
  const post = classifiedPost({ spam: 0.97 }, { tenant: 'globex' });
  await h.produce('moderation.classified', [post]);
  const failed = await eventually(async () => {
    const rows = await logged(post.key, 'WritebackFailed', 'webhook:globex-crm');
    return rows.length > 0 ? rows : undefined;
  }, 60_000, 'WritebackFailed');
  expect(failed).toHaveLength(1);
  expect(failed[0]?.payload).toMatchObject({ attempts: BROKEN_MAX_ATTEMPTS, error: 'answered HTTP 500' });
  const row = await h.db.selectFrom('outbox').selectAll().where('destination', '=', 'webhook:globex-crm').where('event_id', 'in', h.db.selectFrom('decision_log').select('event_id').where('case_id', '=', post.key)).executeTakeFirstOrThrow();
  expect(row.failed_at).not.toBeNull();
  expect(row.delivered_at).toBeNull();

  const dead = await eventually(() => deadLetters.find((d) => d.key === post.key), 30_000, 'the dlq.writeback record');
  expect(dead.headers[DLQ_HEADERS.reason]).toBe(`webhook:globex-crm: answered HTTP 500 (gave up after ${BROKEN_MAX_ATTEMPTS} attempts)`);
  expect(dead.headers[DLQ_HEADERS.stage]).toBe('writeback');
  expect(dead.headers[DLQ_HEADERS.sourceOffset]).toBe(String(row.id));
  expect(JSON.parse((dead.value as Buffer).toString('utf8'))).toMatchObject({ type: 'decision.auto_hidden', case_id: post.key });
  const attemptsSeen = broken.received.filter((r) => r.body.case_id === post.key);
  expect(attemptsSeen.map((r) => r.status)).toEqual(Array<number>(BROKEN_MAX_ATTEMPTS).fill(500));
  // Tenant isolation: acme's webhook never hears of globex's decisions.
  expect(flaky.received.filter((r) => r.body.tenant_id === 'globex')).toEqual([]);

  broken.answerWith(() => 200);
  expect(await requeueFailed(h.db, { destination: 'webhook:acme-crm' }, new Date())).toEqual([]);
  const requeued = await requeueFailed(h.db, { destination: 'webhook', tenant: 'globex' }, new Date());
  expect(requeued.map((r) => ({ id: r.id, destination: r.destination, caseId: r.caseId, lastError: r.lastError }))).toEqual([
    { id: Number(row.id), destination: 'webhook:globex-crm', caseId: post.key, lastError: 'answered HTTP 500' },
  ]);

  const redelivered = await eventually(() => broken.received.find((r) => r.body.case_id === post.key && r.status === 200), 30_000, 'the re-delivery');
  expect(redelivered.id).toBe(attemptsSeen[0]?.id);
  await eventually(async () => ((await logged(post.key, 'WritebackDelivered', 'webhook:globex-crm')).length === 1 ? true : undefined), 30_000, 'WritebackDelivered after retry');
  const after = await h.db.selectFrom('outbox').select(['delivered_at', 'failed_at']).where('id', '=', row.id).executeTakeFirstOrThrow();
  expect(after.failed_at).toBeNull();
  expect(after.delivered_at).not.toBeNull();
  expect(broken.unverified).toEqual([]);
});

test('`vigil export dsa` writes one statement of reasons per restrictive decision of the tenant, with no personal data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-dsa-'));
  try {
    const out = join(dir, 'statements.jsonl');
    const result = await exportDsa(h.db, PolicyStore.fromDir(h.config.policiesDir), { from: startedAt, to: new Date(Date.now() + 60_000), tenant: 'acme', out });
    const text = readFileSync(out, 'utf8');
    const statements = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    // acme: the reviewer's removal and the automatic hide; the queued hold and globex's hide are not in it.
    const restrictive = await h.db.selectFrom('decision_log').select('event_id')
      .where('tenant_id', '=', 'acme').where('occurred_at', '>=', startedAt)
      .where((eb) => eb.or([eb('event_type', '=', 'AutoHidden'), eb.and([eb('event_type', '=', 'ReviewDecided'), eb(sql<string>`payload->>'action'`, 'in', ['remove', 'restrict_author'])])]))
      .execute();
    expect(restrictive.length).toBeGreaterThanOrEqual(2);
    expect(statements.map((s) => s.puid).sort()).toEqual(restrictive.map((r) => r.event_id).sort());
    expect(result.statements).toBe(statements.length);
    const removal = statements.find((s) => s.automated_decision === 'AUTOMATED_DECISION_NOT_AUTOMATED');
    expect(removal).toMatchObject({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', automated_detection: 'Yes', source_type: 'SOURCE_VOLUNTARY' });
    for (const personal of ['member-1', 'rev-tess', 'jane.doe', 'useless']) expect(text).not.toContain(personal);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
