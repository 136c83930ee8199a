// Creates the roles, the database and a schema, runs the migrations as the owner role, and grants the
// application role only what it needs: SELECT and INSERT on the decision log, read/write elsewhere.
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Client, Pool } from 'pg';
import { MIGRATIONS } from './migrations';

export const OWNER_ROLE = 'vigil_owner';
export const APP_ROLE = 'vigil_app';

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Run as a superuser once per machine: roles and the database. Idempotent. */
export async function provisionDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
      if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${ident(role)} LOGIN`);
    }
    const db = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (db.rowCount === 0) await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(OWNER_ROLE)}`);
  } finally {
    await admin.end();
  }
}

/** Run as the owner role: schema, migrations, grants. Idempotent. */
export async function provisionSchema(ownerUrl: string, schema: string): Promise<string[]> {
  const pool = new Pool({ connectionString: ownerUrl, max: 1, options: `-c search_path=${schema}` });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql.raw(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`).execute(db);
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      migrationTableSchema: schema,
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
    const s = ident(schema);
    const app = ident(APP_ROLE);
    await sql.raw(`GRANT USAGE ON SCHEMA ${s} TO ${app}`).execute(db);
    await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${app}`).execute(db);
    await sql.raw(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.decision_log FROM ${app}`).execute(db);
    await sql.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${app}`).execute(db);
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  } finally {
    await db.destroy();
  }
}

/** Drops a schema and everything in it (tests clean up after themselves). Never used on `vigil`. */
export async function dropSchema(ownerUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
