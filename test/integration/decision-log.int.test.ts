// The decision log is append-only for the application role, tamper-evident, and replays to the live state.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { GENESIS_HASH, verifyChain } from '../../services/core/log/hash-chain';
import { compareWithLive, replayCases } from '../../services/core/log/replay';
import { commitStep } from '../../services/core/log/step';
import { readLog } from '../../services/core/log/store';
import type { NewLogEntry } from '../../services/core/log/events';
import { facts } from '../support/fixtures';
import { Harness } from '../support/harness';

let h: Harness;

function newEntry(i: number, event: NewLogEntry['event']): NewLogEntry {
  return {
    eventId: `evt-${i}-${event.type}`, tenantId: 'acme', caseId: `acme:p${i}`, event, policyVersion: 'v1', modelVersions: { rules: '1.0.0' },
    thresholds: { spam: 0.5 }, actor: { type: 'system', id: 'test' }, causationId: `evt-${i}`, correlationId: `evt-${i}`, traceId: null, occurredAt: new Date(Date.UTC(2026, 10, 22, 12, i)),
  };
}

const routed = { action: 'review' as const, reasonCode: 'NEEDS_REVIEW', drivers: ['toxicity'], queue: 'trust_safety', severity: 'medium' as const, priority: 2, slaDeadline: Date.UTC(2026, 10, 22, 16) };

beforeAll(async () => {
  h = await Harness.create('declog');
  await h.db.transaction().execute(async (tx) => {
    const entries = Array.from({ length: 20 }, (_, i) => [newEntry(i, { type: 'PostClassified', data: facts({ postId: `p${i}` }) }), newEntry(i, { type: 'QueuedForReview', data: routed })]).flat();
    await commitStep(tx, entries, new Date());
  });
});

afterAll(async () => {
  await h.stop();
});

describe('the application role', () => {
  it.each([
    ['UPDATE', sql`update decision_log set actor_id = 'mallory'`],
    ['DELETE', sql`delete from decision_log`],
    ['TRUNCATE', sql`truncate decision_log`],
  ])('cannot %s the decision log', async (_op, statement) => {
    await expect(statement.execute(h.db)).rejects.toThrow(/permission denied|append-only/);
  });

  it('appends, and a duplicate event id is a no-op', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from decision_log`.execute(h.db)).rows[0]!.n;
    await h.db.transaction().execute((tx) => commitStep(tx, [newEntry(0, { type: 'PostClassified', data: facts({ postId: 'p0' }) })], new Date()));
    expect((await sql<{ n: number }>`select count(*)::int as n from decision_log`.execute(h.db)).rows[0]!.n).toBe(before);
  });
});

describe('even the owner cannot change rows while the triggers stand', () => {
  it('refuses UPDATE and TRUNCATE from the owner role too', async () => {
    await expect(sql`update decision_log set actor_id = 'mallory'`.execute(h.ownerDb)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql`truncate decision_log`.execute(h.ownerDb)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });
});

describe('replay', () => {
  it('rebuilds case state from nothing, equal to the live projection', async () => {
    const { states, events } = await replayCases(h.db);
    expect(events).toBeGreaterThanOrEqual(40);
    expect(states.size).toBe(20);
    expect(await compareWithLive(h.db, states)).toEqual([]);
  });
});

describe('tamper evidence', () => {
  it('vigil log verify passes on an untouched log and names the first row an owner edited', async () => {
    const cli = (args: string[]) => {
      try {
        return { code: 0, out: execFileSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'vigil.js'), ...args], { env: { ...process.env, DATABASE_SCHEMA: h.config.databaseSchema }, encoding: 'utf8', stdio: 'pipe' }) };
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        return { code: e.status, out: `${e.stdout}${e.stderr}` };
      }
    };
    expect(cli(['log', 'verify'])).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: 40 rows verified/m) as unknown });

    const victim = await h.db.selectFrom('decision_log').select(['seq', 'event_id']).orderBy('seq').offset(7).limit(1).executeTakeFirstOrThrow();
    await h.ownerDb.transaction().execute(async (tx) => {
      await sql`alter table decision_log disable trigger decision_log_no_update_delete`.execute(tx);
      await sql`update decision_log set actor_id = 'mallory' where seq = ${victim.seq}`.execute(tx);
      await sql`alter table decision_log enable trigger decision_log_no_update_delete`.execute(tx);
    });
    const result = cli(['log', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`BROKEN at seq ${victim.seq} (event ${victim.event_id}): hash mismatch`);

    const pages = [];
    for await (const page of readLog(h.db)) pages.push(...page);
    expect(verifyChain(pages, GENESIS_HASH).firstBreak?.seq).toBe(Number(victim.seq));
  });
});
