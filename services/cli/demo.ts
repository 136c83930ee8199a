// `vigil produce` pushes a JSONL file of posts to community.posts; `vigil summary` reports what the
// pipeline decided. Together they are the demo's second half.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../core/config';
import { createDb } from '../core/db/database';
import { AvroCodec } from '../core/kafka/avro';
import { createKafka } from '../core/kafka/client';
import { createLogger } from '../core/logger';
import { TopicNames } from '../core/topics';

const TIERS = ['free', 'free', 'free', 'paid', 'enterprise'];

function readJsonl(file: string): Array<{ text: string; tenant_id?: string }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      const v = JSON.parse(l) as { text?: unknown };
      if (typeof v.text !== 'string') throw new Error(`${file}:${i + 1}: "text" must be a string`);
      return v as { text: string; tenant_id?: string };
    });
}

export function registerDemo(program: Command): void {
  program
    .command('produce')
    .description('produce each line of a JSONL file ({"text": ...}) to community.posts as an upstream post')
    .argument('<file>', 'JSONL file')
    .option('--tenant <id>', 'tenant for lines that do not name one', 'acme')
    .action(async (file: string, opts: { tenant: string }) => {
      const config = loadConfig();
      const topics = new TopicNames(config.topicPrefix);
      const codec = new AvroCodec(config.registryUrl);
      const producer = createKafka('vigil-cli', config.kafkaBrokers, createLogger('cli', 'error')).producer();
      const lines = readJsonl(file);
      const topic = topics.name('community.posts');
      await producer.connect();
      const bar = new SingleBar({ format: 'producing {bar} {value}/{total} posts' }, Presets.shades_classic);
      bar.start(lines.length, 0);
      for (const [i, line] of lines.entries()) {
        const tenant = line.tenant_id ?? opts.tenant;
        const postId = `demo-${randomUUID()}`;
        const value = {
          schema_version: 1, event_id: randomUUID(), tenant_id: tenant, post_id: postId, thread_id: `thread-${i % 40}`, topic_id: null,
          author: { member_id: `member-${i % 57}`, account_age_days: (i * 37) % 900, tier: TIERS[i % TIERS.length] ?? 'free' },
          is_public: i % 7 !== 0, audience_size: (i * 131) % 20_000, language: null, text: line.text, links: [], created_at: Date.now(),
        };
        await producer.send({ topic, messages: [{ key: `${tenant}:${postId}`, value: await codec.encode(topic, value) }] });
        bar.update(i + 1);
      }
      bar.stop();
      await producer.disconnect();
      console.log(`produced ${lines.length} posts to ${topic}`);
    });

  program
    .command('summary')
    .description('summarise the decision log: decisions by action, review queues, dead letters')
    .option('--expect <n>', 'wait until at least n cases are decided', (v) => Number.parseInt(v, 10), 0)
    .option('--timeout <seconds>', 'how long to wait for --expect', (v) => Number.parseInt(v, 10), 120)
    .action(async (opts: { expect: number; timeout: number }) => {
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      const decided = async () => (await sql<{ n: number }>`select count(*)::int as n from cases where last_action is not null`.execute(db)).rows[0]?.n ?? 0;
      const deadline = Date.now() + opts.timeout * 1000;
      if (opts.expect > 0) {
        const bar = new SingleBar({ format: 'deciding  {bar} {value}/{total} cases' }, Presets.shades_classic);
        bar.start(opts.expect, 0);
        let n = await decided();
        while (n < opts.expect && Date.now() < deadline) {
          bar.update(n);
          await new Promise((r) => setTimeout(r, 500));
          n = await decided();
        }
        bar.update(Math.min(n, opts.expect));
        bar.stop();
      }
      const byAction = await db.selectFrom('decision_log').select(['event_type', sql<number>`count(*)::int`.as('n')]).where('event_type', 'in', ['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated', 'ReviewDecided']).groupBy('event_type').orderBy('event_type').execute();
      const queues = await db.selectFrom('cases').select(['queue', sql<number>`count(*)::int`.as('n')]).where('queue', 'is not', null).groupBy('queue').orderBy('queue').execute();
      const delivered = await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('delivered_at', 'is not', null).executeTakeFirst();
      console.log('\nDecisions by action (from the decision log):');
      for (const r of byAction) console.log(`  ${r.event_type.padEnd(24)} ${r.n}`);
      console.log('\nCases waiting for a human, by queue:');
      for (const r of queues) console.log(`  ${String(r.queue).padEnd(24)} ${r.n}`);
      console.log(`\nRecords delivered to the decisions topic: ${delivered?.n ?? 0}`);
      await db.destroy();
    });
}
