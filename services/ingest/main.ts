// ingest: validates and normalises upstream posts from community.posts and from POST /v1/posts.
import { createConsumer, createProducer } from '../core/kafka/client';
import { StageRunner } from '../core/kafka/stage-runner';
import { createRuntime, groupId, runMain } from '../core/runtime';
import { createIngestHandler } from './handler';
import { registerPostsApi } from './http-api';

export async function startIngest(rt = createRuntime('ingest')): Promise<StageRunner<unknown>> {
  const producer = createProducer(rt.kafka);
  const runner = new StageRunner(createIngestHandler(), {
    consumer: createConsumer(rt.kafka, groupId(rt)),
    producer,
    codec: rt.codec,
    topics: rt.topics,
    log: rt.log,
    metrics: rt.metrics,
  });
  registerPostsApi(rt.http, { producer, codec: rt.codec, topics: rt.topics });
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
