// Writes the case projection inside the caller's transaction, folding new log entries onto stored state.
import { assertTransaction, type Db, type Tx } from '../db/database';
import type { CasesTable } from '../db/tables';
import { evolveCase, isCaseEvent, type CaseState } from './case-state';
import type { LogEntry } from './events';

type CaseRow = { [K in keyof CasesTable]: unknown };

export function caseFromRow(r: CaseRow): CaseState {
  const ms = (v: unknown) => (v === null || v === undefined ? null : new Date(v as Date).getTime());
  return {
    caseId: r.case_id as string,
    tenantId: r.tenant_id as string,
    postId: r.post_id as string,
    authorId: (r.author_id as string | null) ?? null,
    status: r.status as CaseState['status'],
    visibility: r.visibility as CaseState['visibility'],
    queue: (r.queue as string | null) ?? null,
    severity: (r.severity as CaseState['severity']) ?? null,
    priority: Number(r.priority),
    slaDeadline: ms(r.sla_deadline),
    assignee: (r.assignee as string | null) ?? null,
    leaseExpiresAt: ms(r.lease_expires_at),
    lastAction: (r.last_action as string | null) ?? null,
    policyVersion: (r.policy_version as string | null) ?? null,
    history: r.history as CaseState['history'],
    lastSeq: Number(r.last_seq),
    updatedAt: ms(r.updated_at) ?? 0,
  };
}

export function caseToRow(s: CaseState) {
  return {
    case_id: s.caseId,
    tenant_id: s.tenantId,
    post_id: s.postId,
    author_id: s.authorId,
    status: s.status,
    visibility: s.visibility,
    queue: s.queue,
    severity: s.severity,
    priority: s.priority,
    sla_deadline: s.slaDeadline === null ? null : new Date(s.slaDeadline),
    assignee: s.assignee,
    lease_expires_at: s.leaseExpiresAt === null ? null : new Date(s.leaseExpiresAt),
    last_action: s.lastAction,
    policy_version: s.policyVersion,
    history: JSON.stringify(s.history),
    last_seq: s.lastSeq,
    updated_at: new Date(s.updatedAt),
  };
}

/** Pure: folds entries onto the given states (keyed by case id); returns only the cases that changed. */
export function foldCases(states: Map<string, CaseState>, entries: readonly LogEntry[]): Map<string, CaseState> {
  const changed = new Map<string, CaseState>();
  for (const entry of entries) {
    if (!isCaseEvent(entry)) continue;
    const next = evolveCase(changed.get(entry.caseId) ?? states.get(entry.caseId) ?? null, entry);
    changed.set(entry.caseId, next);
    states.set(entry.caseId, next);
  }
  return changed;
}

export async function loadCases(db: Db | Tx, caseIds: readonly string[]): Promise<Map<string, CaseState>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.selectFrom('cases').selectAll().where('case_id', 'in', [...new Set(caseIds)]).execute();
  return new Map(rows.map((r) => [r.case_id, caseFromRow(r)]));
}

export async function projectEntries(tx: Tx, entries: readonly LogEntry[]): Promise<Map<string, CaseState>> {
  assertTransaction(tx);
  const states = await loadCases(tx, entries.filter(isCaseEvent).map((e) => e.caseId));
  const changed = foldCases(states, entries);
  if (changed.size === 0) return changed;
  // One multi-row upsert per step: every column but the key takes the freshly folded value.
  await tx
    .insertInto('cases')
    .values([...changed.values()].map(caseToRow))
    .onConflict((oc) =>
      oc.column('case_id').doUpdateSet((eb) => ({
        tenant_id: eb.ref('excluded.tenant_id'), post_id: eb.ref('excluded.post_id'), author_id: eb.ref('excluded.author_id'),
        status: eb.ref('excluded.status'), visibility: eb.ref('excluded.visibility'), queue: eb.ref('excluded.queue'),
        severity: eb.ref('excluded.severity'), priority: eb.ref('excluded.priority'), sla_deadline: eb.ref('excluded.sla_deadline'),
        assignee: eb.ref('excluded.assignee'), lease_expires_at: eb.ref('excluded.lease_expires_at'), last_action: eb.ref('excluded.last_action'),
        policy_version: eb.ref('excluded.policy_version'), history: eb.ref('excluded.history'), last_seq: eb.ref('excluded.last_seq'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
  return changed;
}
