// Reviewer wellbeing: which harmful cases each reviewer was shown, per UTC day and harm category, and
// the daily limits a lead set. One row per (reviewer, day, category, case), so looking at the same
// case twice counts once and the daily counter is a plain count(*). Kept out of the decision log: it is
// about the reviewer, not the case, and the log's event union stays as it is.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reviewer_exposure')
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reviewer_exposure_pk', ['reviewer_id', 'day', 'category', 'case_id'])
    .execute();
  await db.schema
    .createTable('reviewer_exposure_limits')
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('daily_limit', 'integer', (c) => c.notNull().check(sql`daily_limit >= 0`))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reviewer_exposure_limits_pk', ['reviewer_id', 'category'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reviewer_exposure_limits').execute();
  await db.schema.dropTable('reviewer_exposure').execute();
}
