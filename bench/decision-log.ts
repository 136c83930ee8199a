// Decision-log benchmarks: appends per second (single and batched), replay events per second over a
// generated log of 1,000,000 events, and re-score cases per second. Runs in a private schema.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { summarise, type CaseSummary } from '../services/analysis/case-summary';
import { rescore } from '../services/analysis/rescore';
import { loadConfig } from '../services/core/config';
import { createDb } from '../services/core/db/database';
import { dropSchema, provisionSchema } from '../services/core/db/provision';
import type { NewLogEntry } from '../services/core/log/events';
import { replayCases } from '../services/core/log/replay';
import { commitStep } from '../services/core/log/step';
import { readLog } from '../services/core/log/store';
import { loadPolicyFile } from '../services/route/policy';
import { CATEGORIES } from '../services/classify/signals/types';

export interface Figure { name: string; value: number; unit: string; detail: string }

function entry(i: number, kind: 'classified' | 'allowed'): NewLogEntry {
  const caseId = `bench:p${i}`;
  const scores = Object.fromEntries(CATEGORIES.map((c, k) => [c, ((i * 31 + k * 17) % 100) / 100]));
  return {
    eventId: `bench-${i}-${kind}`, tenantId: 'bench', caseId,
    event: kind === 'classified'
      ? { type: 'PostClassified', data: { postId: `p${i}`, authorId: `m${i % 1000}`, tier: 'free', accountAgeDays: 10, priorStrikes: 0, audienceSize: 100, isPublic: true, language: 'en', productTopic: null, scores, isQuestion: false, topic: null, createdAt: 0 } }
      : { type: 'AutoAllowed', data: { action: 'allow', reasonCode: 'AUTO_ALLOW', drivers: [], queue: null, severity: null, priority: 0, slaDeadline: null } },
    policyVersion: 'bench', modelVersions: { rules: '1.0.0' }, thresholds: null, actor: { type: 'system', id: 'bench' },
    causationId: `bench-${i}`, correlationId: `bench-${i}`, traceId: null, occurredAt: new Date(1_795_000_000_000 + i),
  };
}

/** Bulk-loads `pairs` cases (two events each) with SQL, fast enough to reach a million rows. */
async function generateLog(db: ReturnType<typeof createDb>, pairs: number, offset: number): Promise<void> {
  const scores = `jsonb_build_object(${CATEGORIES.map((c, k) => `'${c}', ((g*31 + ${k * 17}) % 100) / 100.0`).join(', ')})`;
  await sql.raw(`
    insert into decision_log (seq, event_id, tenant_id, case_id, event_type, payload, policy_version, model_versions, thresholds, actor_type, actor_id, actor_role, causation_id, correlation_id, trace_id, occurred_at, recorded_at, prev_hash, hash)
    select nextval('decision_log_seq'), 'gen-' || g || '-' || k, 'bench', 'bench:g' || g,
      case when k = 0 then 'PostClassified' else 'AutoAllowed' end,
      case when k = 0 then jsonb_build_object('postId', 'g' || g, 'authorId', 'm' || (g % 1000), 'tier', 'free', 'accountAgeDays', 10, 'priorStrikes', 0, 'audienceSize', 100, 'isPublic', true, 'language', 'en', 'productTopic', null, 'scores', ${scores}, 'isQuestion', false, 'topic', null, 'createdAt', 0)
           else jsonb_build_object('action', 'allow', 'reasonCode', 'AUTO_ALLOW', 'drivers', '[]'::jsonb, 'queue', null, 'severity', null, 'priority', 0, 'slaDeadline', null) end,
      'bench', '{"rules":"1.0.0"}'::jsonb, null, 'system', 'bench', null, 'gen-' || g, 'gen-' || g, null,
      to_timestamp(1795000000 + g), now(), 'generated', md5(g::text || k::text)
    from generate_series(${offset + 1}, ${offset + pairs}) g, generate_series(0, 1) k
    order by g, k`).execute(db);
}

export async function benchDecisionLog(opts: { replayEvents: number; log: (s: string) => void }): Promise<Figure[]> {
  const config = loadConfig();
  const schema = `bench_${randomBytes(3).toString('hex')}`;
  await provisionSchema(config.databaseOwnerUrl, schema);
  const db = createDb(config.databaseUrl, schema);
  const owner = createDb(config.databaseOwnerUrl, schema, 1);
  const figures: Figure[] = [];
  try {
    const singles = 2_000;
    let t = performance.now();
    for (let i = 0; i < singles; i++) await db.transaction().execute((tx) => commitStep(tx, [entry(i, 'classified')], new Date()));
    let s = (performance.now() - t) / 1000;
    figures.push({ name: 'log appends, single (1 event per transaction, with projection and outbox)', value: singles / s, unit: 'events/s', detail: `${singles} appends in ${s.toFixed(2)} s` });
    opts.log(`  single appends: ${Math.round(singles / s)} events/s`);

    const batches = 100;
    const batchSize = 200;
    t = performance.now();
    for (let b = 0; b < batches; b++) {
      const entries = Array.from({ length: batchSize }, (_, k) => entry(singles + b * batchSize + k, k % 2 === 0 ? 'classified' : 'allowed'));
      await db.transaction().execute((tx) => commitStep(tx, entries, new Date()));
    }
    s = (performance.now() - t) / 1000;
    figures.push({ name: `log appends, batched (${batchSize} events per transaction)`, value: (batches * batchSize) / s, unit: 'events/s', detail: `${batches * batchSize} appends in ${s.toFixed(2)} s` });
    opts.log(`  batched appends: ${Math.round((batches * batchSize) / s)} events/s`);

    opts.log(`  generating ${opts.replayEvents.toLocaleString()} log events for replay…`);
    const pairs = Math.ceil(opts.replayEvents / 2);
    for (let done = 0; done < pairs; done += 100_000) await generateLog(owner, Math.min(100_000, pairs - done), done);
    await sql`analyze decision_log`.execute(owner);

    const replay = await replayCases(db);
    figures.push({ name: 'replay (read from PostgreSQL + fold into case state)', value: replay.events / replay.seconds, unit: 'events/s', detail: `${replay.events} events, ${replay.states.size} cases in ${replay.seconds.toFixed(2)} s` });
    opts.log(`  replay: ${Math.round(replay.events / replay.seconds)} events/s over ${replay.events} events`);

    const cases = new Map<string, CaseSummary>();
    for await (const page of readLog(db, { pageSize: 10_000 })) summarise(cases, page);
    const policy = loadPolicyFile(join(__dirname, '..', 'policies', 'default.yaml'));
    t = performance.now();
    const report = rescore(cases.values(), policy, Date.now());
    s = (performance.now() - t) / 1000;
    figures.push({ name: 're-score (evaluate a policy over case summaries, in memory)', value: report.casesEvaluated / s, unit: 'cases/s', detail: `${report.casesEvaluated} cases in ${s.toFixed(2)} s, ${report.changed} would change` });
    opts.log(`  rescore: ${Math.round(report.casesEvaluated / s)} cases/s`);
  } finally {
    await db.destroy();
    await owner.destroy();
    await dropSchema(config.databaseOwnerUrl, schema);
  }
  return figures;
}
