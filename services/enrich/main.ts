// enrich: adds member, space, policy and language context to each ingested post.
import { RejectedRecord } from '../core/errors';
import { StageRunner, type StageHandler } from '../core/kafka/stage-runner';
import { createRuntime, runMain, stageRunnerDeps, type Runtime } from '../core/runtime';
import type { ValidPost } from '../ingest/validate';
import { PolicyStore } from '../route/policy-store';
import { buildContext } from './decider';
import { recordAndReadMemberFacts } from './member-facts';

interface IngestedPost {
  post: ValidPost;
  case_id: string;
  ingested_at: number;
}

function acceptIngested(value: unknown): IngestedPost {
  const v = value as Partial<IngestedPost>;
  if (!v.post || typeof v.case_id !== 'string' || !v.post.tenant_id) throw new RejectedRecord('post: missing post, case_id or tenant_id', 'post');
  return v as IngestedPost;
}

export function createEnrichHandler(rt: Runtime, policies: PolicyStore): StageHandler<IngestedPost> {
  return {
    name: 'enrich',
    inputs: ['moderation.ingested'],
    accept: acceptIngested,
    handleBatch: async (records, phases) => {
      const posts = records.map(({ value: { post } }) => ({ tenantId: post.tenant_id, memberId: post.author.member_id, eventId: post.event_id, postedAt: post.created_at }));
      const facts = await phases.time('enrich db member facts', () => recordAndReadMemberFacts(rt.db, posts));
      return records.map((r, i) => {
        const { post } = r.value;
        const context = buildContext(post, facts[i] ?? { priorStrikes: 0, postsLastHour: 0 }, policies.current(post.tenant_id).version);
        return { ok: true as const, out: [{ topic: 'moderation.enriched' as const, key: r.value.case_id, value: { ...r.value, context } }] };
      });
    },
  };
}

export async function startEnrich(rt = createRuntime('enrich')): Promise<StageRunner<IngestedPost>> {
  const policies = PolicyStore.fromDir(rt.config.policiesDir, rt.log);
  const runner = new StageRunner(createEnrichHandler(rt, policies), stageRunnerDeps(rt, ['moderation.ingested']));
  rt.closers.push(() => runner.stop());
  await runner.start();
  return runner;
}

if (require.main === module) {
  const rt = createRuntime('enrich');
  void runMain(rt, async () => {
    await startEnrich(rt);
  });
}
