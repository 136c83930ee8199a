// A post's whole journey through real Kafka, the real schema registry and real PostgreSQL.
import { sql } from 'kysely';
import { DLQ_HEADERS } from '../../services/core/kafka/dead-letter';
import { replayAgainstSnapshot } from '../../services/core/log/replay';
import { LIMITS } from '../../services/ingest/validate';
import { eventually, Harness, type Collected } from '../support/harness';
import { upstreamPost } from '../support/posts';

const DECISION_TYPES = ['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated'];

let h: Harness;
let decisions: Collected[];
let deadLetters: Collected[];

beforeAll(async () => {
  h = await Harness.create('pipeline');
  await h.startAll();
  decisions = await h.collect('decisions');
  deadLetters = await h.collect('dlq.ingest', false);
});

afterAll(async () => {
  await h.stop();
});

async function decisionRows(caseId: string) {
  return h.db.selectFrom('decision_log').select(['event_type', 'event_id']).where('case_id', '=', caseId).where('event_type', 'in', DECISION_TYPES).execute();
}

function decisionsFor(caseId: string): Collected[] {
  return decisions.filter((d) => (d.value as { case_id: string }).case_id === caseId);
}

test('a post travels from community.posts to decisions with exactly one logged decision and one decisions record', async () => {
  const post = upstreamPost('How do I change the PIN on my new card?');
  await h.produce('community.posts', [post]);
  const caseId = post.key;
  const record = await eventually(() => decisionsFor(caseId)[0], 60_000, 'a decisions record');
  expect(record.value).toMatchObject({ case_id: caseId, tenant_id: 'acme', action: 'allow', automated: 'yes', policy_version: '2026.11.22-1' });
  expect(Object.keys((record.value as { model_versions: object }).model_versions)).toContain('rules');
  expect(await decisionRows(caseId)).toHaveLength(1);
  await eventually(async () => ((await h.db.selectFrom('decision_log').select('seq').where('event_type', '=', 'WritebackDelivered').where('case_id', '=', caseId).execute()).length === 1 ? true : undefined));
  expect(decisionsFor(caseId)).toHaveLength(1);
  const kase = await h.db.selectFrom('cases').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
  expect(kase).toMatchObject({ status: 'allowed', visibility: 'visible', post_id: post.value.post_id });
});

test('malformed records are dead-lettered with their reason while the next good record still gets through', async () => {
  const unknownSchema = Buffer.concat([Buffer.from([0]), Buffer.from([0x00, 0x0f, 0x42, 0x3f]), Buffer.from('garbage')]);
  const noTenant = upstreamPost('hello', { tenant_id: null });
  const tooLong = upstreamPost('x'.repeat(LIMITS.textMaxChars + 1));
  const good = upstreamPost('Thanks, that fixed it!');
  await h.produceRaw('community.posts', [
    { key: 'not-avro', value: Buffer.from('{"this": "is json, not avro"}') },
    { key: 'unknown-schema', value: unknownSchema },
  ]);
  await h.produce('community.posts', [noTenant, tooLong, good]);

  await eventually(() => decisionsFor(good.key)[0], 60_000, 'the good post to be decided');
  const byKey = await eventually(() => {
    const m = new Map(deadLetters.map((d) => [d.key, d]));
    return ['not-avro', 'unknown-schema', noTenant.key, tooLong.key].every((k) => m.has(k)) ? m : undefined;
  }, 30_000, 'four dead letters');

  const reason = (key: string) => byKey.get(key)!.headers[DLQ_HEADERS.reason];
  expect(reason('not-avro')).toMatch(/not Confluent-framed Avro \(first byte 0x7b/);
  expect(reason('unknown-schema')).toBe('value: unknown schema id 999999 (not in the schema registry)');
  expect(reason(noTenant.key)).toBe('tenant_id: required');
  expect(reason(tooLong.key)).toBe(`text: longer than ${LIMITS.textMaxChars} characters`);
  const dl = byKey.get('not-avro')!;
  expect(dl.headers[DLQ_HEADERS.sourceTopic]).toBe(h.topics.name('community.posts'));
  expect(dl.headers[DLQ_HEADERS.stage]).toBe('ingest');
  expect(dl.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
  expect(dl.headers[DLQ_HEADERS.sourcePartition]).toMatch(/^\d+$/);
  expect((dl.value as Buffer).toString()).toBe('{"this": "is json, not avro"}');
  expect(await decisionRows(noTenant.key)).toHaveLength(0);
});

test('the same event delivered twice yields one decision', async () => {
  const post = upstreamPost('Is there a fee for paying abroad with my card?');
  await h.produce('community.posts', [post, post]);
  await eventually(() => decisionsFor(post.key)[0], 60_000, 'a decision');
  // A later post proves the duplicate has been through the whole pipeline too.
  const marker = upstreamPost('marker after duplicate');
  await h.produce('community.posts', [marker]);
  await eventually(() => decisionsFor(marker.key)[0], 60_000, 'the marker decision');
  expect(await decisionRows(post.key)).toHaveLength(1);
  expect(decisionsFor(post.key)).toHaveLength(1);
});

test('restarting a stage mid-stream loses nothing and decides nothing twice', async () => {
  const posts = Array.from({ length: 60 }, (_, i) => upstreamPost(`restart test post number ${i}, where is my card?`));
  await h.produce('community.posts', posts.slice(0, 30));
  await h.stopStage('route');
  await h.stopStage('classify');
  await h.produce('community.posts', posts.slice(30));
  await h.startStage('classify');
  await h.startStage('route');
  const caseIds = posts.map((p) => p.key);
  await eventually(async () => {
    const rows = await h.db
      .selectFrom('decision_log')
      .select(['case_id', sql<number>`count(*)::int`.as('n')])
      .where('case_id', 'in', caseIds)
      .where('event_type', 'in', DECISION_TYPES)
      .groupBy('case_id')
      .execute();
    return rows.length === caseIds.length ? rows : undefined;
  }, 90_000, 'all 60 posts decided').then((rows) => expect(rows.every((r) => r.n === 1)).toBe(true));
  await eventually(() => (caseIds.every((c) => decisionsFor(c).length >= 1) ? true : undefined), 60_000, 'all 60 on decisions');
  for (const c of caseIds) expect(decisionsFor(c)).toHaveLength(1);
});

test('after the real pipeline has run, replay from an empty state equals the live case state', async () => {
  // The stages are still running: the snapshot keeps the log and the live table consistent.
  const result = await replayAgainstSnapshot(h.db);
  expect(result.events).toBeGreaterThan(100);
  expect(result.cases).toBeGreaterThanOrEqual(63);
  expect(result.mismatches).toEqual([]);
});
