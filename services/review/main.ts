// review: materialises review.tasks into the queue table, and records human decisions that arrive on
// review.decisions in the decision log (one transaction each with the projection and the outbox).
import { RejectedRecord } from '../core/errors';
import type { PhaseTimer } from '../core/kafka/phase-timer';
import { StageRunner, type InboundRecord, type RecordResult, type StageHandler } from '../core/kafka/stage-runner';
import { loadCases } from '../core/log/projection';
import { commitStep } from '../core/log/step';
import { createRuntime, runMain, stageRunnerDeps, type Runtime } from '../core/runtime';
import { PolicyStore } from '../route/policy-store';
import { registerReviewApi } from './api';
import { reviewersFileIn } from './api/auth';
import { decideReview, isReviewAction } from './decider';
import { tightenAfterFalseAllow } from './false-allow';
import { reviewMetricsHook } from './metrics';
import { acceptClassified, type ClassifiedPost } from '../route/facts';
import { intakeQuestion } from './answers/intake';

interface ReviewTaskRecord {
  task_id: string; case_id: string; tenant_id: string; post_id: string; text: string; author_id: string; queue: string;
  severity: string; priority: number; sla_deadline: number; reasons: string[]; visibility: string; policy_version: string; created_at: number;
}
interface ReviewDecisionRecord {
  decision_id: string; case_id: string; tenant_id: string; reviewer_id: string; reviewer_role: string; action: string;
  reason_code: string; note: string | null; decided_at: number;
}
type ReviewInput = { kind: 'task'; task: ReviewTaskRecord } | { kind: 'decision'; decision: ReviewDecisionRecord } | { kind: 'classified'; post: ClassifiedPost };

function acceptReviewInput(value: unknown, topic: string): ReviewInput {
  const v = value as Record<string, unknown>;
  if (topic === 'review.tasks') return { kind: 'task', task: v as unknown as ReviewTaskRecord };
  // Questions are kept for answer routing (services/review/answers).
  if (topic === 'moderation.classified') return { kind: 'classified', post: acceptClassified(value) };
  const d = v as unknown as ReviewDecisionRecord;
  if (!isReviewAction(d.action)) throw new RejectedRecord(`action: "${d.action}" is not one of approve, remove, restrict_author, escalate, request_context`, 'action');
  return { kind: 'decision', decision: d };
}

async function materialiseTask(rt: Runtime, t: ReviewTaskRecord): Promise<void> {
  await rt.db
    .insertInto('review_tasks')
    .values({
      task_id: t.task_id, case_id: t.case_id, tenant_id: t.tenant_id, post_id: t.post_id, queue: t.queue, severity: t.severity,
      priority: t.priority, sla_deadline: new Date(t.sla_deadline), reasons: JSON.stringify(t.reasons), visibility: t.visibility,
      text: t.text, author_id: t.author_id, policy_version: t.policy_version, created_at: new Date(t.created_at),
    })
    .onConflict((oc) => oc.column('task_id').doNothing())
    .execute();
}

async function recordDecision(rt: Runtime, policies: PolicyStore, d: ReviewDecisionRecord, clock: () => number): Promise<RecordResult> {
  return rt.db.transaction().execute(async (tx): Promise<RecordResult> => {
    const already = await tx.selectFrom('decision_log').select('seq').where('event_id', '=', d.decision_id).executeTakeFirst();
    if (already) return { ok: true, out: [] };
    const state = (await loadCases(tx, [d.case_id])).get(d.case_id) ?? null;
    if (state && state.tenantId !== d.tenant_id) return { ok: false, field: 'tenant_id', reason: `tenant_id: case belongs to another tenant` };
    const policy = policies.current(d.tenant_id);
    const outcome = decideReview(
      { type: 'RecordReviewDecision', reviewerId: d.reviewer_id, role: d.reviewer_role, action: d.action as never, reasonCode: d.reason_code, note: d.note },
      state,
      new Set(Object.keys(policy.reason_codes)),
    );
    if (!outcome.ok) return outcome;
    const now = new Date(clock());
    await commitStep(
      tx,
      outcome.events.map((event) => ({
        eventId: d.decision_id, tenantId: d.tenant_id, caseId: d.case_id, event, policyVersion: state?.policyVersion ?? policy.version,
        modelVersions: {}, thresholds: null, actor: { type: 'reviewer', id: d.reviewer_id, role: d.reviewer_role },
        causationId: d.decision_id, correlationId: d.case_id, traceId: null, occurredAt: new Date(d.decided_at),
      })),
      now,
    );
    if (state) await tightenAfterFalseAllow(tx, policies, d, state, now);
    await tx.updateTable('review_tasks').set({ status: 'closed' }).where('case_id', '=', d.case_id).execute();
    return { ok: true, out: [] };
  });
}

export function createReviewHandler(rt: Runtime, policies: PolicyStore, clock: () => number = Date.now): StageHandler<ReviewInput> {
  return {
    name: 'review',
    inputs: ['review.tasks', 'review.decisions', 'moderation.classified'],
    accept: acceptReviewInput,
    handleBatch: (records: InboundRecord<ReviewInput>[], phases: PhaseTimer) => phases.time('review db transactions', async () => {
      const results: RecordResult[] = [];
      for (const r of records) {
        if (r.value.kind === 'task') {
          await materialiseTask(rt, r.value.task);
          results.push({ ok: true, out: [] });
        } else if (r.value.kind === 'classified') {
          await intakeQuestion(rt.db, policies.current(r.value.post.post.tenant_id), r.value.post);
          results.push({ ok: true, out: [] });
        } else {
          results.push(await recordDecision(rt, policies, r.value.decision, clock));
        }
      }
      return results;
    }),
  };
}

export async function startReview(rt = createRuntime('review')): Promise<StageRunner<ReviewInput>> {
  const policies = PolicyStore.fromDir(rt.config.policiesDir, rt.log);
  const runner = new StageRunner(createReviewHandler(rt, policies), stageRunnerDeps(rt, ['review.tasks', 'review.decisions', 'moderation.classified']));
  // The HTTP API is registered before runMain listens.
  registerReviewApi(rt.http, { db: rt.db, policies, reviewers: reviewersFileIn(rt.config.policiesDir), log: rt.log, onApplied: reviewMetricsHook(rt.metrics.registry, rt.db) });
  rt.closers.push(() => runner.stop());
  await runner.start();
  return runner;
}

if (require.main === module) {
  const rt = createRuntime('review');
  void runMain(rt, async () => {
    await startReview(rt);
  });
}
