// The answer-routing sweeper: open questions older than the policy's unanswered_after_minutes are
// checked one by one (each in its own transaction) and, when the pure decider says so, appended as
// QuestionRoutedToExpert with a review task in the expert queue. Run periodically by the review
// service and on demand through POST /v1/questions/sweep (tests drive it with an injected clock).
import type { Db } from '../../core/db/database';
import { caseFromRow } from '../../core/log/projection';
import { lockChain, readCase } from '../../core/log/store';
import type { PolicyStore } from '../../route/policy-store';
import { appendCaseEvents, openTask } from '../case-events';
import { decideQuestionRouting } from './routing';
import { closeQuestion, openQuestions, type QuestionRow } from './store';

const MINUTE = 60_000;
const SWEEPER = { type: 'system', id: 'review-answers' } as const;
const BATCH = 500;

export interface SweepDeps {
  db: Db;
  policies: PolicyStore;
  clock: () => number;
}

export interface RoutedQuestion {
  case_id: string;
  queue: string;
  topic: string | null;
}

async function sweepOne(deps: SweepDeps, q: QuestionRow, now: number): Promise<RoutedQuestion | null> {
  return deps.db.transaction().execute(async (tx) => {
    await lockChain(tx); // before the row lock, as commitStep does
    const row = await tx.selectFrom('cases').selectAll().where('case_id', '=', q.caseId).forUpdate().skipLocked().executeTakeFirst();
    const state = row ? caseFromRow(row) : null;
    const policy = deps.policies.current(q.tenantId);
    const verdict = decideQuestionRouting(q, state, await readCase(tx, q.caseId), policy, now);
    if (verdict.kind === 'close') await closeQuestion(tx, q.caseId, verdict.reason, new Date(now));
    if (verdict.kind !== 'route' || state === null) return null;
    const routed = verdict.event.data;
    const [entry] = await appendCaseEvents(tx, { state, events: [verdict.event], actor: SWEEPER, policyVersion: policy.version, now, eventId: () => `${q.caseId}:question-routed` });
    if (!entry) return null;
    await openTask(tx, {
      taskId: entry.eventId, state, queue: routed.queue, priority: routed.priority, slaDeadline: routed.slaDeadline,
      reasons: ['UNANSWERED_QUESTION', ...(routed.topic ? [routed.topic] : [])], text: q.text, authorId: q.authorId, policyVersion: policy.version, now,
    });
    await closeQuestion(tx, q.caseId, 'routed', new Date(now));
    return { case_id: q.caseId, queue: routed.queue, topic: routed.topic };
  });
}

/** Routes every due question (of the given tenants, or all); returns what was routed. */
export async function sweepQuestions(deps: SweepDeps, tenants: readonly string[] | null): Promise<RoutedQuestion[]> {
  const now = deps.clock();
  const waits = deps.policies.all().flatMap((p) => (p.answer_routing ? [p.answer_routing.unanswered_after_minutes] : []));
  if (waits.length === 0) return [];
  // The shortest wait of any policy pre-filters; each tenant's own wait is applied by the decider.
  const due = await openQuestions(deps.db, new Date(now - Math.min(...waits) * MINUTE), tenants, BATCH);
  const routed: RoutedQuestion[] = [];
  for (const q of due) {
    const r = await sweepOne(deps, q, now);
    if (r) routed.push(r);
  }
  return routed;
}
