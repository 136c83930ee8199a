// Versioned policy: a file change is picked up without a restart, and a false allow tightens the policy.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { eventually, Harness } from '../support/harness';
import { classifiedPost } from '../support/posts';

const ROUTED = ['AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated'];
let h: Harness;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-policies-'));
  cpSync(join(__dirname, '..', '..', 'policies', 'default.yaml'), join(dir, 'default.yaml'));
  h = await Harness.create('policy', { policiesDir: dir });
  await h.startAll(['route', 'review', 'writeback']);
});

afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function routedAs(caseId: string) {
  return eventually(() => h.db.selectFrom('decision_log').select(['event_type', 'policy_version']).where('case_id', '=', caseId).where('event_type', 'in', ROUTED).executeTakeFirst(), 30_000, `a routing decision for ${caseId}`);
}

test('a new policy file takes effect without a restart, and is published to the log first', async () => {
  const before = classifiedPost({ spam: 0.4 });
  await h.produce('moderation.classified', [before]);
  expect(await routedAs(before.key)).toEqual({ event_type: 'AutoAllowed', policy_version: '2026.11.22-1' });

  const policy = parse(readFileSync(join(dir, 'default.yaml'), 'utf8')) as { version: string; categories: { spam: Record<string, number> } };
  policy.version = '2026.11.22-2';
  policy.categories.spam = { ...policy.categories.spam, auto_allow_below: 0.3, provisional_below: 0.3 };
  writeFileSync(join(dir, 'default.yaml'), stringify(policy));

  const after = classifiedPost({ spam: 0.4 }, { authorId: 'member-2' });
  await eventually(async () => {
    // The store re-reads files at most once a second; keep producing until the new version routes.
    const probe = classifiedPost({ spam: 0.4 }, { authorId: 'member-3' });
    await h.produce('moderation.classified', [probe]);
    const d = await routedAs(probe.key);
    return d.policy_version === '2026.11.22-2' ? d : undefined;
  }, 30_000, 'the new policy version');
  await h.produce('moderation.classified', [after]);
  expect(await routedAs(after.key)).toEqual({ event_type: 'QueuedForReview', policy_version: '2026.11.22-2' });
  const published = await h.db.selectFrom('decision_log').select('policy_version').where('event_type', '=', 'PolicyPublished').orderBy('seq').execute();
  expect(published.map((p) => p.policy_version)).toEqual(['2026.11.22-1', '2026.11.22-2']);
});

test('a reviewer removing an auto-allowed post publishes a tightened policy and logs why', async () => {
  const falseAllow = classifiedPost({ toxicity: 0.4 }, { tenant: 'globex' });
  await h.produce('moderation.classified', [falseAllow]);
  const first = await routedAs(falseAllow.key);
  expect(first.event_type).toBe('AutoAllowed');

  await h.produce('review.decisions', [{
    key: falseAllow.key,
    value: { decision_id: 'rd-false-allow-1', case_id: falseAllow.key, tenant_id: 'globex', reviewer_id: 'rev-7', reviewer_role: 'trust_safety', action: 'remove', reason_code: 'HARASSMENT', note: 'reported by members', decided_at: Date.now() },
  }]);
  const tightened = await eventually(() => h.db.selectFrom('decision_log').selectAll().where('event_type', '=', 'ThresholdTightened').where('tenant_id', '=', 'globex').executeTakeFirst(), 30_000, 'ThresholdTightened');
  expect(tightened.payload).toMatchObject({ category: 'toxicity', from: 0.55, to: 0.5, fromVersion: first.policy_version });
  expect((tightened.payload as { why: string }).why).toContain('false allow');
  const kase = await h.db.selectFrom('cases').select(['status', 'visibility']).where('case_id', '=', falseAllow.key).executeTakeFirstOrThrow();
  expect(kase).toEqual({ status: 'removed', visibility: 'hidden' });

  const next = await eventually(async () => {
    const probe = classifiedPost({ toxicity: 0.52 }, { tenant: 'globex', authorId: 'member-9' });
    await h.produce('moderation.classified', [probe]);
    const d = await routedAs(probe.key);
    return d.policy_version?.includes('+tightened') ? d : undefined;
  }, 30_000, 'routing under the tightened policy');
  expect(next.event_type).not.toBe('AutoAllowed');

  const other = classifiedPost({ toxicity: 0.52 }, { tenant: 'acme', authorId: 'member-10' });
  await h.produce('moderation.classified', [other]);
  expect((await routedAs(other.key)).event_type).toBe('AutoAllowed');
});
