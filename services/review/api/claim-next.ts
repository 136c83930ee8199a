// Claim-next, shared by POST /v1/queues/:queue/claim-next and the web UI: the highest-priority unclaimed
// case in one of the caller's queues, skipping cases of harm categories whose daily exposure limit the
// reviewer has reached (reviewer wellbeing).
import { sql } from 'kysely';
import { caseFromRow } from '../../core/log/projection';
import { lockChain } from '../../core/log/store';
import { exposureOf, noBlockedCategory } from '../wellbeing/exposure-store';
import { WAITING_STATUSES } from '../workflow';
import type { Principal } from './auth';
import { actorOf, applyCommand, type ActionResult } from './case-store';
import type { ApiDeps } from './context';
import { ApiError } from './errors';

export async function claimNextCase(deps: ApiDeps, p: Principal, queue: string): Promise<ActionResult> {
  if (!p.queues.includes(queue)) throw new ApiError(403, 'queue not permitted', `queue ${queue} is not one of your queues`);
  const now = new Date(deps.clock());
  const { blocked } = await exposureOf(deps.db, p.id, now.getTime());
  return deps.db.transaction().execute(async (tx) => {
    await lockChain(tx); // before any row lock, as commitStep does (see lockChain)
    // SKIP LOCKED: two reviewers claiming at once lock different rows, never the same case.
    let query = tx
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', 'in', [...p.tenants])
      .where('queue', '=', queue)
      .where('status', 'in', [...WAITING_STATUSES])
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]));
    if (blocked.length > 0) query = query.where(noBlockedCategory(blocked));
    const row = await query
      .orderBy('priority', 'desc')
      .orderBy(sql`sla_deadline asc nulls last`)
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) {
      const skipped = blocked.length > 0 ? ` (cases of ${blocked.join(', ')} are skipped: your daily exposure limit is reached)` : '';
      throw new ApiError(404, 'queue empty', `no unclaimed case waiting in ${queue}${skipped}`);
    }
    return applyCommand(tx, deps, caseFromRow(row), { type: 'ClaimNext', reviewer: { id: p.id, role: p.role }, leaseMs: deps.leaseMs }, actorOf(p));
  });
}
