// One Kysely instance per process and role. search_path pins every query to the configured schema, which
// is how tests get a private schema each without any code knowing about it.
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './tables';

// bigint (int8) columns come back as JS numbers: sequences stay far below 2^53.
types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export function createDb(url: string, schema: string, poolSize = 5): Db {
  const pool = new Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Refuses to run outside a transaction: the log append, projection and position must commit together. */
export function assertTransaction(db: Db | Tx): asserts db is Tx {
  if (!db.isTransaction) throw new Error('this step must run inside a database transaction');
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
