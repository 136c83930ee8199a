// Re-scoring: evaluate past cases under a candidate policy and report what would change. Pure: the
// caller supplies the case summaries and the policy; nothing is written here.
import type { Action, RoutingOutcome } from '../core/log/events';
import { evaluatePolicy } from '../route/evaluate';
import type { Policy } from '../route/policy';
import { humanRemoved, type CaseSummary } from './case-summary';

export interface RescoreChange {
  caseId: string;
  tenantId: string;
  supersededSeq: number;
  from: Action;
  to: Action;
  next: RoutingOutcome;
  humanDecided: boolean;
}

export interface RescoreReport {
  policyVersion: string;
  casesEvaluated: number;
  changed: number;
  /** category -> "old->new" -> count; a case counts under every category that drove either outcome. */
  transitions: Record<string, Record<string, number>>;
  /** queue -> cases that would wait there under the candidate policy, and the change from today. */
  reviewLoad: Record<string, { candidate: number; current: number; delta: number }>;
  /** Cases the candidate would auto-allow although a human removed them. */
  falseAllowRisk: Array<{ caseId: string; currentAction: Action; humanAction: string }>;
  changes: RescoreChange[];
}

const WAITS: ReadonlySet<Action> = new Set(['review', 'provisional', 'escalate']);

export function rescore(cases: Iterable<CaseSummary>, policy: Policy, now: number): RescoreReport {
  const report: RescoreReport = { policyVersion: policy.version, casesEvaluated: 0, changed: 0, transitions: {}, reviewLoad: {}, falseAllowRisk: [], changes: [] };
  const load = (queue: string) => (report.reviewLoad[queue] ??= { candidate: 0, current: 0, delta: 0 });
  for (const c of cases) {
    if (!c.facts || !c.automated) continue;
    report.casesEvaluated += 1;
    const next = evaluatePolicy(c.facts, policy, now);
    const from = c.automated.action;
    const key = `${from}->${next.action}`;
    const categories = new Set([...c.automated.drivers, ...next.drivers]);
    for (const category of categories.size ? categories : new Set(['(none)'])) {
      const matrix = (report.transitions[category] ??= {});
      matrix[key] = (matrix[key] ?? 0) + 1;
    }
    if (WAITS.has(next.action) && next.queue) load(next.queue).candidate += 1;
    if (WAITS.has(from) && c.automated.queue) load(c.automated.queue).current += 1;
    if (next.action === 'allow' && humanRemoved(c)) {
      report.falseAllowRisk.push({ caseId: c.caseId, currentAction: from, humanAction: c.human[c.human.length - 1]?.action ?? 'remove' });
    }
    if (from !== next.action) {
      report.changed += 1;
      report.changes.push({ caseId: c.caseId, tenantId: c.tenantId, supersededSeq: c.automated.seq, from, to: next.action, next, humanDecided: c.human.length > 0 });
    }
  }
  for (const q of Object.values(report.reviewLoad)) q.delta = q.candidate - q.current;
  return report;
}

export function rescoreMarkdown(r: RescoreReport, scope: string): string {
  const lines = [
    `# Re-score report: policy ${r.policyVersion}`,
    '',
    `Scope: ${scope}. Cases evaluated: ${r.casesEvaluated}. Decisions that would change: **${r.changed}**.`,
    '',
    '## Transitions (current action -> candidate action), per category',
    '',
    '| category | transition | cases |',
    '|---|---|---|',
  ];
  for (const [category, matrix] of Object.entries(r.transitions).sort()) {
    for (const [t, n] of Object.entries(matrix).sort()) lines.push(`| ${category} | ${t} | ${n} |`);
  }
  lines.push('', '## Review load per queue', '', '| queue | current | candidate | change |', '|---|---|---|---|');
  for (const [q, l] of Object.entries(r.reviewLoad).sort()) lines.push(`| ${q} | ${l.current} | ${l.candidate} | ${l.delta >= 0 ? '+' : ''}${l.delta} |`);
  lines.push('', `## False-allow risk: ${r.falseAllowRisk.length} case(s) a human removed that the candidate would auto-allow`, '');
  for (const f of r.falseAllowRisk) lines.push(`- ${f.caseId} (now ${f.currentAction}, human: ${f.humanAction})`);
  if (r.falseAllowRisk.length === 0) lines.push('None.');
  return `${lines.join('\n')}\n`;
}
