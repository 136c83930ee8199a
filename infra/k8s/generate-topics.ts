// Writes infra/k8s/base/kafka-topics.yaml (Strimzi KafkaTopic resources) from topics.yaml, so the cluster's
// topics cannot drift from the ones `vigil provision` creates locally. Run after editing topics.yaml:
//   npx tsx infra/k8s/generate-topics.ts
// test/infra/manifests.unit.test.ts fails when the checked-in file differs from this output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadTopics, type TopicDefinition } from '../../services/core/topics';

/** Three brokers: a topic survives one broker down while acks=-1 producers still get two in-sync copies. */
export const REPLICAS = 3;
export const MIN_INSYNC_REPLICAS = 2;
export const STRIMZI_CLUSTER = 'vigil';
export const OUTPUT = join(__dirname, 'base', 'kafka-topics.yaml');

/** Kubernetes names are lower-case DNS subdomains; spec.topicName keeps the real Kafka name regardless. */
export function resourceName(topic: string): string {
  return topic.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

export function kafkaTopic(t: TopicDefinition): Record<string, unknown> {
  return {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name: resourceName(t.name), labels: { 'strimzi.io/cluster': STRIMZI_CLUSTER, 'app.kubernetes.io/part-of': 'vigil' } },
    spec: {
      topicName: t.name,
      partitions: t.partitions,
      replicas: REPLICAS,
      config: { 'retention.ms': t.retentionMs, 'cleanup.policy': t.cleanupPolicy, 'min.insync.replicas': MIN_INSYNC_REPLICAS },
    },
  };
}

export function renderKafkaTopics(topics: readonly TopicDefinition[]): string {
  const header = '# GENERATED from topics.yaml by infra/k8s/generate-topics.ts. Do not edit; run `npx tsx infra/k8s/generate-topics.ts`.\n';
  return header + topics.map((t) => `---\n${stringify(kafkaTopic(t))}`).join('');
}

if (require.main === module) {
  // No prefix: VIGIL_TOPIC_PREFIX is for isolating test suites, a cluster uses the plain names.
  writeFileSync(OUTPUT, renderKafkaTopics(loadTopics()));
  console.log(`wrote ${OUTPUT}`);
}
