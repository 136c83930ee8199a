// Tamper evidence: each row's hash covers its own content and the previous row's hash, so editing,
// deleting or reordering any row breaks every hash after it.
import { createHash } from 'node:crypto';
import type { LogEntry } from './events';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function rowHash(prevHash: string, row: Omit<LogEntry, 'hash' | 'prevHash'>): string {
  const content = canonicalJson({
    seq: row.seq,
    eventId: row.eventId,
    tenantId: row.tenantId,
    caseId: row.caseId,
    type: row.event.type,
    data: row.event.data,
    policyVersion: row.policyVersion,
    modelVersions: row.modelVersions,
    thresholds: row.thresholds,
    actor: row.actor,
    causationId: row.causationId,
    correlationId: row.correlationId,
    traceId: row.traceId,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export interface ChainBreak {
  seq: number;
  eventId: string;
  problem: 'hash mismatch' | 'broken link';
}

/** Checks rows in sequence order; returns the first broken row, or null when the chain holds. */
export function verifyChain(rows: Iterable<LogEntry>, startPrevHash = GENESIS_HASH): { checked: number; firstBreak: ChainBreak | null; lastHash: string } {
  let prev = startPrevHash;
  let checked = 0;
  for (const row of rows) {
    if (row.prevHash !== prev) return { checked, firstBreak: { seq: row.seq, eventId: row.eventId, problem: 'broken link' }, lastHash: prev };
    if (rowHash(prev, row) !== row.hash) return { checked, firstBreak: { seq: row.seq, eventId: row.eventId, problem: 'hash mismatch' }, lastHash: prev };
    prev = row.hash;
    checked += 1;
  }
  return { checked, firstBreak: null, lastHash: prev };
}
