// Answer routing as a pure decider. decideQuestionRouting: should the sweeper send an unanswered question
// to an expert queue now? decideAnswer: an expert's answer, approval or reassignment. No I/O and no
// clock of its own: `now` arrives as an argument, and deadlines count from it, so replays agree.
//
// "Accepted answer" is known from the log alone: a question is answered once its case log holds an
// AnswerApproved (an expert approved their own answer or a suggested one, through the review API).
import { createHash } from 'node:crypto';
import type { CaseState } from '../../core/log/case-state';
import type { DecisionEvent, LogEntry } from '../../core/log/events';
import type { Policy } from '../../route/policy';
import type { Refusal } from '../workflow';

const MINUTE = 60_000;
/** A question waits for an expert at low severity; it is not a moderation risk. */
const QUESTION_PRIORITY = 1;
/** Case statuses in which the post is up and nobody is moderating it. */
const ALLOWED: ReadonlySet<CaseState['status']> = new Set(['allowed', 'approved']);
/** Statuses that end a question's wait for good: the post is down, or someone already answered. */
const FINAL_NOT_ALLOWED: ReadonlySet<CaseState['status']> = new Set(['hidden', 'removed']);

export interface OpenQuestion {
  caseId: string;
  tenantId: string;
  questionScore: number;
  routerTopic: string | null;
  productTopic: string | null;
  askedAt: number;
}

export type CloseReason = 'answered' | 'already_routed' | 'not_allowed' | 'below_threshold';
export type QuestionVerdict =
  | { kind: 'route'; event: Extract<DecisionEvent, { type: 'QuestionRoutedToExpert' }> }
  | { kind: 'wait'; why: string }
  | { kind: 'close'; reason: CloseReason };

type AnswerRouting = NonNullable<Policy['answer_routing']>;

/** The router label if the policy maps it, else the product topic if mapped, else the default queue. */
export function topicQueue(routerTopic: string | null, productTopic: string | null, rules: AnswerRouting): { topic: string | null; queue: string } {
  for (const topic of [routerTopic, productTopic]) {
    const queue = topic === null ? undefined : rules.topic_queues[topic];
    if (topic !== null && queue !== undefined) return { topic, queue };
  }
  return { topic: null, queue: rules.default_queue };
}

export function isAnswered(log: readonly LogEntry[]): boolean {
  return log.some((e) => e.event.type === 'AnswerApproved');
}

export function decideQuestionRouting(q: OpenQuestion, state: CaseState | null, log: readonly LogEntry[], policy: Policy, now: number): QuestionVerdict {
  const rules = policy.answer_routing;
  if (!rules) return { kind: 'wait', why: `policy ${policy.version} has no answer_routing` };
  if (q.questionScore < rules.question_threshold) return { kind: 'close', reason: 'below_threshold' };
  if (isAnswered(log)) return { kind: 'close', reason: 'answered' };
  if (log.some((e) => e.event.type === 'QuestionRoutedToExpert')) return { kind: 'close', reason: 'already_routed' };
  if (state === null) return { kind: 'wait', why: 'not routed by the pipeline yet' };
  if (FINAL_NOT_ALLOWED.has(state.status)) return { kind: 'close', reason: 'not_allowed' };
  if (!ALLOWED.has(state.status)) return { kind: 'wait', why: `case is ${state.status}` };
  const due = q.askedAt + rules.unanswered_after_minutes * MINUTE;
  if (now < due) return { kind: 'wait', why: `unanswered for less than ${rules.unanswered_after_minutes} minutes` };
  const { topic, queue } = topicQueue(q.routerTopic, q.productTopic, rules);
  const slaMinutes = policy.queues[queue]?.sla_minutes ?? policy.severity_sla_minutes.low ?? 1440;
  return {
    kind: 'route',
    event: { type: 'QuestionRoutedToExpert', data: { topic, queue, questionScore: q.questionScore, askedAt: q.askedAt, priority: QUESTION_PRIORITY, slaDeadline: now + slaMinutes * MINUTE } },
  };
}

export interface Expert {
  id: string;
  role: string;
}

/** An answer as stored in the `answers` table. */
export interface StoredAnswer {
  answerId: string;
  tenantId: string;
  caseId: string;
  topic: string | null;
  text: string;
  status: 'posted' | 'approved';
}

export type AnswerCommand =
  | { type: 'PostAnswer'; expert: Expert; answerId: string; text: string }
  /** Approve an answer posted on this case, or a prior approved answer (a suggestion) from another case. */
  | { type: 'ApproveAnswer'; expert: Expert; answer: StoredAnswer; newAnswerId: string; similarity: number | null }
  | { type: 'ReassignQuestion'; expert: Expert; toQueue: string | null; toExpert: string | null; leaseMs: number };

export interface AnswerContext {
  state: CaseState | null;
  log: readonly LogEntry[];
  /** The question's topic key as the policy resolves it (see topicQueue). */
  topic: string | null;
  isQuestion: boolean;
  policy: Policy;
  now: number;
}

export type AnswerOutcome = { ok: true; events: DecisionEvent[] } | { ok: false; refusal: Refusal; reason: string; field?: string };

const accept = (...events: DecisionEvent[]): AnswerOutcome => ({ ok: true, events });
const refuse = (refusal: Refusal, reason: string, field?: string): AnswerOutcome => ({ ok: false, refusal, reason, ...(field ? { field } : {}) });

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function heldByOther(state: CaseState, expert: Expert, now: number): string | null {
  const live = state.assignee !== null && state.leaseExpiresAt !== null && state.leaseExpiresAt > now;
  return live && state.assignee !== expert.id ? state.assignee : null;
}

function approve(c: Extract<AnswerCommand, { type: 'ApproveAnswer' }>, state: CaseState, ctx: AnswerContext): AnswerOutcome {
  const a = c.answer;
  if (a.tenantId !== state.tenantId) return refuse('invalid', 'answer_id: no such answer for this tenant', 'answer_id');
  const { expert } = c;
  if (a.caseId === state.caseId) {
    if (a.status !== 'posted') return refuse('conflict', 'answer_id: this answer is already approved', 'answer_id');
    return accept({ type: 'AnswerApproved', data: { answerId: a.answerId, expertId: expert.id, role: expert.role, topic: ctx.topic, text: a.text, suggestedFrom: null } });
  }
  // A suggestion: only an approved answer on the same topic may be reused for another question.
  if (a.status !== 'approved') return refuse('invalid', 'answer_id: only an approved answer can be reused for another question', 'answer_id');
  if (a.topic !== ctx.topic) return refuse('invalid', `answer_id: that answer is on topic ${a.topic ?? '(default)'}, this question on ${ctx.topic ?? '(default)'}`, 'answer_id');
  const suggestedFrom = { answerId: a.answerId, caseId: a.caseId, similarity: c.similarity ?? 0 };
  return accept({ type: 'AnswerApproved', data: { answerId: c.newAnswerId, expertId: expert.id, role: expert.role, topic: ctx.topic, text: a.text, suggestedFrom } });
}

function reassign(c: Extract<AnswerCommand, { type: 'ReassignQuestion' }>, state: CaseState, ctx: AnswerContext): AnswerOutcome {
  if (state.status !== 'in_review' || state.queue === null) return refuse('conflict', `case is ${state.status}, not waiting in an expert queue`);
  if (ctx.policy.queues[state.queue]?.skill !== 'support_expert') return refuse('conflict', `case is in ${state.queue}, not an expert queue`);
  if (c.toQueue === null && c.toExpert === null) return refuse('invalid', 'queue: give a queue, an expert (to), or both', 'queue');
  const toQueue = c.toQueue ?? state.queue;
  const queue = ctx.policy.queues[toQueue];
  if (queue?.skill !== 'support_expert') return refuse('invalid', `queue: ${toQueue} is not an expert (support_expert) queue of the policy`, 'queue');
  const data = {
    expertId: c.expert.id, role: c.expert.role, fromQueue: state.queue, toQueue, toExpert: c.toExpert,
    leaseExpiresAt: c.toExpert === null ? null : ctx.now + c.leaseMs,
    // A move to another queue starts that queue's SLA; handing it to a colleague keeps the deadline.
    slaDeadline: toQueue !== state.queue || state.slaDeadline === null ? ctx.now + queue.sla_minutes * MINUTE : state.slaDeadline,
  };
  return accept({ type: 'QuestionReassigned', data });
}

export function decideAnswer(command: AnswerCommand, ctx: AnswerContext): AnswerOutcome {
  const state = ctx.state;
  if (state === null) return refuse('not_found', 'no such case');
  if (!ctx.isQuestion) return refuse('conflict', 'this case is not a question');
  if (isAnswered(ctx.log)) return refuse('conflict', 'this question already has an approved answer');
  const holder = heldByOther(state, command.expert, ctx.now);
  // A lead may take a question from whoever holds it; anyone else waits for the lease.
  if (holder !== null && command.expert.role !== 'lead') return refuse('conflict', `the question is held by ${holder}`);
  switch (command.type) {
    case 'PostAnswer':
      return accept({ type: 'AnswerPosted', data: { answerId: command.answerId, expertId: command.expert.id, role: command.expert.role, chars: command.text.length, sha256: sha256(command.text) } });
    case 'ApproveAnswer':
      return approve(command, state, ctx);
    case 'ReassignQuestion':
      return reassign(command, state, ctx);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
