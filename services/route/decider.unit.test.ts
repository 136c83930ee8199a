import { join } from 'node:path';
import { facts } from '../../test/support/fixtures';
import { decide } from './decider';
import { evaluatePolicy, labelsFor } from './evaluate';
import { loadPolicyFile, parsePolicy } from './policy';
import { initialCaseState } from '../core/log/case-state';
import { entry } from '../../test/support/fixtures';

const policy = loadPolicyFile(join(__dirname, '..', '..', 'policies', 'default.yaml'));
const NOW = Date.UTC(2026, 10, 22, 12);
const MIN = 60_000;

describe('route evaluatePolicy', () => {
  it('auto-allows a post whose scores are all low', () => {
    expect(evaluatePolicy(facts(), policy, NOW)).toMatchObject({ action: 'allow', reasonCode: 'AUTO_ALLOW', queue: null, slaDeadline: null });
  });

  it('auto-hides at or above the hide threshold', () => {
    expect(evaluatePolicy(facts({ scores: { spam: 0.99 } }), policy, NOW)).toMatchObject({ action: 'hide', drivers: ['spam'] });
  });

  it('sends the band between the thresholds to review with the queue SLA from the decision time', () => {
    const o = evaluatePolicy(facts({ scores: { toxicity: 0.8 } }), policy, NOW);
    expect(o).toMatchObject({ action: 'review', queue: 'trust_safety', severity: 'medium', slaDeadline: NOW + 240 * MIN });
  });

  it('publishes provisionally in the lower part of the band', () => {
    expect(evaluatePolicy(facts({ scores: { spam: 0.6 } }), policy, NOW)).toMatchObject({ action: 'provisional', reasonCode: 'PROVISIONAL' });
  });

  it('always sends legal references to a human, even when every other score is low', () => {
    expect(evaluatePolicy(facts({ scores: { legal_reference: 1 } }), policy, NOW)).toMatchObject({ action: 'review', queue: 'legal', reasonCode: 'LEGAL_REFERENCE' });
  });

  it('hides personal data and queues the case', () => {
    expect(evaluatePolicy(facts({ scores: { pii: 1 } }), policy, NOW)).toMatchObject({ action: 'review', queue: 'privacy', reasonCode: 'PERSONAL_DATA', slaDeadline: NOW + 30 * MIN });
  });

  it('escalates credible threats to the urgent queue whatever else scored', () => {
    expect(evaluatePolicy(facts({ scores: { threat: 0.9, spam: 0.99 } }), policy, NOW)).toMatchObject({ action: 'escalate', queue: 'urgent', severity: 'urgent' });
  });

  it('weights priority by tier, audience and repeat offending', () => {
    const base = evaluatePolicy(facts({ scores: { toxicity: 0.8 } }), policy, NOW).priority;
    const weighted = evaluatePolicy(facts({ scores: { toxicity: 0.8 }, tier: 'paid', audienceSize: 20_000 }), policy, NOW).priority;
    expect(weighted).toBeCloseTo(base * 1.5 * 2);
  });

  it('tightens the allow threshold for repeat offenders', () => {
    const scores = { toxicity: 0.5 };
    expect(evaluatePolicy(facts({ scores }), policy, NOW).action).toBe('allow');
    expect(evaluatePolicy(facts({ scores, priorStrikes: 5 }), policy, NOW).action).not.toBe('allow');
  });

  it('labels the categories at or above their review threshold', () => {
    expect(labelsFor({ toxicity: 0.9, insult: 0.1, pii: 1 }, policy).sort()).toEqual(['pii', 'toxicity']);
  });
});

describe('route decide', () => {
  it('given no case, when RoutePost, then PostClassified and the outcome', () => {
    const events = decide({ type: 'RoutePost', facts: facts(), policy, now: NOW }, null);
    expect(events.map((e) => e.type)).toEqual(['PostClassified', 'AutoAllowed']);
  });

  it('given a case already routed, when RoutePost again, then nothing', () => {
    const routed = { ...initialCaseState(entry({ type: 'PostClassified', data: facts() }), 'p1', 'm1'), lastAction: 'allow' };
    expect(decide({ type: 'RoutePost', facts: facts(), policy, now: NOW }, routed)).toEqual([]);
  });
});

describe('policy validation', () => {
  it('names the field that is wrong', () => {
    const bad = `version: x\ntenant: "*"\ncategories: { spam: { auto_allow_below: 0.9, auto_hide_at: 0.5, severity: low, queue: nowhere } }\nhard_rules: {}\nimpact: { tier_weight: {}, audience_steps: [], repeat_offender: { strikes_at_least: 3, weight: 1, allow_threshold_step: 0 } }\nqueues: {}\nseverity_sla_minutes: {}\nreason_codes: {}\n`;
    expect(() => parsePolicy(bad, 'bad.yaml')).toThrow(/categories\.spam: auto_allow_below must not exceed auto_hide_at/);
  });
});
