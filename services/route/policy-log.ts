// Every policy version that routes a decision is itself in the log first (PolicyPublished, with the full
// policy and its hash), so a decision's policy_version can always be resolved to exact rules.
import type { Tx } from '../core/db/database';
import { appendEntries } from '../core/log/store';
import { policyHash, type Policy } from './policy';

export function policyEventId(policy: Policy, hash = policyHash(policy)): string {
  return `policy:${policy.tenant}:${policy.version}:${hash.slice(0, 16)}`;
}

export async function ensurePolicyPublished(tx: Tx, policy: Policy, now: Date, actorId = 'route'): Promise<boolean> {
  const hash = policyHash(policy);
  const appended = await appendEntries(
    tx,
    [
      {
        eventId: policyEventId(policy, hash),
        tenantId: policy.tenant,
        caseId: `policy:${policy.tenant}`,
        event: { type: 'PolicyPublished', data: { version: policy.version, hash, policy } },
        policyVersion: policy.version,
        modelVersions: {},
        thresholds: null,
        actor: { type: 'system', id: actorId },
        causationId: null,
        correlationId: null,
        traceId: null,
        occurredAt: now,
      },
    ],
    now,
  );
  return appended.length > 0;
}
