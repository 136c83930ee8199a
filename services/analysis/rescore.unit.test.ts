import { join } from 'node:path';
import { entry, facts } from '../../test/support/fixtures';
import { loadPolicyFile, parsePolicy } from '../route/policy';
import { stringify, parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { summarise, type CaseSummary } from './case-summary';
import { rescore } from './rescore';

const policyFile = join(__dirname, '..', '..', 'policies', 'default.yaml');
const current = loadPolicyFile(policyFile);
const NOW = Date.UTC(2026, 10, 22);

function stricterSpamPolicy() {
  const raw = parse(readFileSync(policyFile, 'utf8')) as { version: string; categories: { spam: { auto_allow_below: number; provisional_below: number } } };
  raw.version = 'candidate';
  raw.categories.spam.auto_allow_below = 0.3;
  raw.categories.spam.provisional_below = 0.3;
  return parsePolicy(stringify(raw), 'candidate');
}

function caseWith(caseId: string, spam: number, human?: 'remove' | 'approve'): CaseSummary[] {
  const map = new Map<string, CaseSummary>();
  const routed = { action: 'allow' as const, reasonCode: 'AUTO_ALLOW', drivers: [], queue: null, severity: null, priority: 0, slaDeadline: null };
  const entries = [entry({ type: 'PostClassified', data: facts({ scores: { spam } }) }, { caseId }), entry({ type: 'AutoAllowed', data: routed }, { caseId })];
  if (human) entries.push(entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: human, reasonCode: 'SPAM' } }, { caseId }));
  summarise(map, entries);
  return [...map.values()];
}

describe('rescore', () => {
  it('under the same policy nothing changes', () => {
    const r = rescore(caseWith('acme:a', 0.4), current, NOW);
    expect(r).toMatchObject({ casesEvaluated: 1, changed: 0 });
  });

  it('a stricter spam threshold moves borderline cases to review, and counts the new review load', () => {
    const r = rescore([...caseWith('acme:a', 0.4), ...caseWith('acme:b', 0.1)], stricterSpamPolicy(), NOW);
    expect(r.changed).toBe(1);
    expect(r.transitions.spam).toEqual({ 'allow->review': 1 });
    expect(r.reviewLoad.community).toEqual({ candidate: 1, current: 0, delta: 1 });
    expect(r.changes[0]).toMatchObject({ caseId: 'acme:a', from: 'allow', to: 'review', humanDecided: false });
  });

  it('lists cases a human removed that the candidate would auto-allow', () => {
    const r = rescore(caseWith('acme:c', 0.1, 'remove'), current, NOW);
    expect(r.falseAllowRisk).toEqual([{ caseId: 'acme:c', currentAction: 'allow', humanAction: 'remove' }]);
  });
});
