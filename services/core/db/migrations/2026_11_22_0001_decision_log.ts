// The append-only decision log. Append-only is enforced twice: the application role is granted only
// SELECT and INSERT, and triggers refuse UPDATE, DELETE and TRUNCATE for every role but a deliberate
// owner who disables them (which is exactly what `vigil log verify` exists to catch).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decision_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().unique())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('policy_version', 'text')
    .addColumn('model_versions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('thresholds', 'jsonb')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text')
    .addColumn('causation_id', 'text')
    .addColumn('correlation_id', 'text')
    .addColumn('trace_id', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE SEQUENCE decision_log_seq AS bigint START 1`.execute(db);
  await db.schema.createIndex('decision_log_case_idx').on('decision_log').columns(['case_id', 'seq']).execute();
  await db.schema.createIndex('decision_log_tenant_time_idx').on('decision_log').columns(['tenant_id', 'occurred_at']).execute();
  await db.schema.createIndex('decision_log_causation_idx').on('decision_log').column('causation_id').execute();
  await sql`
    CREATE FUNCTION decision_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'decision_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER decision_log_no_update_delete BEFORE UPDATE OR DELETE ON decision_log
            FOR EACH ROW EXECUTE FUNCTION decision_log_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER decision_log_no_truncate BEFORE TRUNCATE ON decision_log
            FOR EACH STATEMENT EXECUTE FUNCTION decision_log_refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('decision_log').execute();
  await sql`DROP SEQUENCE IF EXISTS decision_log_seq`.execute(db);
  await sql`DROP FUNCTION IF EXISTS decision_log_refuse_change()`.execute(db);
}
