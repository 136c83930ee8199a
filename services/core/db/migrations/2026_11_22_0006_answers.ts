// Answer routing: the questions the review stage saw (with their text, which the decision log never
// holds) and the experts' answers (drafts and approved ones, the corpus for suggested answers).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('questions')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('question_score', 'double precision', (c) => c.notNull())
    .addColumn('router_topic', 'text')
    .addColumn('product_topic', 'text')
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull())
    // Set once the sweeper has nothing more to do for it: routed, answered, or no longer allowed.
    .addColumn('closed_at', 'timestamptz')
    .addColumn('closed_reason', 'text')
    .execute();
  // The sweeper looks for open questions by age.
  await sql`CREATE INDEX questions_open_idx ON questions (asked_at) WHERE closed_at IS NULL`.execute(db);

  await db.schema
    .createTable('answers')
    .addColumn('answer_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('expert_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('suggested_from', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('answers_retrieval_idx').on('answers').columns(['tenant_id', 'topic', 'status']).execute();
  await db.schema.createIndex('answers_case_idx').on('answers').columns(['case_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('answers').execute();
  await db.schema.dropTable('questions').execute();
}
