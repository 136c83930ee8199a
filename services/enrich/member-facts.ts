// What the database knows about a member: prior strikes (cases of theirs that were hidden or removed)
// and velocity (their posts in the hour before this one). Recording a post is idempotent by event id.
// A whole batch costs two statements, whatever its size: one multi-row insert and one read.
import { sql } from 'kysely';
import type { Db } from '../core/db/database';
import type { MemberFacts } from './decider';

export interface MemberPost {
  tenantId: string;
  memberId: string;
  eventId: string;
  postedAt: number;
}

/** Records the batch's posts, then reads each post's facts; every post sees all the batch's earlier posts. */
export async function recordAndReadMemberFacts(db: Db, posts: readonly MemberPost[]): Promise<MemberFacts[]> {
  if (posts.length === 0) return [];
  await db
    .insertInto('member_activity')
    .values(posts.map((p) => ({ tenant_id: p.tenantId, member_id: p.memberId, event_id: p.eventId, posted_at: new Date(p.postedAt) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  // Arrays as four parameters (not four per post), unnested into one row per post.
  const { rows } = await sql<{ i: number; velocity: number; strikes: number }>`
    select q.i,
      (select count(*)::int from member_activity a
        where a.tenant_id = q.t and a.member_id = q.m and a.posted_at >= q.p - interval '1 hour' and a.posted_at < q.p) as velocity,
      (select count(*)::int from cases c
        where c.tenant_id = q.t and c.author_id = q.m and c.status in ('hidden', 'removed')) as strikes
    from unnest(${posts.map((_, i) => i)}::int[], ${posts.map((p) => p.tenantId)}::text[], ${posts.map((p) => p.memberId)}::text[],
                ${posts.map((p) => new Date(p.postedAt).toISOString())}::timestamptz[]) as q(i, t, m, p)`.execute(db);
  const facts: MemberFacts[] = posts.map(() => ({ priorStrikes: 0, postsLastHour: 0 }));
  for (const r of rows) facts[r.i] = { priorStrikes: r.strikes, postsLastHour: r.velocity };
  return facts;
}
