// Enrich's member facts against the real PostgreSQL: velocity counts the member's posts in the hour
// before each post (including earlier posts of the same batch), strikes count their hidden or removed
// cases, and a post delivered twice is recorded once.
import { recordAndReadMemberFacts } from '../../services/enrich/member-facts';
import { Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create('memberfacts');
});
afterAll(async () => {
  await h.stop();
});

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const post = (eventId: string, memberId: string, minutes: number, tenantId = 'acme') => ({ tenantId, memberId, eventId, postedAt: T0 + minutes * MIN });

test('velocity and strikes per post, in one batch and across batches', async () => {
  const now = new Date();
  const caseRow = (caseId: string, authorId: string, status: string, tenantId = 'acme') => ({
    case_id: caseId, tenant_id: tenantId, post_id: caseId, author_id: authorId, status, visibility: 'hidden', priority: 0, history: JSON.stringify([]), last_seq: 1, updated_at: now,
  });
  await h.ownerDb.insertInto('cases').values([
    caseRow('c1', 'm-1', 'hidden'), caseRow('c2', 'm-1', 'removed'), caseRow('c3', 'm-1', 'allowed'), caseRow('c4', 'm-1', 'hidden', 'globex'),
  ]).execute();

  // m-1 posts at 0, 30 and 90 minutes; m-2 once; the same event twice counts once.
  const first = await recordAndReadMemberFacts(h.db, [post('e1', 'm-1', 0), post('e2', 'm-1', 30), post('e2', 'm-1', 30), post('e3', 'm-2', 31)]);
  expect(first).toEqual([
    { priorStrikes: 2, postsLastHour: 0 },
    { priorStrikes: 2, postsLastHour: 1 },
    { priorStrikes: 2, postsLastHour: 1 },
    { priorStrikes: 0, postsLastHour: 0 },
  ]);
  const second = await recordAndReadMemberFacts(h.db, [post('e4', 'm-1', 59), post('e5', 'm-1', 90), post('e6', 'm-1', 59, 'globex')]);
  expect(second).toEqual([
    { priorStrikes: 2, postsLastHour: 2 },
    { priorStrikes: 2, postsLastHour: 2 },
    { priorStrikes: 1, postsLastHour: 0 },
  ]);
  expect(await recordAndReadMemberFacts(h.db, [])).toEqual([]);
});
