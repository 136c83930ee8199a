// Consumer positions stored in the same transaction as the effects they account for. A record at or
// below the stored position was already applied, whatever Kafka's committed offset says.
import type { Tx } from './database';

export async function appliedPositions(tx: Tx, group: string, topic: string, partitions: number[]): Promise<Map<number, bigint>> {
  if (partitions.length === 0) return new Map();
  const rows = await tx
    .selectFrom('consumer_positions')
    .select(['partition', 'next_offset'])
    .where('consumer_group', '=', group)
    .where('topic', '=', topic)
    .where('partition', 'in', partitions)
    .execute();
  return new Map(rows.map((r) => [r.partition, BigInt(r.next_offset)]));
}

export async function savePosition(tx: Tx, group: string, topic: string, partition: number, nextOffset: bigint): Promise<void> {
  await tx
    .insertInto('consumer_positions')
    .values({ consumer_group: group, topic, partition, next_offset: nextOffset.toString() })
    .onConflict((oc) => oc.columns(['consumer_group', 'topic', 'partition']).doUpdateSet({ next_offset: nextOffset.toString() }))
    .execute();
}
