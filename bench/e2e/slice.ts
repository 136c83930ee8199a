// A private slice of the shared broker, registry and PostgreSQL for one system under test: its own topic
// prefix (hence consumer groups), registry subjects and database schema, all removed by remove(). The
// same provisioning functions the test harness uses, without jest.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { VigilConfig } from '../../services/core/config';
import { dropSchema, provisionSchema } from '../../services/core/db/provision';
import { AvroCodec } from '../../services/core/kafka/avro';
import { deleteTopics, provisionTopics } from '../../services/core/kafka/provision-topics';
import { TopicNames } from '../../services/core/topics';

export interface Slice {
  prefix: string;
  databaseSchema: string | null;
  topics: TopicNames;
  codec: AvroCodec;
  remove(): Promise<void>;
}

async function deleteSubjects(registryUrl: string, subjects: string[]): Promise<void> {
  for (const subject of subjects) {
    const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
    // Soft delete first; the permanent delete is refused by registries that require it.
    await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** Topics and subjects always; a migrated database schema only when `withDatabase` (the baseline needs none). */
export async function createSlice(system: string, config: VigilConfig, kafka: Kafka, withDatabase: boolean): Promise<Slice> {
  const id = `${system}_${randomBytes(3).toString('hex')}`;
  const prefix = `bench.${id}.`;
  const databaseSchema = withDatabase ? `bench_${id}` : null;
  const topics = new TopicNames(prefix);
  const codec = new AvroCodec(config.registryUrl);
  const subjects = topics.all.filter((t) => t.valueSchema !== 'raw').map((t) => `${t.name}-value`);
  const remove = async () => {
    await deleteTopics(kafka, topics.all.map((t) => t.name)).catch((err: unknown) => console.error(`could not delete the ${prefix}* topics:`, err));
    if (databaseSchema) await dropSchema(config.databaseOwnerUrl, databaseSchema).catch((err: unknown) => console.error(`could not drop schema ${databaseSchema}:`, err));
    await deleteSubjects(config.registryUrl, subjects);
  };
  try {
    if (databaseSchema) await provisionSchema(config.databaseOwnerUrl, databaseSchema);
    await provisionTopics(kafka, topics.all);
    await codec.registerTopics(topics.all);
  } catch (err) {
    await remove();
    throw err;
  }
  return { prefix, databaseSchema, topics, codec, remove };
}
