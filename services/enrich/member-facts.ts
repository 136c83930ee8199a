// What the database knows about a member: prior strikes (cases of theirs that were hidden or removed)
// and velocity (their posts in the hour before this one). Recording a post is idempotent by event id.
import { sql } from 'kysely';
import type { Db } from '../core/db/database';
import type { MemberFacts } from './decider';

const HOUR_MS = 3_600_000;

export async function recordAndReadMemberFacts(db: Db, p: { tenantId: string; memberId: string; eventId: string; postedAt: number }): Promise<MemberFacts> {
  await db
    .insertInto('member_activity')
    .values({ tenant_id: p.tenantId, member_id: p.memberId, event_id: p.eventId, posted_at: new Date(p.postedAt) })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const velocity = await db
    .selectFrom('member_activity')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', p.tenantId)
    .where('member_id', '=', p.memberId)
    .where('posted_at', '>=', new Date(p.postedAt - HOUR_MS))
    .where('posted_at', '<', new Date(p.postedAt))
    .executeTakeFirst();
  const strikes = await db
    .selectFrom('cases')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', p.tenantId)
    .where('author_id', '=', p.memberId)
    .where('status', 'in', ['hidden', 'removed'])
    .executeTakeFirst();
  return { priorStrikes: strikes?.n ?? 0, postsLastHour: velocity?.n ?? 0 };
}
