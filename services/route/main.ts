// route: applies the tenant's policy to each classified post and appends the decision to the log, all in
// one transaction with the case projection, the outbox and the consumer position. Review tasks are
// derived from the log afterwards, so a redelivered post re-sends its task instead of deciding again.
import type { PhaseTimer } from '../core/kafka/phase-timer';
import { StageRunner, type InboundRecord, type OutboundRecord, type RecordResult, type StageHandler } from '../core/kafka/stage-runner';
import { appliedPositions, savePosition } from '../core/db/positions';
import type { LogEntry, NewLogEntry } from '../core/log/events';
import { loadCases } from '../core/log/projection';
import { commitStep } from '../core/log/step';
import { createRouteMetrics } from '../core/http/metrics';
import { toEntry } from '../core/log/store';
import { createRuntime, groupId, runMain, stageRunnerDeps, type Runtime } from '../core/runtime';
import { decide } from './decider';
import { acceptClassified, factsFrom, routeEntries, traceIdFrom, type ClassifiedPost } from './facts';
import { ensurePolicyPublished, policyEventId } from './policy-log';
import { PolicyStore } from './policy-store';
import { PublishedPolicies } from './published-policies';
import { reviewTaskFor } from './review-task';

/** Log entries appended per statement: each is ~15 bind parameters, and PostgreSQL allows 65,535. */
const MAX_PENDING_ENTRIES = 500;

export function createRouteHandler(rt: Runtime, policies: PolicyStore, group: string, clock: () => number = Date.now): StageHandler<ClassifiedPost> {
  const publishedSeq = new Map<string, number>();
  const published = new PublishedPolicies(rt.db);
  const metrics = createRouteMetrics(rt.metrics.registry);
  return {
    name: 'route',
    inputs: ['moderation.classified'],
    accept: acceptClassified,
    handleBatch: async (records: InboundRecord<ClassifiedPost>[], phases: PhaseTimer): Promise<RecordResult[]> => {
      const topic = rt.topics.name('moderation.classified');
      const counted: Array<{ action: string; policy_version: string }> = [];
      await phases.time('route db transaction', () => rt.db.transaction().execute(async (tx) => {
        const positions = await appliedPositions(tx, group, topic, [...new Set(records.map((r) => r.partition))]);
        const fresh = records.filter((r) => BigInt(r.offset) >= (positions.get(r.partition) ?? 0n));
        // One case read and one log append per batch (per 500 entries) instead of one per record. A case
        // seen twice in a batch, or a policy about to be published, first flushes what is pending, so
        // every decision still sees the state and log order it saw before.
        const states = await loadCases(tx, fresh.map((r) => r.value.case_id));
        let pending: NewLogEntry[] = [];
        const pendingCases = new Set<string>();
        const flush = async () => {
          if (pending.length === 0) return;
          const appended = await commitStep(tx, pending, new Date(clock()));
          for (const e of appended) if (e.event.type !== 'PostClassified' && 'action' in e.event.data) counted.push({ action: String(e.event.data.action), policy_version: e.policyVersion ?? '' });
          for (const [caseId, state] of await loadCases(tx, [...pendingCases])) states.set(caseId, state);
          pending = [];
          pendingCases.clear();
        };
        for (const r of fresh) {
          if (pendingCases.has(r.value.case_id) || pending.length >= MAX_PENDING_ENTRIES) await flush();
          const now = clock();
          const tenantId = r.value.post.tenant_id;
          const filePolicy = policies.current(tenantId);
          const key = policyEventId(filePolicy);
          if (!publishedSeq.has(key)) {
            await flush();
            publishedSeq.set(key, await ensurePolicyPublished(tx, filePolicy, new Date(now)));
          }
          await published.refresh();
          const policy = published.effective(tenantId, filePolicy, publishedSeq.get(key) ?? null);
          const events = decide({ type: 'RoutePost', facts: factsFrom(r.value), policy, now }, states.get(r.value.case_id) ?? null);
          pending.push(...routeEntries(r.value, events, policy, now, traceIdFrom(r.headers)));
          pendingCases.add(r.value.case_id);
          positions.set(r.partition, BigInt(r.offset) + 1n);
        }
        await flush();
        for (const [partition, next] of positions) await savePosition(tx, group, topic, partition, next);
      }));
      // Counted only once the transaction has committed, so a retried batch is not counted twice.
      for (const labels of counted) metrics.count(labels);
      const logged = await rt.db.selectFrom('decision_log').selectAll().where('causation_id', 'in', records.map((r) => r.value.post.event_id)).orderBy('seq').execute();
      const byCause = new Map<string, LogEntry[]>();
      for (const row of logged.map(toEntry)) byCause.set(row.causationId ?? '', [...(byCause.get(row.causationId ?? '') ?? []), row]);
      return records.map((r) => {
        const out: OutboundRecord[] = [];
        for (const entry of byCause.get(r.value.post.event_id) ?? []) {
          const task = reviewTaskFor(entry, r.value);
          if (task) out.push({ topic: 'review.tasks', key: entry.caseId, value: task });
        }
        return { ok: true, out };
      });
    },
  };
}

export async function startRoute(rt = createRuntime('route')): Promise<StageRunner<ClassifiedPost>> {
  const policies = PolicyStore.fromDir(rt.config.policiesDir, rt.log);
  const group = groupId(rt);
  const runner = new StageRunner(createRouteHandler(rt, policies, group), stageRunnerDeps(rt, ['moderation.classified'], group));
  rt.closers.push(() => runner.stop());
  await runner.start();
  return runner;
}

if (require.main === module) {
  const rt = createRuntime('route');
  void runMain(rt, async () => {
    await startRoute(rt);
  });
}
