// Avro in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body) through a real
// Confluent-compatible registry. Decoding failures become RejectedRecord with a reason a human can act on;
// registry outages stay retriable.
import { SchemaRegistry, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import { RejectedRecord } from '../errors';
import { resolveSchema } from '../schemas';
import type { TopicDefinition } from '../topics';

const HEADER_BYTES = 5;

export class AvroCodec {
  private readonly registry: SchemaRegistry;
  private readonly idBySubject = new Map<string, number>();

  constructor(private readonly registryUrl: string) {
    this.registry = new SchemaRegistry({ host: registryUrl, retry: { retries: 3 } });
  }

  /** Registers each topic's value schema under `<topic>-value` with BACKWARD compatibility. */
  async registerTopics(topics: readonly TopicDefinition[]): Promise<Map<string, number>> {
    for (const topic of topics) {
      if (topic.valueSchema === 'raw') continue;
      const schema = JSON.stringify(resolveSchema(topic.valueSchema));
      const subject = `${topic.name}-value`;
      await this.setBackwardCompatibility(subject);
      const { id } = await this.registry.register(
        { type: 'AVRO' as never, schema },
        { subject, compatibility: COMPATIBILITY.BACKWARD },
      );
      this.idBySubject.set(subject, id);
    }
    return new Map(this.idBySubject);
  }

  /**
   * Sets the subject's compatibility explicitly before registering. Apicurio reports NONE for a subject
   * without its own config (Confluent answers 404), and the client refuses to register on a mismatch.
   */
  private async setBackwardCompatibility(subject: string): Promise<void> {
    const res = await fetch(`${this.registryUrl}/config/${encodeURIComponent(subject)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'BACKWARD' }),
    });
    if (!res.ok) throw new Error(`schema registry refused compatibility for ${subject}: HTTP ${res.status} ${await res.text()}`);
  }

  /** Encodes `value` with the latest schema registered for the topic. Throws if the value does not fit. */
  async encode(topic: string, value: unknown): Promise<Buffer> {
    const subject = `${topic}-value`;
    let id = this.idBySubject.get(subject);
    if (id === undefined) {
      id = await this.registry.getLatestSchemaId(subject);
      this.idBySubject.set(subject, id);
    }
    return this.registry.encode(id, value);
  }

  async decode(buffer: Buffer | null): Promise<unknown> {
    if (!buffer || buffer.length === 0) throw new RejectedRecord('value: empty record (tombstone or zero bytes)', 'value');
    if (buffer.length < HEADER_BYTES || buffer[0] !== 0) {
      const first = buffer[0] ?? 0;
      throw new RejectedRecord(
        `value: not Confluent-framed Avro (first byte 0x${first.toString(16).padStart(2, '0')}, expected magic byte 0x00 and a 4-byte schema id)`,
        'value',
      );
    }
    const schemaId = buffer.readInt32BE(1);
    try {
      await this.registry.getSchema(schemaId);
    } catch (err) {
      if (isNotFound(err)) throw new RejectedRecord(`value: unknown schema id ${schemaId} (not in the schema registry)`, 'value');
      throw err;
    }
    try {
      return await this.registry.decode(buffer);
    } catch (err) {
      throw new RejectedRecord(`value: Avro body does not match schema id ${schemaId}: ${err instanceof Error ? err.message : String(err)}`, 'value');
    }
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'status' in err && (err).status === 404;
}
