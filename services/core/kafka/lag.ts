// Consumer lag, computed the way operators reason about it: for each input partition, the latest
// offset minus the group's committed offset (a group that never committed lags by the whole partition).
import type { Admin } from 'kafkajs';

export async function consumerLag(admin: Admin, groupId: string, topics: string[]): Promise<Array<{ topic: string; partition: number; lag: number }>> {
  const out: Array<{ topic: string; partition: number; lag: number }> = [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const { topic, partitions } of committed) {
    const latest = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
    for (const p of partitions) {
      const end = latest.get(p.partition) ?? 0;
      const at = Number(p.offset) < 0 ? Number((await admin.fetchTopicOffsets(topic)).find((x) => x.partition === p.partition)?.low ?? 0) : Number(p.offset);
      out.push({ topic, partition: p.partition, lag: Math.max(0, end - at) });
    }
  }
  return out;
}
