// Answer routing and quality sampling against the real pipeline: posts go in on community.posts and run
// through ingest, enrich, classify, route, review and writeback. The review API under test has its own
// reviewer directory (experts and a quality queue) and an injected clock (shared with the writeback relay),
// so the unanswered-question timer and the samplers are driven through their endpoints; its policy
// samples every human decision for quality review.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { replayCases, compareWithLive } from '../../services/core/log/replay';
import { closeRuntime, createRuntime, type Runtime } from '../../services/core/runtime';
import { readCase } from '../../services/core/log/store';
import { PolicyStore } from '../../services/route/policy-store';
import { registerReviewApi } from '../../services/review/api';
import { hashToken, parseReviewers } from '../../services/review/api/auth';
import { startWriteback } from '../../services/writeback/main';
import { eventually, Harness, type Collected } from '../support/harness';
import { classifiedPost, upstreamPost } from '../support/posts';

const MIN = 60_000;
const PEOPLE = {
  ella: { role: 'support_expert', queues: ['experts_cards', 'experts_payments', 'experts_general'] },
  max: { role: 'support_expert', queues: ['experts_cards'] },
  tess: { role: 'trust_safety', queues: ['trust_safety', 'quality'] },
  tom: { role: 'trust_safety', queues: ['trust_safety', 'quality'] },
  lee: { role: 'lead', queues: ['trust_safety', 'quality', 'experts_cards', 'experts_payments', 'experts_general'] },
} as const;
type Who = keyof typeof PEOPLE;
const token = (who: Who) => `answer-test-${who}`;
const directory = parseReviewers(
  `reviewers:\n${(Object.keys(PEOPLE) as Who[]).map((who) => `  - { id: rev-${who}, name: ${who}, role: ${PEOPLE[who].role}, tenants: [acme], queues: [${PEOPLE[who].queues.join(', ')}], token_sha256: ${hashToken(token(who))} }`).join('\n')}\n`,
  'inline reviewers',
);

let h: Harness;
let writeback: Runtime;
let app: FastifyInstance;
let base = '';
let policyDir = '';
let offset = 0;
const clock = () => Date.now() + offset;

interface Reply { status: number; body: Record<string, unknown> & { case?: Record<string, unknown>; events?: string[] } }
async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: object): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${token(who)}` };
  if (payload) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${url}`, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}
const q = (caseId: string) => `/v1/questions/${encodeURIComponent(caseId)}`;

/** Posts a question upstream and waits until review has kept it and route has allowed it. */
async function ask(text: string, topicId: string): Promise<string> {
  const post = upstreamPost(text, { topic_id: topicId });
  await h.produce('community.posts', [post]);
  await eventually(async () => {
    const kept = await h.db.withTables<{ questions: { case_id: string } }>().selectFrom('questions').select('case_id').where('case_id', '=', post.key).executeTakeFirst();
    const kase = await h.db.selectFrom('cases').select('status').where('case_id', '=', post.key).executeTakeFirst();
    return kept && kase?.status === 'allowed' ? true : undefined;
  }, 60_000, `question ${post.key} kept and allowed`);
  return post.key;
}

let decisions: Collected[];
const decisionFor = (caseId: string, eventType: string) =>
  eventually(() => decisions.find((d) => d.key === caseId && (d.value as { event_type: string }).event_type === eventType), 30_000, `${eventType} for ${caseId} on decisions`);

beforeAll(async () => {
  h = await Harness.create('answers');
  await h.startAll(['ingest', 'enrich', 'classify', 'route', 'review']);
  // Writeback runs on the test's clock too: outbox rows are due at the (moved) time they were logged.
  writeback = createRuntime('writeback', h.config, '-answers');
  await startWriteback(writeback, { clock });
  // The API under test samples every human decision for quality review (sample_rate 1.0).
  policyDir = mkdtempSync(join(tmpdir(), 'vigil-answer-policies-'));
  const policy = readFileSync(join(h.config.policiesDir, 'default.yaml'), 'utf8').replace(/sample_rate: [0-9.]+/, 'sample_rate: 1.0');
  writeFileSync(join(policyDir, 'default.yaml'), policy);
  app = Fastify();
  registerReviewApi(app, { db: h.db, policies: PolicyStore.fromDir(policyDir), reviewers: directory, clock, slaSweepMs: 0 });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  decisions = await h.collect('decisions');
}, 120_000);

afterAll(async () => {
  await app.close();
  await closeRuntime(writeback);
  await h.stop();
  rmSync(policyDir, { recursive: true, force: true });
});

describe('answer routing', () => {
  let first = '';
  let firstAnswer = '';
  const answerText = 'New cards arrive within 3 to 5 working days after you order them. You can follow the delivery in the app under Card > Track.';

  test('an unanswered question is routed to its topic\'s expert queue once the policy\'s time has passed, once', async () => {
    first = await ask('When will my new card arrive? I ordered it a week ago and the card has not arrived.', 'cards');
    expect((await call('lee', 'POST', '/v1/questions/sweep')).body.routed).toEqual([]);

    offset += 61 * MIN; // past unanswered_after_minutes (60)
    const swept = await call('lee', 'POST', '/v1/questions/sweep');
    expect(swept.body.routed).toEqual([{ case_id: first, queue: 'experts_cards', topic: 'cards' }]);
    const kase = await h.db.selectFrom('cases').selectAll().where('case_id', '=', first).executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ status: 'in_review', visibility: 'visible', queue: 'experts_cards' });
    expect(new Date(kase.sla_deadline as Date).getTime()).toBeGreaterThan(clock() + 470 * MIN);
    const routed = (await readCase(h.db, first)).find((e) => e.event.type === 'QuestionRoutedToExpert');
    expect(routed?.actor).toEqual({ type: 'system', id: 'review-answers' });
    const task = await h.db.selectFrom('review_tasks').selectAll().where('case_id', '=', first).where('status', '=', 'open').executeTakeFirstOrThrow();
    expect(task).toMatchObject({ queue: 'experts_cards', text: expect.stringContaining('When will my new card arrive') as unknown });
    expect((await call('lee', 'POST', '/v1/questions/sweep')).body.routed).toEqual([]);
  });

  test('an expert claims it, answers (validated) and approves; the answer goes to the decisions topic', async () => {
    expect((await call('ella', 'POST', '/v1/queues/experts_cards/claim-next')).body.case).toMatchObject({ case_id: first, assignee: 'rev-ella' });
    expect(await call('max', 'POST', `${q(first)}/answer`, { text: 'me too' })).toMatchObject({ status: 409 });
    expect((await call('ella', 'GET', `${q(first)}/suggestions`)).body).toMatchObject({ topic: 'cards', queue: 'experts_cards', suggestions: [] });
    expect(await call('ella', 'POST', `${q(first)}/answer`, { text: '   ' })).toMatchObject({ status: 400, body: { field: 'text' } });
    expect(await call('ella', 'POST', `${q(first)}/answer`, { text: 'x'.repeat(5001) })).toMatchObject({ status: 400, body: { field: 'text' } });
    expect(await call('tess', 'POST', `${q(first)}/answer`, { text: 'not my job' })).toMatchObject({ status: 403 });

    const posted = await call('ella', 'POST', `${q(first)}/answer`, { text: answerText });
    expect(posted).toMatchObject({ status: 201, body: { events: ['AnswerPosted'] } });
    firstAnswer = posted.body.answer_id as string;
    const approved = await call('ella', 'POST', `${q(first)}/approve`, { answer_id: firstAnswer });
    expect(approved).toMatchObject({ status: 200, body: { events: ['AnswerApproved'], case: { status: 'answered', queue: null, visibility: 'visible' } } });
    expect((await call('ella', 'POST', `${q(first)}/approve`, { answer_id: firstAnswer })).status).toBe(409);

    const log = await readCase(h.db, first);
    const posting = log.find((e) => e.event.type === 'AnswerPosted');
    expect(posting?.actor).toEqual({ type: 'reviewer', id: 'rev-ella', role: 'support_expert' });
    expect(JSON.stringify(posting?.event.data)).not.toContain('working days'); // drafts stay out of the log
    const record = await decisionFor(first, 'AnswerApproved');
    expect(record.value).toMatchObject({ action: 'answer', answer: answerText, automated: 'no', case_id: first, reason_code: 'ANSWER_APPROVED' });
  });

  test('another question on the same topic gets the approved answer as a suggestion; approving it goes downstream', async () => {
    const second = await ask('Has anyone got their new card yet? Mine still has not arrived after a week, when does the card arrive?', 'cards');
    const other = await ask('Why was I charged twice for one payment yesterday?', 'payments');
    offset += 61 * MIN;
    const swept = (await call('lee', 'POST', '/v1/questions/sweep')).body.routed as Array<{ case_id: string; queue: string }>;
    expect(swept).toEqual(expect.arrayContaining([{ case_id: second, queue: 'experts_cards', topic: 'cards' }, { case_id: other, queue: 'experts_payments', topic: 'payments' }]));

    const suggested = await call('ella', 'GET', `${q(second)}/suggestions`);
    const top = (suggested.body.suggestions as Array<{ answer_id: string; case_id: string; text: string; similarity: number }>)[0];
    expect(top).toMatchObject({ answer_id: firstAnswer, case_id: first, text: answerText });
    expect(top?.similarity).toBeGreaterThan(0.1);
    // Retrieval stays on the topic: the payments question gets no card answer.
    expect((await call('ella', 'GET', `${q(other)}/suggestions`)).body.suggestions).toEqual([]);

    expect((await call('ella', 'POST', '/v1/queues/experts_cards/claim-next')).body.case).toMatchObject({ case_id: second });
    const approved = await call('ella', 'POST', `${q(second)}/approve`, { answer_id: firstAnswer });
    expect(approved).toMatchObject({ status: 200, body: { events: ['AnswerApproved'], case: { status: 'answered' } } });
    const event = (await readCase(h.db, second)).find((e) => e.event.type === 'AnswerApproved');
    expect(event?.event.data).toMatchObject({ text: answerText, suggestedFrom: { answerId: firstAnswer, caseId: first } });
    expect((await decisionFor(second, 'AnswerApproved')).value).toMatchObject({ action: 'answer', answer: answerText });

    // Reassign: to another expert queue (a new SLA there), and not to an expert who does not work it.
    const moved = await call('ella', 'POST', `${q(other)}/reassign`, { queue: 'experts_general' });
    expect(moved).toMatchObject({ status: 200, body: { events: ['QuestionReassigned'], case: { queue: 'experts_general' } } });
    expect(await call('ella', 'POST', `${q(other)}/reassign`, { to: 'rev-max' })).toMatchObject({ status: 400, body: { field: 'to' } });
    expect(await call('ella', 'POST', `${q(other)}/reassign`, { queue: 'trust_safety' })).toMatchObject({ status: 400, body: { field: 'queue' } });
  });
});

describe('quality sampling', () => {
  async function decidedBy(who: Who, action: 'approve' | 'remove', reason: string): Promise<string> {
    const post = classifiedPost({ toxicity: 0.8 });
    await h.produce('moderation.classified', [post]);
    await eventually(async () => ((await h.db.selectFrom('cases').select('queue').where('case_id', '=', post.key).executeTakeFirst())?.queue === 'trust_safety' ? true : undefined), 30_000, 'queued case');
    expect((await call(who, 'POST', '/v1/queues/trust_safety/claim-next')).body.case).toMatchObject({ case_id: post.key });
    expect((await call(who, 'POST', `/v1/cases/${encodeURIComponent(post.key)}/decide`, { action, reason_code: reason })).status).toBe(200);
    return post.key;
  }

  test('at sample_rate 1.0 every decided case goes to a different second reviewer; the same reviewer is refused; kappa is reported', async () => {
    const cases = [await decidedBy('tess', 'remove', 'HARASSMENT'), await decidedBy('tess', 'approve', 'OK'), await decidedBy('tess', 'remove', 'HARASSMENT')];
    await call('lee', 'POST', '/v1/quality/sample');
    // Each waits in the quality queue and keeps its decision (status and visibility).
    const waiting = await h.db.selectFrom('cases').select(['case_id', 'queue', 'status']).where('case_id', 'in', cases).execute();
    expect(new Map(waiting.map((r) => [r.case_id, [r.status, r.queue]]))).toEqual(new Map([[cases[0], ['removed', 'quality']], [cases[1], ['approved', 'quality']], [cases[2], ['removed', 'quality']]]));
    expect((await call('lee', 'POST', '/v1/quality/sample')).body.sampled).toEqual([]);

    // The first reviewer may claim from the queue, but not review their own decision.
    const own = await call('tess', 'POST', '/v1/queues/quality/claim-next');
    const ownCase = own.body.case?.case_id as string;
    expect(await call('tess', 'POST', `/v1/quality/${encodeURIComponent(ownCase)}/decide`, { action: 'remove', reason_code: 'HARASSMENT' })).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    await call('tess', 'POST', `/v1/cases/${encodeURIComponent(ownCase)}/release`);

    // tom agrees with the first removal and with the approval, and would have approved the second removal.
    const verdicts: Record<string, 'approve' | 'remove'> = { [cases[0]!]: 'remove', [cases[1]!]: 'approve', [cases[2]!]: 'approve' };
    for (let i = 0; i < cases.length; i++) {
      const claimed = await call('tom', 'POST', '/v1/queues/quality/claim-next');
      const id = claimed.body.case?.case_id as string;
      const verdict = verdicts[id]!;
      const done = await call('tom', 'POST', `/v1/quality/${encodeURIComponent(id)}/decide`, { action: verdict, reason_code: verdict === 'remove' ? 'HARASSMENT' : 'OK' });
      expect(done).toMatchObject({ status: 200, body: { events: ['SecondReviewDecided'] } });
    }
    const after = await h.db.selectFrom('cases').select(['case_id', 'status', 'queue']).where('case_id', 'in', cases).execute();
    // The first decision stands: the last case stays removed although tom would have approved it.
    expect(new Map(after.map((r) => [r.case_id, [r.status, r.queue]]))).toEqual(new Map([[cases[0], ['removed', null]], [cases[1], ['approved', null]], [cases[2], ['removed', null]]]));

    const quality = await call('lee', 'GET', '/v1/quality');
    // Pairs (remove,remove), (approve,approve), (remove,approve): pₒ = 2/3, pₑ = 2/3·1/3 + 1/3·2/3 = 4/9, κ = (2/9)/(5/9) = 0.4.
    expect(quality.body).toMatchObject({ second_reviews: 3, sampled: 3, second_review_overturn: { numerator: 1, denominator: 3 }, kappa_pairs: 3 });
    expect(quality.body.kappa as number).toBeCloseTo(0.4, 10);
    expect((await call('tom', 'GET', '/v1/quality')).status).toBe(403);
    expect(await call('lee', 'GET', '/v1/quality?from=yesterday')).toMatchObject({ status: 400, body: { field: 'from' } });

    // The same figures from the command line, read from this suite's schema.
    const cli = spawnSync('npx', ['tsx', 'services/cli/main.ts', 'audit', 'quality', '--tenant', 'acme', '--out', policyDir], {
      env: { ...process.env, DATABASE_SCHEMA: h.config.databaseSchema }, encoding: 'utf8', timeout: 120_000,
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("reviewer agreement (Cohen's kappa): 0.400 over 3 pairs");
    expect(cli.stdout).toContain('second-review overturn rate: 33.3% (1/3)');
  });

  test('the case projection still equals a replay of the log', async () => {
    const { states } = await replayCases(h.db);
    expect(await compareWithLive(h.db, states)).toEqual([]);
  });
});
