// Scale-out: three classify processes share one consumer group; one is killed with SIGKILL mid-stream (no
// goodbye to the group, no offset commit for its batch in flight). The other two take over its partition
// after the session timeout and re-read what it had not committed, so moderation.classified may carry
// duplicates. What the pipeline guarantees, and this test asserts precisely:
//   - the decision log holds exactly one PostClassified and exactly one routing decision per post (route
//     decides a case once, with event ids derived from the upstream event id);
//   - on `decisions`, every post appears, and every copy of a post's record carries that one decision's log
//     event id as idempotency key (header and field) and identical content. Copies are at-least-once
//     delivery, which downstream deduplicates by the key; a second, different decision would be a bug.
import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import { createKafka } from '../../services/core/kafka/client';
import { createLogger } from '../../services/core/logger';
import { eventually, Harness, type Collected } from '../support/harness';
import { upstreamPost } from '../support/posts';
import { StageProcess } from '../support/stage-process';

const POSTS = 600;
const CLASSIFY_INSTANCES = 3;
/** The victim is killed once this many posts are decided, and the rest of the stream is produced after. */
const KILL_AFTER_DECISIONS = 60;
const FIRST_WAVE = 300;
const ROUTING_DECISIONS = ['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated'];
// A mix of texts, so the decisions differ (allow, hide, review) and a wrong pairing would show.
const TEXTS = [
  'How do I change the PIN on my new card?',
  'Thanks, the transfer arrived this morning.',
  'BUY CHEAP FOLLOWERS NOW!!! click http://spam.example/win http://spam.example/win2 free money',
  'You are an idiot and everyone here hates you.',
  'My IBAN is DE89 3704 0044 0532 0130 00, please refund me.',
  'Is there a fee for paying abroad with my card?',
];

interface DecisionValue {
  idempotency_key: string;
  case_id: string;
  post_id: string;
  event_type: string;
  action: string;
}

let h: Harness;
let admin: Admin;
let classifiers: StageProcess[] = [];
let decisions: Collected[];
let classifiedRecords: Collected[];

const group = () => `${h.config.topicPrefix}vigil-classify`;

async function describeClassifyGroup(): Promise<GroupDescription> {
  const { groups } = await admin.describeGroups([group()]);
  const g = groups[0];
  if (!g) throw new Error(`no description for group ${group()}`);
  return g;
}

function assignedPartitions(member: GroupDescription['members'][number]): number {
  const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
  return Object.values(assignment?.assignment ?? {}).reduce((n, partitions) => n + partitions.length, 0);
}

async function decidedCount(): Promise<number> {
  const row = await h.db
    .selectFrom('decision_log')
    .select((eb) => eb.fn.count<string>('case_id').distinct().as('n'))
    .where('event_type', 'in', ROUTING_DECISIONS)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Produces posts in small paced batches, as a community platform would, not as one burst. */
async function producePaced(posts: Array<ReturnType<typeof upstreamPost>>, batch = 20, pauseMs = 100): Promise<void> {
  for (let i = 0; i < posts.length; i += batch) {
    await h.produce('community.posts', posts.slice(i, i + batch));
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

beforeAll(async () => {
  h = await Harness.create('scaleout');
  admin = createKafka('vigil-test-scaleout-admin', h.config.kafkaBrokers, createLogger('test', 'error')).admin();
  await admin.connect();
  // Enough partitions for three members, or one of them would idle and the kill could hit an idle one.
  const meta = await admin.fetchTopicMetadata({ topics: [h.topics.name('moderation.enriched')] });
  expect(meta.topics[0]?.partitions.length).toBeGreaterThanOrEqual(CLASSIFY_INSTANCES);

  for (const stage of ['ingest', 'enrich', 'route', 'review', 'writeback'] as const) await h.startStage(stage);
  classifiers = Array.from({ length: CLASSIFY_INSTANCES }, () => StageProcess.start('classify', h.config));
  // Ready for this test means: all three in the group, the group stable, every member with a partition.
  await eventually(
    async () => {
      for (const c of classifiers) if (!c.running) throw new Error(`classify pid ${c.pid} exited:\n${c.output()}`);
      const g = await describeClassifyGroup();
      return g.state === 'Stable' && g.members.length === CLASSIFY_INSTANCES && g.members.every((m) => assignedPartitions(m) > 0) ? g : undefined;
    },
    150_000,
    `${CLASSIFY_INSTANCES} classify members, each with a partition`,
  );
  decisions = await h.collect('decisions');
  classifiedRecords = await h.collect('moderation.classified');
}, 240_000);

afterAll(async () => {
  // Children first (SIGKILL: nothing of theirs needs a graceful end), so none outlives a failed test.
  await Promise.all(classifiers.map((c) => c.stop('SIGKILL')));
  await admin?.disconnect().catch(() => undefined);
  await h?.stop();
}, 120_000);

test('three classify instances, one killed with SIGKILL mid-stream: every post gets exactly one decision', async () => {
  const posts = Array.from({ length: POSTS }, (_, i) => upstreamPost(TEXTS[i % TEXTS.length]!, { author: { member_id: `member-${i % 37}`, account_age_days: 30, tier: 'free' } }));

  const firstWave = producePaced(posts.slice(0, FIRST_WAVE));
  await eventually(async () => ((await decidedCount()) >= KILL_AFTER_DECISIONS ? true : undefined), 180_000, `${KILL_AFTER_DECISIONS} decisions before the kill`);
  const victim = classifiers[0]!;
  await victim.stop('SIGKILL');
  expect((await victim.exited).signal).toBe('SIGKILL');
  const decidedAtKill = await decidedCount();
  await firstWave;
  await producePaced(posts.slice(FIRST_WAVE));
  // The kill happened before the second half of the stream even existed.
  expect(decidedAtKill).toBeLessThan(POSTS);

  // The two survivors take the victim's partition once its session times out (10 s) and finish the stream.
  await eventually(async () => ((await decidedCount()) === POSTS ? true : undefined), 300_000, `all ${POSTS} posts decided`);
  const g = await eventually(async () => {
    const d = await describeClassifyGroup();
    return d.state === 'Stable' && d.members.length === CLASSIFY_INSTANCES - 1 ? d : undefined;
  }, 60_000, 'the group to settle on the two survivors');
  expect(g.members.map(assignedPartitions).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(CLASSIFY_INSTANCES);

  // Every post was classified, the victim's too; copies here are the at-least-once redelivery after the kill.
  const classifiedCases = await eventually(() => {
    const ids = new Set(classifiedRecords.map((c) => c.key));
    return ids.size >= POSTS ? ids : undefined;
  }, 60_000, 'every post on moderation.classified');
  expect(classifiedCases).toEqual(new Set(posts.map((p) => p.key)));

  // The log: exactly one PostClassified and one routing decision for every post, and nothing for others.
  const caseIds = new Set(posts.map((p) => p.key));
  const rows = await h.db
    .selectFrom('decision_log')
    .select(['case_id', 'event_type', 'event_id'])
    .where('event_type', 'in', ['PostClassified', ...ROUTING_DECISIONS])
    .execute();
  const classifiedInLog = new Map<string, number>();
  const routed = new Map<string, string[]>();
  for (const r of rows) {
    if (r.event_type === 'PostClassified') classifiedInLog.set(r.case_id, (classifiedInLog.get(r.case_id) ?? 0) + 1);
    else routed.set(r.case_id, [...(routed.get(r.case_id) ?? []), r.event_id]);
  }
  expect(new Set(routed.keys())).toEqual(caseIds);
  expect([...routed.values()].filter((ids) => ids.length !== 1)).toEqual([]);
  expect(new Set(classifiedInLog.keys())).toEqual(caseIds);
  expect([...classifiedInLog.values()].filter((n) => n !== 1)).toEqual([]);

  // The decisions topic: every post, each copy with its one decision's key and the same content.
  const byCase = await eventually(() => {
    const m = new Map<string, Collected[]>();
    for (const d of decisions) {
      const v = d.value as DecisionValue;
      m.set(v.case_id, [...(m.get(v.case_id) ?? []), d]);
    }
    return [...caseIds].every((id) => m.has(id)) ? m : undefined;
  }, 120_000, `a decisions record for each of the ${POSTS} posts`);
  expect(new Set(byCase.keys())).toEqual(caseIds);
  const posted = new Map(posts.map((p) => [p.key, p.value.post_id]));
  const inconsistent: string[] = [];
  for (const [caseId, copies] of byCase) {
    const logged = routed.get(caseId)?.[0];
    const first = copies[0]!.value as DecisionValue;
    for (const c of copies) {
      const v = c.value as DecisionValue;
      const ok = v.idempotency_key === logged && c.headers['idempotency-key'] === logged && c.key === caseId && v.post_id === posted.get(caseId) && JSON.stringify(v) === JSON.stringify(first);
      if (!ok) inconsistent.push(`${caseId}: ${JSON.stringify(v)} (logged ${logged}, header ${c.headers['idempotency-key']})`);
    }
  }
  expect(inconsistent).toEqual([]);
  // Every routing decision is an outward event, so the distinct keys on the topic are exactly the log's.
  const keysOnTopic = new Set(decisions.map((d) => (d.value as DecisionValue).idempotency_key));
  expect(keysOnTopic).toEqual(new Set([...routed.values()].flat()));
  // Figures for a report (SCALEOUT_REPORT=1): how far the stream was at the kill, and how many copies it caused.
  if (process.env.SCALEOUT_REPORT === '1') {
    process.stdout.write(`scale-out: decided at kill ${decidedAtKill}/${POSTS}; moderation.classified ${classifiedRecords.length} records, decisions ${decisions.length} records for ${POSTS} posts\n`);
  }
});
