// Every policy version that routes a decision is itself in the log first (PolicyPublished, with the full
// policy and its hash), so a decision's policy_version can always be resolved to exact rules.
import type { Tx } from '../core/db/database';
import { appendEntries } from '../core/log/store';
import { policyHash, type Policy } from './policy';

export function policyEventId(policy: Policy, hash = policyHash(policy)): string {
  return `policy:${policy.tenant}:${policy.version}:${hash.slice(0, 16)}`;
}

/** Appends PolicyPublished unless this exact policy already is in the log; returns its log sequence. */
export async function ensurePolicyPublished(tx: Tx, policy: Policy, now: Date, actorId = 'route', why?: string): Promise<number> {
  const hash = policyHash(policy);
  const eventId = policyEventId(policy, hash);
  const appended = await appendEntries(
    tx,
    [
      {
        eventId,
        tenantId: policy.tenant,
        caseId: `policy:${policy.tenant}`,
        event: { type: 'PolicyPublished', data: { version: policy.version, hash, policy } },
        policyVersion: policy.version,
        modelVersions: {},
        thresholds: null,
        actor: { type: 'system', id: actorId },
        causationId: why ?? null,
        correlationId: null,
        traceId: null,
        occurredAt: now,
      },
    ],
    now,
  );
  if (appended[0]) return appended[0].seq;
  const existing = await tx.selectFrom('decision_log').select('seq').where('event_id', '=', eventId).executeTakeFirstOrThrow();
  return Number(existing.seq);
}
