// The transactional core of every case action: lock the case row, fold the decider over it, append the
// events with the projection and the outbox (commitStep), all in one database transaction.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Tx } from '../../core/db/database';
import type { CaseState } from '../../core/log/case-state';
import type { Actor, LogEntry } from '../../core/log/events';
import { caseFromRow, loadCases } from '../../core/log/projection';
import { commitStep } from '../../core/log/step';
import { lockChain, readCase } from '../../core/log/store';
import type { PolicyStore } from '../../route/policy-store';
import { decideWorkflow, type WorkflowCommand } from '../workflow';
import type { Principal } from './auth';
import { ApiError, notFound, refusalError } from './errors';
import type { CaseView } from './schemas';

export interface CaseStoreDeps {
  db: Db;
  policies: PolicyStore;
  clock: () => number;
  /** Told what each command appended (for metrics), inside its transaction. */
  onApplied?: AppliedHook;
}

export type AppliedHook = (command: WorkflowCommand['type'], queue: string | null, appended: readonly LogEntry[]) => void;

export interface ActionResult {
  state: CaseState;
  events: LogEntry[];
}

/** Tenant data never crosses tenants: a case of another tenant is indistinguishable from a missing one. */
export function visibleTo(p: Principal, state: CaseState): boolean {
  return p.tenants.includes(state.tenantId);
}

/** A reviewer works only cases in their queues (a decided case has no queue and stays readable). */
export function assertQueueAccess(p: Principal, state: CaseState): void {
  if (p.role === 'member' || state.queue === null || p.queues.includes(state.queue) || state.assignee === p.id) return;
  throw new ApiError(403, 'queue not permitted', `case is in queue ${state.queue}, which is not one of your queues`);
}

/** Locks the log, then the case row (in that order, the order commitStep uses: no deadlocks). */
export async function lockCase(tx: Tx, p: Principal, caseId: string): Promise<CaseState> {
  await lockChain(tx);
  const row = await tx.selectFrom('cases').selectAll().where('case_id', '=', caseId).forUpdate().executeTakeFirst();
  if (!row) throw notFound();
  const state = caseFromRow(row);
  if (!visibleTo(p, state)) throw notFound();
  return state;
}

export function actorOf(p: Principal, memberId?: string): Actor {
  return p.role === 'member' ? { type: 'member', id: memberId ?? p.id } : { type: 'reviewer', id: p.id, role: p.role };
}

/** Runs one workflow command against a locked case inside `tx`; throws ApiError on a refusal. */
export async function applyCommand(tx: Tx, deps: CaseStoreDeps, state: CaseState, command: WorkflowCommand, actor: Actor): Promise<ActionResult> {
  const now = deps.clock();
  const log = await readCase(tx, state.caseId);
  const policy = deps.policies.current(state.tenantId);
  const outcome = decideWorkflow(command, {
    state,
    log,
    now,
    reasonCodes: new Set(Object.keys(policy.reason_codes)),
    escalationOf: (queue) => policy.queues[queue]?.escalation ?? null,
  });
  if (!outcome.ok) throw refusalError(outcome.refusal, outcome.reason, outcome.field);
  const appended = await commitStep(
    tx,
    outcome.events.map((event) => ({
      eventId: randomUUID(), tenantId: state.tenantId, caseId: state.caseId, event, policyVersion: state.policyVersion ?? policy.version,
      modelVersions: {}, thresholds: null, actor, causationId: null, correlationId: state.caseId, traceId: null, occurredAt: new Date(now),
    })),
    new Date(now),
  );
  deps.onApplied?.(command.type, state.queue, appended);
  // A final human decision closes the materialised task, as a decision arriving on review.decisions does.
  if (appended.some((e) => e.event.type === 'ReviewDecided' || e.event.type === 'AppealDecided')) {
    await tx.updateTable('review_tasks').set({ status: 'closed' }).where('case_id', '=', state.caseId).execute();
  }
  const next = (await loadCases(tx, [state.caseId])).get(state.caseId) ?? state;
  return { state: next, events: appended };
}

/** Locks the case by id, checks tenant and queue, runs the command, commits. */
export async function actOnCase(deps: CaseStoreDeps, p: Principal, caseId: string, command: (state: CaseState) => WorkflowCommand, actor = actorOf(p)): Promise<ActionResult> {
  return deps.db.transaction().execute(async (tx) => {
    const state = await lockCase(tx, p, caseId);
    assertQueueAccess(p, state);
    return applyCommand(tx, deps, state, command(state), actor);
  });
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function caseView(s: CaseState): z.infer<typeof CaseView> {
  return {
    case_id: s.caseId, tenant_id: s.tenantId, post_id: s.postId, author_id: s.authorId, status: s.status, visibility: s.visibility,
    queue: s.queue, severity: s.severity, priority: s.priority, sla_deadline: iso(s.slaDeadline), assignee: s.assignee,
    lease_expires_at: iso(s.leaseExpiresAt), last_action: s.lastAction, policy_version: s.policyVersion, history: s.history,
  };
}

export function actionResult(r: ActionResult) {
  return { case: caseView(r.state), events: r.events.map((e) => e.event.type) };
}
