// `vigil provision`: database roles, database and schema (with migrations), Kafka topics and Avro
// schemas. Idempotent: a second run changes nothing and says so.
import type { Command } from 'commander';
import { loadConfig } from '../core/config';
import { provisionDatabase, provisionSchema } from '../core/db/provision';
import { AvroCodec } from '../core/kafka/avro';
import { createKafka } from '../core/kafka/client';
import { provisionTopics } from '../core/kafka/provision-topics';
import { createLogger } from '../core/logger';
import { TopicNames } from '../core/topics';

export function registerProvision(program: Command): void {
  program
    .command('provision')
    .description('create the database, roles, schema, Kafka topics and Avro schemas (idempotent)')
    .option('--admin-url <url>', 'superuser connection used to create roles and the database', process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
    .option('--skip-database', 'only topics and schemas')
    .action(async (opts: { adminUrl: string; skipDatabase?: boolean }) => {
      const config = loadConfig();
      const log = createLogger('provision', 'warn');
      if (!opts.skipDatabase) {
        const dbName = new URL(config.databaseUrl).pathname.slice(1) || 'vigil';
        await provisionDatabase(opts.adminUrl, dbName);
        const applied = await provisionSchema(config.databaseOwnerUrl, config.databaseSchema);
        console.log(`database: ${dbName}, schema ${config.databaseSchema} ready (${applied.length ? `applied ${applied.join(', ')}` : 'migrations up to date'})`);
      }
      const topics = new TopicNames(config.topicPrefix);
      const created = await provisionTopics(createKafka('vigil-provision', config.kafkaBrokers, log), topics.all);
      console.log(`kafka: ${topics.all.length} topics declared, ${created.length} created${created.length ? ` (${created.join(', ')})` : ''}`);
      const ids = await new AvroCodec(config.registryUrl).registerTopics(topics.all);
      console.log(`schema registry: ${ids.size} value schemas registered with BACKWARD compatibility`);
    });
}
