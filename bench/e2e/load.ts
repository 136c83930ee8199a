// The load side of a run: a producer that pushes real posts onto community.posts (paced at a fixed rate,
// or as fast as it can), and a collector on `decisions` that matches each arrival to its produce time by
// case (tenant:post id). Both live in the benchmark process, so one monotonic clock times both ends.
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { createConsumer, createProducer } from '../../services/core/kafka/client';
import type { Slice } from './slice';

const TENANT = 'bench';
const TIERS = ['free', 'free', 'free', 'paid', 'enterprise'];
const TICK_MS = 5;
const BURST_CHUNK = 250; // posts per request: ~2 KB at most each (texts are capped), so under 1 MB
const BURST_IN_FLIGHT = 8;

export interface Arrival {
  sentAt: number;
  arrivedAt: number;
  /** The decision's action (pipeline), or null when the system forwards opaque bytes (baseline). */
  action: string | null;
}

export interface RunOutcome {
  sent: number;
  firstSentAt: number;
  lastSentAt: number;
  arrivals: Arrival[];
}

interface Matched {
  caseId: string;
  action: string | null;
}

export class LoadDriver {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly pending = new Map<string, number>();
  private arrivals: Arrival[] = [];
  private sequence = 0;

  constructor(
    kafka: Kafka,
    private readonly slice: Slice,
    private readonly texts: readonly string[],
    /** The baseline forwards the posts themselves, so only the pipeline's records carry an action. */
    private readonly decodesDecisions: boolean,
  ) {
    if (texts.length === 0) throw new Error('texts: at least one post text is needed');
    this.producer = createProducer(kafka);
    this.consumer = createConsumer(kafka, `${slice.prefix}bench-collector`);
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    const joined = new Promise<void>((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    await this.consumer.subscribe({ topic: this.slice.topics.name('decisions'), fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        const arrivedAt = performance.now(); // before decoding, so the collector's own work is not counted
        for (const message of batch.messages) {
          const matched = await this.match(message);
          const sentAt = matched ? this.pending.get(matched.caseId) : undefined;
          if (!matched || sentAt === undefined) continue; // a later decision on the same case, or not ours
          this.pending.delete(matched.caseId);
          this.arrivals.push({ sentAt, arrivedAt, action: matched.action });
        }
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Sends `count` posts at `rate` per second (null: as fast as possible) and waits until they arrived or stalled. */
  async run(count: number, rate: number | null, stallMs: number): Promise<RunOutcome> {
    this.reset();
    const messages = await this.encodePosts(count);
    const firstSentAt = performance.now();
    if (rate === null) await this.sendBurst(messages);
    else await this.sendPaced(messages, rate);
    const lastSentAt = performance.now();
    await this.drain(stallMs);
    return { sent: count, firstSentAt, lastSentAt, arrivals: this.arrivals };
  }

  /** Forgets earlier posts: a late arrival from a previous run is then ignored. */
  reset(): void {
    this.arrivals = [];
    this.pending.clear();
  }

  /** Arrivals since the last reset(). */
  arrived(): readonly Arrival[] {
    return this.arrivals;
  }

  private async match(message: KafkaMessage): Promise<Matched | null> {
    if (!this.decodesDecisions) return message.key ? { caseId: message.key.toString(), action: null } : null;
    const value = (await this.slice.codec.decode(message.value)) as { tenant_id?: unknown; post_id?: unknown; action?: unknown };
    if (typeof value.tenant_id !== 'string' || typeof value.post_id !== 'string') return null;
    return { caseId: `${value.tenant_id}:${value.post_id}`, action: typeof value.action === 'string' ? value.action : null };
  }

  /** Encoded before the clock starts, so the producer's Avro work does not throttle the offered load. */
  async encodePosts(count: number): Promise<Message[]> {
    const topic = this.slice.topics.name('community.posts');
    const out: Message[] = [];
    for (let k = 0; k < count; k++) {
      const i = this.sequence++;
      const postId = `bench-${i}`;
      const value = {
        schema_version: 1, event_id: randomUUID(), tenant_id: TENANT, post_id: postId, thread_id: `thread-${i % 97}`, topic_id: null,
        author: { member_id: `member-${i % 211}`, account_age_days: (i * 37) % 900, tier: TIERS[i % TIERS.length] ?? 'free' },
        is_public: i % 7 !== 0, audience_size: (i * 131) % 20_000, language: null, text: this.texts[i % this.texts.length]!, links: [], created_at: Date.now(),
      };
      out.push({ key: `${TENANT}:${postId}`, value: await this.slice.codec.encode(topic, value) });
    }
    return out;
  }

  private send(messages: Message[]): Promise<unknown> {
    const sentAt = performance.now();
    for (const m of messages) this.pending.set(String(m.key), sentAt);
    return this.producer.send({ topic: this.slice.topics.name('community.posts'), acks: -1, messages });
  }

  private async sendBurst(messages: Message[]): Promise<void> {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < messages.length; i += BURST_CHUNK) {
      const p = this.send(messages.slice(i, i + BURST_CHUNK)).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= BURST_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  }

  /** Every tick sends what is due by now, so a late tick catches up instead of lowering the rate. */
  async sendPaced(messages: Message[], rate: number): Promise<void> {
    const started = performance.now();
    const sends: Array<Promise<unknown>> = [];
    let next = 0;
    while (next < messages.length) {
      const due = Math.min(messages.length, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
      // A late tick owes many posts at high rates; chunks keep each request under the broker's
      // message.max.bytes (1 MB), which would otherwise refuse it.
      while (next < due) {
        const end = Math.min(due, next + BURST_CHUNK);
        sends.push(this.send(messages.slice(next, end)));
        next = end;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    await Promise.all(sends);
  }

  /** Until every post arrived, or nothing arrived for `stallMs` (a system that cannot keep up is reported, not waited on forever). */
  async drain(stallMs: number): Promise<void> {
    let seen = this.arrivals.length;
    let lastProgress = performance.now();
    while (this.pending.size > 0 && performance.now() - lastProgress < stallMs) {
      await new Promise((r) => setTimeout(r, 50));
      if (this.arrivals.length !== seen) {
        seen = this.arrivals.length;
        lastProgress = performance.now();
      }
    }
  }
}
