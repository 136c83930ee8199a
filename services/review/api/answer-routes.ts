// Answer routing endpoints: suggested answers, answer, approve, reassign, and the sweep that routes
// unanswered questions to expert queues. Every action is one transaction: lock the log and the case,
// ask the pure decider (answers/routing.ts), append its events with the answer rows.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { maskPii } from '../../classify/signals/rules/pii';
import type { Tx } from '../../core/db/database';
import type { CaseState } from '../../core/log/case-state';
import type { DecisionEvent } from '../../core/log/events';
import { caseFromRow, loadCases } from '../../core/log/projection';
import { readCase } from '../../core/log/store';
import type { Policy } from '../../route/policy';
import { decideAnswer, topicQueue, type AnswerCommand } from '../answers/routing';
import { approvedAnswers, closeQuestion, insertAnswer, loadAnswer, loadQuestion, markApproved, type QuestionRow } from '../answers/store';
import { suggestAnswers } from '../answers/suggest';
import { sweepQuestions } from '../answers/sweep';
import { appendCaseEvents, closeTasks } from '../case-events';
import type { Principal } from './auth';
import { AnswerBody, ApproveAnswerBody, QuestionParams, ReassignQuestionBody } from './answer-schemas';
import { actorOf, assertQueueAccess, caseView, lockCase, visibleTo } from './case-store';
import type { ApiDeps, Guard } from './context';
import { ApiError, notFound, parseOr400, refusalError } from './errors';

const SUGGESTIONS = 3;
const MIN_SIMILARITY = 0.1;

function topicOf(q: QuestionRow | null, policy: Policy): { topic: string | null; queue: string | null } {
  const rules = policy.answer_routing;
  if (!q || !rules) return { topic: q?.routerTopic ?? q?.productTopic ?? null, queue: null };
  return topicQueue(q.routerTopic, q.productTopic, rules);
}

interface Acted {
  state: CaseState;
  events: DecisionEvent['type'][];
}

/** Locks the case, runs the decider, appends; `after` writes the answer rows in the same transaction. */
async function act(deps: ApiDeps, p: Principal, caseId: string, command: (state: CaseState) => AnswerCommand, after: (tx: Tx, events: DecisionEvent[], q: QuestionRow | null, state: CaseState) => Promise<void> = () => Promise.resolve()): Promise<Acted> {
  return deps.db.transaction().execute(async (tx) => {
    const state = await lockCase(tx, p, caseId);
    assertQueueAccess(p, state);
    const q = await loadQuestion(tx, caseId);
    const policy = deps.policies.current(state.tenantId);
    const now = deps.clock();
    const outcome = decideAnswer(command(state), { state, log: await readCase(tx, caseId), topic: topicOf(q, policy).topic, isQuestion: q !== null, policy, now });
    if (!outcome.ok) throw refusalError(outcome.refusal, outcome.reason, outcome.field);
    await appendCaseEvents(tx, { state, events: outcome.events, actor: actorOf(p), policyVersion: policy.version, now, eventId: () => randomUUID() });
    await after(tx, outcome.events, q, state);
    const next = (await loadCases(tx, [caseId])).get(caseId) ?? state;
    return { state: next, events: outcome.events.map((e) => e.type) };
  });
}

export function registerAnswerRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  const expert = (p: Principal) => ({ id: p.id, role: p.role });

  app.get('/v1/questions/:case_id/suggestions', async (req) => {
    const p = guard(req, 'question.suggest');
    const { case_id } = parseOr400(QuestionParams, req.params, 'path');
    const row = await deps.db.selectFrom('cases').selectAll().where('case_id', '=', case_id).executeTakeFirst();
    const state = row ? caseFromRow(row) : null;
    if (!state || !visibleTo(p, state)) throw notFound();
    assertQueueAccess(p, state);
    const q = await loadQuestion(deps.db, case_id);
    if (!q) throw new ApiError(409, 'conflict', 'this case is not a question');
    const { topic, queue } = topicOf(q, deps.policies.current(state.tenantId));
    // Retrieval stays inside the tenant and the topic: the same tenant's approved answers only.
    const candidates = await approvedAnswers(deps.db, state.tenantId, topic, case_id);
    const suggestions = suggestAnswers(q.text, candidates, SUGGESTIONS, MIN_SIMILARITY);
    return {
      case_id, topic, queue: queue ?? state.queue ?? '', question: maskPii(q.text),
      suggestions: suggestions.map((s) => ({ answer_id: s.answerId, case_id: s.caseId, text: s.text, similarity: Math.round(s.similarity * 1000) / 1000 })),
    };
  });

  app.post('/v1/questions/:case_id/answer', async (req, reply) => {
    const p = guard(req, 'question.answer');
    const { case_id } = parseOr400(QuestionParams, req.params, 'path');
    const { text } = parseOr400(AnswerBody, req.body, 'body');
    const answerId = randomUUID();
    const result = await act(deps, p, case_id, () => ({ type: 'PostAnswer', expert: expert(p), answerId, text }), async (tx, _events, q, state) => {
      const topic = topicOf(q, deps.policies.current(state.tenantId)).topic;
      await insertAnswer(tx, { answerId, tenantId: state.tenantId, caseId: case_id, topic, text, status: 'posted', expertId: p.id, suggestedFrom: null, at: new Date(deps.clock()) });
    });
    return reply.code(201).send({ case: caseView(result.state), events: result.events, answer_id: answerId });
  });

  app.post('/v1/questions/:case_id/approve', async (req) => {
    const p = guard(req, 'question.approve');
    const { case_id } = parseOr400(QuestionParams, req.params, 'path');
    const body = parseOr400(ApproveAnswerBody, req.body, 'body');
    const answer = await loadAnswer(deps.db, body.answer_id);
    if (!answer || !p.tenants.includes(answer.tenantId)) throw new ApiError(400, 'invalid body', 'answer_id: no such answer', 'answer_id');
    const newAnswerId = answer.caseId === case_id ? answer.answerId : randomUUID();
    let similarity: number | null = null;
    if (answer.caseId !== case_id) {
      const q = await loadQuestion(deps.db, case_id);
      const candidates = await approvedAnswers(deps.db, answer.tenantId, answer.topic, case_id);
      similarity = suggestAnswers(q?.text ?? '', candidates, candidates.length, 0).find((s) => s.answerId === answer.answerId)?.similarity ?? 0;
    }
    const result = await act(deps, p, case_id, () => ({ type: 'ApproveAnswer', expert: expert(p), answer, newAnswerId, similarity }), async (tx, events) => {
      const at = new Date(deps.clock());
      const approved = events.find((e) => e.type === 'AnswerApproved');
      if (approved?.type !== 'AnswerApproved') return;
      if (newAnswerId === answer.answerId) await markApproved(tx, answer.answerId, at);
      else await insertAnswer(tx, { answerId: newAnswerId, tenantId: answer.tenantId, caseId: case_id, topic: approved.data.topic, text: answer.text, status: 'approved', expertId: p.id, suggestedFrom: answer.answerId, at });
      await closeTasks(tx, case_id);
      await closeQuestion(tx, case_id, 'answered', at);
    });
    return { case: caseView(result.state), events: result.events, answer_id: newAnswerId };
  });

  app.post('/v1/questions/:case_id/reassign', async (req) => {
    const p = guard(req, 'question.reassign');
    const { case_id } = parseOr400(QuestionParams, req.params, 'path');
    const body = parseOr400(ReassignQuestionBody, req.body, 'body');
    const result = await act(deps, p, case_id, (state) => {
      const queue = body.queue ?? state.queue;
      const target = body.to === undefined ? null : deps.reviewers.byId.get(body.to);
      if (body.to !== undefined && !(target && target.role !== 'member' && target.tenants.includes(state.tenantId) && queue !== null && target.queues.includes(queue))) {
        throw new ApiError(400, 'invalid body', `to: ${body.to} is not an expert of this tenant working queue ${queue ?? '(none)'}`, 'to');
      }
      return { type: 'ReassignQuestion', expert: expert(p), toQueue: body.queue ?? null, toExpert: body.to ?? null, leaseMs: deps.leaseMs };
    }, async (tx, events) => {
      const moved = events.find((e) => e.type === 'QuestionReassigned');
      if (moved?.type === 'QuestionReassigned') await tx.updateTable('review_tasks').set({ queue: moved.data.toQueue }).where('case_id', '=', case_id).where('status', '=', 'open').execute();
    });
    return { case: caseView(result.state), events: result.events };
  });

  app.post('/v1/questions/sweep', async (req) => {
    const p = guard(req, 'questions.sweep');
    return { routed: await sweepQuestions(deps, p.tenants) };
  });
}
