// ingest: validates and normalises upstream posts from community.posts and from POST /v1/posts.
import { StageRunner } from '../core/kafka/stage-runner';
import { createRuntime, runMain, stageRunnerDeps } from '../core/runtime';
import { createIngestHandler } from './handler';
import { registerPostsApi } from './http-api';

export async function startIngest(rt = createRuntime('ingest')): Promise<StageRunner<unknown>> {
  const deps = stageRunnerDeps(rt, ['community.posts']);
  const runner = new StageRunner(createIngestHandler(), deps);
  registerPostsApi(rt.http, { producer: deps.producer, codec: rt.codec, topics: rt.topics });
  rt.closers.push(() => runner.stop());
  await runner.start();
  return runner;
}

if (require.main === module) {
  const rt = createRuntime('ingest');
  void runMain(rt, async () => {
    await startIngest(rt);
  });
}
