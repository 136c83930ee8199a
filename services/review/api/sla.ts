// SLA enforcement: cases past their deadline get SlaBreached (and move to the queue's escalation
// target). Run by a periodic sweeper in the process and on demand by a lead (POST /v1/sla/check).
import type { FastifyInstance } from 'fastify';
import { caseFromRow } from '../../core/log/projection';
import { lockChain } from '../../core/log/store';
import { WAITING_STATUSES } from '../workflow';
import { applyCommand, type CaseStoreDeps } from './case-store';
import type { ApiDeps, Guard } from './context';

const SWEEPER = { type: 'system', id: 'review-sla' } as const;

export interface Breach {
  case_id: string;
  queue: string;
  escalated_to: string | null;
}

/** Checks every overdue waiting case (of the given tenants, or all); each case in its own transaction. */
export async function sweepSla(deps: CaseStoreDeps, tenants: readonly string[] | null): Promise<Breach[]> {
  const now = new Date(deps.clock());
  let q = deps.db.selectFrom('cases').select('case_id').where('status', 'in', [...WAITING_STATUSES]).where('sla_deadline', '<', now);
  if (tenants) q = q.where('tenant_id', 'in', [...tenants]);
  const overdue = await q.orderBy('sla_deadline').limit(500).execute();
  const breaches: Breach[] = [];
  for (const { case_id } of overdue) {
    await deps.db.transaction().execute(async (tx) => {
      await lockChain(tx); // before the row lock, as commitStep does
      // SKIP LOCKED: a case someone is acting on right now is checked on the next sweep.
      const row = await tx.selectFrom('cases').selectAll().where('case_id', '=', case_id).forUpdate().skipLocked().executeTakeFirst();
      if (!row) return;
      const { events } = await applyCommand(tx, deps, caseFromRow(row), { type: 'CheckSla' }, SWEEPER);
      for (const e of events) if (e.event.type === 'SlaBreached') breaches.push({ case_id, queue: e.event.data.queue, escalated_to: e.event.data.escalatedTo });
    });
  }
  return breaches;
}

export function registerSlaRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  app.post('/v1/sla/check', async (req) => {
    const p = guard(req, 'sla.check');
    return { breaches: await sweepSla(deps, p.tenants) };
  });
}
