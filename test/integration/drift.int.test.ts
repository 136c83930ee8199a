// `vigil audit drift` against a real decision log: a baseline week and a target week whose spam scores
// moved up, with human decisions, two-reviewer cases and appeals whose rates we know by construction.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriftReport } from '../../services/analysis/drift-report';
import type { Action, NewLogEntry, ReviewAction } from '../../services/core/log/events';
import { commitStep } from '../../services/core/log/step';
import { facts } from '../support/fixtures';
import { Harness } from '../support/harness';

const BASELINE_START = Date.UTC(2026, 10, 1);
const TARGET_START = Date.UTC(2026, 10, 8);
const TARGET_END = Date.UTC(2026, 10, 15);
const HOUR = 3_600_000;
const ROUTE_EVENT = { allow: 'AutoAllowed', review: 'QueuedForReview' } as const;

let h: Harness;
let out: string;
let n = 0;

function logEntry(caseId: string, at: number, event: NewLogEntry['event'], tenantId = 'acme'): NewLogEntry {
  n += 1;
  return {
    eventId: `drift-${n}`, tenantId, caseId, event, policyVersion: 'v1', modelVersions: { rules: '1.0.0', spam: '1.0.0' }, thresholds: { spam: 0.5 },
    actor: { type: 'system', id: 'test' }, causationId: null, correlationId: caseId, traceId: null, occurredAt: new Date(at),
  };
}

/** One case: classified with a spam score, routed, then optional reviews and appeals, an hour apart. */
function caseEntries(caseId: string, start: number, spam: number, action: 'allow' | 'review', reviews: ReviewAction[] = [], appeals: Array<'upheld' | 'reversed'> = [], tenantId = 'acme'): NewLogEntry[] {
  const routed = { action: action as Action, reasonCode: 'TEST', drivers: ['spam'], queue: action === 'review' ? 'community' : null, severity: null, priority: 0, slaDeadline: null };
  return [
    logEntry(caseId, start, { type: 'PostClassified', data: facts({ postId: caseId, scores: { spam } }) }, tenantId),
    logEntry(caseId, start + 1000, { type: ROUTE_EVENT[action], data: routed }, tenantId),
    ...reviews.map((a, i) => logEntry(caseId, start + (i + 1) * HOUR, { type: 'ReviewDecided', data: { reviewerId: `r${i + 1}`, role: 'trust_safety', action: a, reasonCode: 'TEST' } }, tenantId)),
    ...appeals.map((outcome, i) => logEntry(caseId, start + (i + 3) * HOUR, { type: 'AppealDecided', data: { appealId: `${caseId}-a${i}`, reviewerId: 'r9', outcome, reasonCode: 'TEST' } }, tenantId)),
  ];
}

// Two-reviewer cases in the target: the textbook kappa table (7 of 10 agree, chance agreement 0.5, κ = 0.4).
const TARGET_PAIRS: ReviewAction[][] = [
  ...Array.from({ length: 4 }, () => ['remove', 'remove'] as ReviewAction[]),
  ['remove', 'approve'],
  ['approve', 'remove'], ['approve', 'remove'],
  ...Array.from({ length: 3 }, () => ['approve', 'approve'] as ReviewAction[]),
];

function seed(): NewLogEntry[] {
  const entries: NewLogEntry[] = [];
  for (let i = 0; i < 40; i++) {
    // Baseline: spam spread over bins 0-3; 30 of 40 auto-allowed; two human verdicts that agree with routing.
    const reviews: ReviewAction[] = i === 0 ? ['approve'] : i === 30 ? ['remove'] : [];
    entries.push(...caseEntries(`acme:b${i}`, BASELINE_START + i * HOUR, 0.05 + (i % 4) * 0.1, i < 30 ? 'allow' : 'review', reviews, i < 2 ? ['upheld'] : []));
  }
  for (let i = 0; i < 40; i++) {
    // Target: spam moved to bins 5-8; half auto-allowed; two auto-allows removed by a human (overturns).
    const reviews = i < 2 ? ['remove' as const] : (TARGET_PAIRS[i - 20] ?? []);
    const appeals = i === 20 ? ['reversed' as const, 'upheld' as const] : i === 21 ? ['upheld' as const, 'upheld' as const] : [];
    entries.push(...caseEntries(`acme:t${i}`, TARGET_START + i * HOUR, 0.55 + (i % 4) * 0.1, i < 20 ? 'allow' : 'review', reviews, appeals));
  }
  // Another tenant's traffic in the target window, which --tenant acme must leave out.
  for (let i = 0; i < 5; i++) entries.push(...caseEntries(`globex:t${i}`, TARGET_START + i * HOUR, 0.99, 'review', ['approve', 'remove'], [], 'globex'));
  return entries;
}

function vigil(args: string[]): { code: number; out: string } {
  try {
    const stdout = execFileSync(process.execPath, ['bin/vigil.js', ...args], { cwd: join(__dirname, '..', '..'), env: { ...process.env, DATABASE_SCHEMA: h.config.databaseSchema }, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

const iso = (t: number) => new Date(t).toISOString();

beforeAll(async () => {
  h = await Harness.create('drift');
  out = mkdtempSync(join(tmpdir(), 'vigil-drift-'));
  await h.db.transaction().execute((tx) => commitStep(tx, seed(), new Date()));
});

afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await h.stop();
});

describe('vigil audit drift', () => {
  it('reports major spam drift, the decision rates and reviewer agreement, in Markdown, JSON and HTML', () => {
    const result = vigil(['audit', 'drift', '--from', iso(TARGET_START), '--to', iso(TARGET_END), '--tenant', 'acme', '--out', out]);
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('score drift: 1 major and 0 moderate drift') as unknown });
    const files = readdirSync(out).sort();
    expect(files.filter((f) => /\.(md|json|html)$/.test(f))).toHaveLength(3);
    const report = JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json'))!), 'utf8')) as DriftReport;

    // The default baseline is the equally long week before --from.
    expect(report.scope).toEqual({ tenant: 'acme', baseline: { from: iso(BASELINE_START), to: iso(TARGET_START) }, target: { from: iso(TARGET_START), to: iso(TARGET_END) } });
    const spam = report.distributions.find((d) => d.category === 'spam')!;
    expect(spam).toMatchObject({ modelVersion: 'spam@1.0.0', comparedWith: 'same version', drift: 'major' });
    // Four bins of 25% each moved to four other bins: 8 · (0.25 − 1e-4) · ln(0.25 / 1e-4).
    expect(spam.psi).toBeCloseTo(8 * 0.2499 * Math.log(2500), 6);
    expect(report.distributions.filter((d) => d.category !== 'spam').every((d) => d.psi === 0)).toBe(true);

    expect(report.baseline).toMatchObject({ cases: 40, autoDecision: { rate: 0.75 }, overturn: { numerator: 0, denominator: 2 }, appealReversal: { rate: 0 } });
    expect(report.target).toMatchObject({ cases: 40, routed: 40, autoDecision: { rate: 0.5, numerator: 20, denominator: 40 } });
    // Overturns: 2 auto-allows removed, plus 4 queued cases whose latest verdict was approve, of 12 decided.
    expect(report.target.overturn).toEqual({ rate: 0.5, numerator: 6, denominator: 12 });
    expect(report.target.appealReversal).toEqual({ rate: 0.25, numerator: 1, denominator: 4 });
    expect(report.target.agreement.pairs).toBe(10);
    expect(report.target.agreement.kappa).toBeCloseTo(0.4, 12);
    expect(report.baseline.agreement).toMatchObject({ kappa: null, pairs: 0 });

    const html = readFileSync(join(out, files.find((f) => f.endsWith('.html'))!), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(report.categories.length + 1);
  });

  it('says plainly that an empty window has nothing to audit', () => {
    const result = vigil(['audit', 'drift', '--from', '2020-01-01', '--to', '2020-01-02', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('the target window 2020-01-01T00:00:00.000Z to 2020-01-02T00:00:00.000Z (all tenants) has no decision log entries: nothing to audit');
  });

  it('rejects bad arguments with a message that names the option', () => {
    expect(vigil(['audit', 'drift', '--from', 'yesterday-ish', '--to', '2026-11-15'])).toMatchObject({ code: 1, out: expect.stringContaining('"yesterday-ish" is not a date') as unknown });
    expect(vigil(['audit', 'drift', '--from', '2026-11-15', '--to', '2026-11-08'])).toMatchObject({ code: 1, out: expect.stringContaining('--to (2026-11-08T00:00:00.000Z) must be after --from') as unknown });
    expect(vigil(['audit', 'drift', '--from', '2026-11-08', '--to', '2026-11-15', '--baseline-from', '2026-11-01'])).toMatchObject({ code: 1, out: expect.stringContaining('give both --baseline-from and --baseline-to') as unknown });
  });
});
