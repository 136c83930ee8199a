// Appends decider output for one locked case inside the caller's transaction (log, projection, outbox),
// and keeps the materialised review task in step with the case: shared by the answer-routing and
// quality sweepers and their API actions.
import type { Tx } from '../core/db/database';
import type { CaseState } from '../core/log/case-state';
import type { Actor, DecisionEvent, LogEntry } from '../core/log/events';
import { commitStep } from '../core/log/step';

export interface CaseEventsInput {
  state: CaseState;
  events: readonly DecisionEvent[];
  actor: Actor;
  policyVersion: string;
  now: number;
  /** Deterministic ids make a sweeper's retry a no-op; API actions pass random ones. */
  eventId: (event: DecisionEvent, index: number) => string;
}

export async function appendCaseEvents(tx: Tx, input: CaseEventsInput): Promise<LogEntry[]> {
  const { state, actor, now } = input;
  return commitStep(
    tx,
    input.events.map((event, i) => ({
      eventId: input.eventId(event, i), tenantId: state.tenantId, caseId: state.caseId, event, policyVersion: state.policyVersion ?? input.policyVersion,
      modelVersions: {}, thresholds: null, actor, causationId: null, correlationId: state.caseId, traceId: null, occurredAt: new Date(now),
    })),
    new Date(now),
  );
}

export interface TaskInput {
  taskId: string;
  state: CaseState;
  queue: string;
  priority: number;
  slaDeadline: number;
  reasons: string[];
  text: string;
  authorId: string;
  policyVersion: string;
  now: number;
}

/** Opens a review task for a case a sweeper put in a queue (closing any older open task of the case). */
export async function openTask(tx: Tx, t: TaskInput): Promise<void> {
  await closeTasks(tx, t.state.caseId);
  await tx
    .insertInto('review_tasks')
    .values({
      task_id: t.taskId, case_id: t.state.caseId, tenant_id: t.state.tenantId, post_id: t.state.postId, queue: t.queue, severity: 'low', priority: t.priority,
      sla_deadline: new Date(t.slaDeadline), reasons: JSON.stringify(t.reasons), visibility: t.state.visibility, text: t.text, author_id: t.authorId,
      policy_version: t.policyVersion, created_at: new Date(t.now),
    })
    .onConflict((oc) => oc.column('task_id').doNothing())
    .execute();
}

export async function closeTasks(tx: Tx, caseId: string): Promise<void> {
  await tx.updateTable('review_tasks').set({ status: 'closed' }).where('case_id', '=', caseId).where('status', '=', 'open').execute();
}

/** The text of the case's latest task (the post as the first reviewer saw it), or '' when none exists. */
export async function latestTaskText(tx: Tx, caseId: string): Promise<string> {
  const row = await tx.selectFrom('review_tasks').select('text').where('case_id', '=', caseId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.text ?? '';
}
