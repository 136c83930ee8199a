// classify: scores each enriched post with every signal, in batches, and passes it on.
import { RejectedRecord } from '../core/errors';
import { StageRunner, type StageHandler } from '../core/kafka/stage-runner';
import { createRuntime, runMain, stageRunnerDeps } from '../core/runtime';
import type { ValidPost } from '../ingest/validate';
import type { PostContext } from '../enrich/decider';
import { classificationRecord } from './decider';
import { createClassifyMetrics, servedModels } from '../core/http/metrics';
import type { Classifier } from './signals/types';
import { loadClassifier } from './load-classifier';

interface EnrichedPost {
  post: ValidPost;
  case_id: string;
  ingested_at: number;
  context: PostContext;
}

function acceptEnriched(value: unknown): EnrichedPost {
  const v = value as Partial<EnrichedPost>;
  if (!v.post || !v.context || typeof v.case_id !== 'string') throw new RejectedRecord('post: missing post, context or case_id', 'post');
  return v as EnrichedPost;
}

export function createClassifyHandler(classifier: Classifier, metrics: ReturnType<typeof createClassifyMetrics> | null = null, clock: () => number = Date.now): StageHandler<EnrichedPost> {
  return {
    name: 'classify',
    inputs: ['moderation.enriched'],
    accept: acceptEnriched,
    handleBatch: async (records, phases) => {
      const timer = metrics?.modelSeconds.startTimer({ model: 'ensemble' });
      const results = await classifier.classifyBatch(records.map((r) => ({ id: r.value.case_id, text: r.value.post.text, language: r.value.context.language })), phases);
      timer?.();
      const now = clock();
      return records.map((r, i) => ({
        ok: true as const,
        out: [{ topic: 'moderation.classified' as const, key: r.value.case_id, value: { ...r.value, classification: classificationRecord(results[i]!, now, results[i]!.shadowScores ?? null) } }],
      }));
    },
  };
}

export async function startClassify(rt = createRuntime('classify')): Promise<StageRunner<EnrichedPost>> {
  const classifier = await loadClassifier(rt.config.modelsDir, rt.log);
  const metrics = createClassifyMetrics(rt.metrics.registry, () => servedModels(classifier.versions, classifier.shadowVersions));
  const runner = new StageRunner(createClassifyHandler(classifier, metrics), stageRunnerDeps(rt, ['moderation.enriched']));
  rt.closers.push(() => runner.stop());
  await runner.start();
  return runner;
}

if (require.main === module) {
  const rt = createRuntime('classify');
  void runMain(rt, async () => {
    await startClassify(rt);
  });
}
