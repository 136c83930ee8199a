// When a reviewer removes a post the policy had auto-allowed, publish a tightened policy version for
// the tenant and log why (ThresholdTightened), inside the same transaction as the review decision.
import type { Tx } from '../core/db/database';
import type { CaseState } from '../core/log/case-state';
import { appendEntries, readCase } from '../core/log/store';
import type { Policy } from '../route/policy';
import { ensurePolicyPublished, policyEventId } from '../route/policy-log';
import type { PolicyStore } from '../route/policy-store';
import { latestPublished } from '../route/published-policies';
import { tightenPolicy } from '../route/tighten';

async function policyInForce(tx: Tx, policies: PolicyStore, tenantId: string): Promise<Policy> {
  const file = policies.current(tenantId);
  const fileRow = await tx.selectFrom('decision_log').select('seq').where('event_id', '=', policyEventId(file)).executeTakeFirst();
  const own = (await latestPublished(tx)).get(tenantId);
  return own && (!fileRow || own.seq > Number(fileRow.seq)) ? own.policy : file;
}

export async function tightenAfterFalseAllow(
  tx: Tx,
  policies: PolicyStore,
  d: { decision_id: string; case_id: string; tenant_id: string; action: string; reviewer_id: string },
  prior: CaseState,
  now: Date,
): Promise<string | null> {
  const removed = d.action === 'remove' || d.action === 'restrict_author';
  if (!removed || prior.lastAction !== 'allow') return null;
  const classified = (await readCase(tx, d.case_id)).find((e) => e.event.type === 'PostClassified');
  if (!classified || classified.event.type !== 'PostClassified') return null;
  const current = await policyInForce(tx, policies, d.tenant_id);
  const t = tightenPolicy(current, classified.event.data, d.tenant_id, d.decision_id.slice(0, 12));
  if (!t) return null;
  await ensurePolicyPublished(tx, t.policy, now, 'review', d.decision_id);
  await appendEntries(
    tx,
    [
      {
        eventId: `tightened:${d.decision_id}`,
        tenantId: d.tenant_id,
        caseId: `policy:${d.tenant_id}`,
        event: {
          type: 'ThresholdTightened',
          data: {
            category: t.category, from: t.from, to: t.to, fromVersion: current.version, toVersion: t.policy.version,
            why: `reviewer ${d.reviewer_id} removed case ${d.case_id}, which policy ${current.version} had auto-allowed (a false allow)`,
          },
        },
        policyVersion: t.policy.version,
        modelVersions: {},
        thresholds: { [t.category]: { auto_allow_below: t.to } },
        actor: { type: 'system', id: 'auto-tighten' },
        causationId: d.decision_id,
        correlationId: d.case_id,
        traceId: null,
        occurredAt: now,
      },
    ],
    now,
  );
  return t.policy.version;
}
