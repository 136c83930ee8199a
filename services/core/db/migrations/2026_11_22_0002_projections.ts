// Projections and work queues derived from the log. They are mutable and rebuildable by replay.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('queue', 'text')
    .addColumn('severity', 'text')
    .addColumn('priority', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_deadline', 'timestamptz')
    .addColumn('assignee', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('last_action', 'text')
    .addColumn('policy_version', 'text')
    .addColumn('history', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_tenant_status_idx').on('cases').columns(['tenant_id', 'status']).execute();
  await db.schema.createIndex('cases_author_idx').on('cases').columns(['tenant_id', 'author_id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addUniqueConstraint('outbox_event_destination_uq', ['event_id', 'destination'])
    .execute();
  await sql`CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL`.execute(db);

  await db.schema
    .createTable('consumer_positions')
    .addColumn('consumer_group', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('next_offset', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('consumer_positions_pk', ['consumer_group', 'topic', 'partition'])
    .execute();

  await db.schema
    .createTable('review_tasks')
    .addColumn('task_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('priority', 'double precision', (c) => c.notNull())
    .addColumn('sla_deadline', 'timestamptz', (c) => c.notNull())
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_tasks_queue_idx').on('review_tasks').columns(['tenant_id', 'queue', 'status', 'priority']).execute();

  await db.schema
    .createTable('member_activity')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_activity_pk', ['tenant_id', 'member_id', 'event_id'])
    .execute();
  await db.schema.createIndex('member_activity_time_idx').on('member_activity').columns(['tenant_id', 'member_id', 'posted_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['member_activity', 'review_tasks', 'consumer_positions', 'outbox', 'cases']) await db.schema.dropTable(t).execute();
}
