// The answer-routing tables (migration 0006): questions the review stage saw, with their text, and the
// experts' answers. Typed here with withTables so the shared Database type stays untouched.
import type { ColumnType } from 'kysely';
import type { Db, Tx } from '../../core/db/database';
import type { StoredAnswer } from './routing';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

// Type aliases, not interfaces: kysely's withTables needs an index-signature-compatible shape.
export type QuestionsTable = {
  case_id: string;
  tenant_id: string;
  post_id: string;
  thread_id: string | null;
  author_id: string;
  text: string;
  question_score: number;
  router_topic: string | null;
  product_topic: string | null;
  asked_at: Timestamp;
  closed_at: Timestamp | null;
  closed_reason: string | null;
};

export type AnswersTable = {
  answer_id: string;
  tenant_id: string;
  case_id: string;
  topic: string | null;
  text: string;
  expert_id: string;
  status: string;
  suggested_from: string | null;
  created_at: Timestamp;
  approved_at: Timestamp | null;
};

export type AnswerTables = { questions: QuestionsTable; answers: AnswersTable };

export function answerDb(db: Db | Tx) {
  return db.withTables<AnswerTables>();
}

export interface QuestionRow {
  caseId: string;
  tenantId: string;
  postId: string;
  threadId: string | null;
  authorId: string;
  text: string;
  questionScore: number;
  routerTopic: string | null;
  productTopic: string | null;
  askedAt: number;
}

/** Stores a question once (a redelivered post changes nothing). */
export async function recordQuestion(db: Db | Tx, q: QuestionRow): Promise<void> {
  await answerDb(db)
    .insertInto('questions')
    .values({
      case_id: q.caseId, tenant_id: q.tenantId, post_id: q.postId, thread_id: q.threadId, author_id: q.authorId, text: q.text,
      question_score: q.questionScore, router_topic: q.routerTopic, product_topic: q.productTopic, asked_at: new Date(q.askedAt), closed_at: null, closed_reason: null,
    })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .execute();
}

export async function loadQuestion(db: Db | Tx, caseId: string): Promise<QuestionRow | null> {
  const r = await answerDb(db).selectFrom('questions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
  if (!r) return null;
  return {
    caseId: r.case_id, tenantId: r.tenant_id, postId: r.post_id, threadId: r.thread_id, authorId: r.author_id, text: r.text,
    questionScore: Number(r.question_score), routerTopic: r.router_topic, productTopic: r.product_topic, askedAt: new Date(r.asked_at).getTime(),
  };
}

export async function closeQuestion(db: Db | Tx, caseId: string, reason: string, at: Date): Promise<void> {
  await answerDb(db).updateTable('questions').set({ closed_at: at, closed_reason: reason }).where('case_id', '=', caseId).where('closed_at', 'is', null).execute();
}

/** Open questions asked at or before `askedBefore`, oldest first. */
export async function openQuestions(db: Db | Tx, askedBefore: Date, tenants: readonly string[] | null, limit: number): Promise<QuestionRow[]> {
  let q = answerDb(db).selectFrom('questions').select('case_id').where('closed_at', 'is', null).where('asked_at', '<=', askedBefore);
  if (tenants) q = q.where('tenant_id', 'in', [...tenants]);
  const rows = await q.orderBy('asked_at').limit(limit).execute();
  const loaded = await Promise.all(rows.map((r) => loadQuestion(db, r.case_id)));
  return loaded.filter((r): r is QuestionRow => r !== null);
}

function toAnswer(r: { answer_id: string; tenant_id: string; case_id: string; topic: string | null; text: string; status: string }): StoredAnswer {
  return { answerId: r.answer_id, tenantId: r.tenant_id, caseId: r.case_id, topic: r.topic, text: r.text, status: r.status === 'approved' ? 'approved' : 'posted' };
}

export async function loadAnswer(db: Db | Tx, answerId: string): Promise<StoredAnswer | null> {
  const r = await answerDb(db).selectFrom('answers').selectAll().where('answer_id', '=', answerId).executeTakeFirst();
  return r ? toAnswer(r) : null;
}

export async function insertAnswer(db: Db | Tx, a: StoredAnswer & { expertId: string; suggestedFrom: string | null; at: Date }): Promise<void> {
  await answerDb(db)
    .insertInto('answers')
    .values({
      answer_id: a.answerId, tenant_id: a.tenantId, case_id: a.caseId, topic: a.topic, text: a.text, expert_id: a.expertId, status: a.status,
      suggested_from: a.suggestedFrom, created_at: a.at, approved_at: a.status === 'approved' ? a.at : null,
    })
    .execute();
}

export async function markApproved(db: Db | Tx, answerId: string, at: Date): Promise<void> {
  await answerDb(db).updateTable('answers').set({ status: 'approved', approved_at: at }).where('answer_id', '=', answerId).execute();
}

/** Approved answers of a tenant on a topic (null: the default queue's questions), newest first, with the question each answered. */
export async function approvedAnswers(db: Db | Tx, tenantId: string, topic: string | null, excludeCaseId: string, limit = 500) {
  let q = answerDb(db)
    .selectFrom('answers')
    .leftJoin('questions', 'questions.case_id', 'answers.case_id')
    .select(['answers.answer_id', 'answers.case_id', 'answers.text', 'questions.text as question'])
    .where('answers.tenant_id', '=', tenantId)
    .where('answers.status', '=', 'approved')
    .where('answers.case_id', '!=', excludeCaseId);
  q = topic === null ? q.where('answers.topic', 'is', null) : q.where('answers.topic', '=', topic);
  const rows = await q.orderBy('answers.approved_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ answerId: r.answer_id, caseId: r.case_id, answer: r.text, question: r.question ?? null }));
}
