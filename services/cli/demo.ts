// `vigil produce` pushes a JSONL file of posts to community.posts; `vigil summary` reports what the
// pipeline decided. Together they are the demo's second half.
import { DECISIONS_DESTINATION } from '../core/log/step';
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
import { DEFAULT_HTTP_PORTS } from '../core/runtime';
import { loadReviewersIfPresent, reviewersFileIn } from '../review/api/auth';
import { demoCredentials, demoUiLines } from '../review/ui/demo-credentials';

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

/** Waits until every given case has a decision and nothing is left in the outbox, then summarises them. */
async function waitAndSummarise(caseIds: string[], timeoutSeconds: number): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl, config.databaseSchema);
  try {
    const deadline = Date.now() + timeoutSeconds * 1000;
    const bar = new SingleBar({ format: 'deciding  {bar} {value}/{total} posts' }, Presets.shades_classic);
    bar.start(caseIds.length, 0);
    const decided = async () => (await db.selectFrom('cases').select(sql<number>`count(*)::int`.as('n')).where('case_id', 'in', caseIds).where('last_action', 'is not', null).executeTakeFirst())?.n ?? 0;
    const pending = async () => (await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('delivered_at', 'is', null).where('failed_at', 'is', null).executeTakeFirst())?.n ?? 0;
    let n = await decided();
    while ((n < caseIds.length || (await pending()) > 0) && Date.now() < deadline) {
      bar.update(n);
      await new Promise((r) => setTimeout(r, 250));
      n = await decided();
    }
    bar.update(n);
    bar.stop();
    const byAction = await db.selectFrom('cases').select(['last_action', 'status', sql<number>`count(*)::int`.as('n')]).where('case_id', 'in', caseIds).groupBy(['last_action', 'status']).orderBy('n', 'desc').execute();
    console.log(`\n${n} of ${caseIds.length} posts decided. By action (status now):`);
    for (const r of byAction) console.log(`  ${String(r.last_action ?? 'undecided').padEnd(12)} ${String(r.status).padEnd(12)} ${r.n}`);
    if (n < caseIds.length) {
      console.error(`timed out after ${timeoutSeconds} s with ${caseIds.length - n} posts undecided; see .data/services/*.log and the dlq.* topics`);
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
  }
}

export function registerDemo(program: Command): void {
  program
    .command('produce')
    .description('produce each line of a JSONL file ({"text": ...}) to community.posts as an upstream post')
    .argument('<file>', 'JSONL file')
    .option('--tenant <id>', 'tenant for lines that do not name one', 'acme')
    .option('--wait <seconds>', 'then wait until every post is decided and delivered, and summarise them', (v) => Number.parseInt(v, 10))
    .action(async (file: string, opts: { tenant: string; wait?: number }) => {
      const config = loadConfig();
      const topics = new TopicNames(config.topicPrefix);
      const codec = new AvroCodec(config.registryUrl);
      const producer = createKafka('vigil-cli', config.kafkaBrokers, createLogger('cli', 'error')).producer();
      const lines = readJsonl(file);
      const topic = topics.name('community.posts');
      const caseIds: string[] = [];
      await producer.connect();
      const bar = new SingleBar({ format: 'producing {bar} {value}/{total} posts' }, Presets.shades_classic);
      bar.start(lines.length, 0);
      for (const [i, line] of lines.entries()) {
        const tenant = line.tenant_id ?? opts.tenant;
        const postId = `demo-${randomUUID()}`;
        caseIds.push(`${tenant}:${postId}`);
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
      if (opts.wait !== undefined) await waitAndSummarise(caseIds, opts.wait);
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
      // Only the Kafka destination: the outbox also holds webhook fan-out and delivery rows.
      const delivered = await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('destination', '=', DECISIONS_DESTINATION).where('delivered_at', 'is not', null).executeTakeFirst();
      console.log('\nDecisions by action (from the decision log):');
      for (const r of byAction) console.log(`  ${r.event_type.padEnd(24)} ${r.n}`);
      console.log('\nCases waiting for a human, by queue:');
      for (const r of queues) console.log(`  ${String(r.queue).padEnd(24)} ${r.n}`);
      console.log(`\nRecords delivered to the decisions topic: ${delivered?.n ?? 0}`);
      // The review UI, where the queued cases above are waiting (review service port).
      const reviewers = loadReviewersIfPresent(reviewersFileIn(config.policiesDir), (m) => console.warn(m));
      console.log(['', ...demoUiLines(`http://127.0.0.1:${DEFAULT_HTTP_PORTS.review}/ui/`, demoCredentials(reviewers))].join('\n'));
      await db.destroy();
    });
}
