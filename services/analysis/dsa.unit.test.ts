import { entry, facts } from '../../test/support/fixtures';
import type { LogEntry, RoutingOutcome } from '../core/log/events';
import { dsaStatementsForCase, EEA_COUNTRIES, mayRestrict, type DsaOptions } from './dsa';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 12, minute));
const routed = (action: RoutingOutcome['action'], reasonCode: string, drivers: string[]): RoutingOutcome => ({ action, reasonCode, drivers, queue: null, severity: null, priority: 0, slaDeadline: null });
const classified = entry({ type: 'PostClassified', data: facts({ language: 'de', createdAt: Date.UTC(2026, 10, 21, 8) }) }, { occurredAt: at(0) });
const window: DsaOptions = { from: at(0), to: at(60), reasonText: (_t, code) => (code === 'SPAM' ? 'Spam or unsolicited advertising' : null) };

function only(history: LogEntry[], opts: DsaOptions = window) {
  const s = dsaStatementsForCase(history, opts);
  expect(s).toHaveLength(1);
  return s[0]!;
}

describe('DSA statements of reasons', () => {
  it('maps an automatic hide to a fully automated disabling of access, category from the driving signal', () => {
    const hidden = entry({ type: 'AutoHidden', data: routed('hide', 'AUTO_HIDE', ['threat']) }, { occurredAt: at(1), policyVersion: '2026.11.22-1' });
    expect(only([classified, hidden])).toEqual({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_DISABLED'],
      decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
      incompatible_content_ground: 'Community policy 2026.11.22-1, rule AUTO_HIDE',
      incompatible_content_explanation: 'Rule AUTO_HIDE of the community policy, version 2026.11.22-1.',
      incompatible_content_illegal: 'No',
      category: 'STATEMENT_CATEGORY_VIOLENCE',
      content_type: ['CONTENT_TYPE_TEXT'],
      content_language: 'DE',
      content_date: '2026-11-21',
      application_date: '2026-11-22',
      territorial_scope: [...EEA_COUNTRIES],
      decision_facts: 'Automated classification hid the post under rule AUTO_HIDE of policy 2026.11.22-1. Signals: threat.',
      source_type: 'SOURCE_VOLUNTARY',
      automated_detection: 'Yes',
      automated_decision: 'AUTOMATED_DECISION_FULLY',
      puid: hidden.eventId,
    });
  });

  it('maps a reviewer removal to a human decision, category from the reason code, drivers from the routing', () => {
    const queued = entry({ type: 'QueuedForReview', data: routed('review', 'NEEDS_REVIEW', ['toxicity']) }, { occurredAt: at(1) });
    const removed = entry({ type: 'ReviewDecided', data: { reviewerId: 'rev-tess', role: 'trust_safety', action: 'remove', reasonCode: 'SPAM' } }, { occurredAt: at(5) });
    const s = only([classified, queued, removed]);
    expect(s).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
      automated_detection: 'Yes', automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      incompatible_content_explanation: 'Rule SPAM (Spam or unsolicited advertising) of the community policy, version v1.',
    });
    expect(s.decision_facts).toContain('Signals: toxicity.');
    expect(s).not.toHaveProperty('decision_provision');
  });

  it('adds a partial suspension of the service when the author is restricted', () => {
    const restricted = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: 'restrict_author', reasonCode: 'HARASSMENT' } }, { occurredAt: at(5) });
    expect(only([classified, restricted])).toMatchObject({ decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION', category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH' });
  });

  it('uses the illegal-content fields when a reason code is mapped to a legal ground', () => {
    const removed = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'legal', action: 'remove', reasonCode: 'DEFAMATION' } }, { occurredAt: at(5) });
    const s = only([classified, removed], { ...window, reasonCodes: { DEFAMATION: { category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', legalGround: 'Section 186 StGB' } } });
    expect(s).toMatchObject({ decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT', illegal_content_legal_ground: 'Section 186 StGB' });
    expect(s).not.toHaveProperty('incompatible_content_ground');
  });

  it('skips decisions that restrict nothing, holds for review, and decisions outside the window', () => {
    const allowed = entry({ type: 'AutoAllowed', data: routed('allow', 'AUTO_ALLOW', []) }, { occurredAt: at(1) });
    const held = entry({ type: 'Escalated', data: routed('escalate', 'CREDIBLE_THREAT', ['threat']) }, { occurredAt: at(1) });
    const approved = entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action: 'approve', reasonCode: 'OK' } }, { occurredAt: at(2) });
    const late = entry({ type: 'AutoHidden', data: routed('hide', 'AUTO_HIDE', ['spam']) }, { occurredAt: at(60) });
    expect(dsaStatementsForCase([classified, allowed, held, approved, late], window)).toEqual([]);
    expect([allowed, held, approved].some(mayRestrict)).toBe(false);
    expect(mayRestrict(late)).toBe(true);
  });

  it('counts a re-score that hides a post as a new automated restriction', () => {
    const superseded = entry({ type: 'DecisionSuperseded', data: { supersededSeq: 1, previous: 'allow', next: routed('hide', 'AUTO_HIDE', ['spam']), policyVersion: 'v2' } }, { occurredAt: at(10) });
    expect(only([classified, superseded])).toMatchObject({ automated_decision: 'AUTOMATED_DECISION_FULLY', category: 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC' });
  });

  it('holds no personal data: no author id, no text, no reviewer id', () => {
    const removed = entry({ type: 'ReviewDecided', data: { reviewerId: 'rev-tess', role: 'trust_safety', action: 'remove', reasonCode: 'PERSONAL_DATA', note: 'email jane@example.com' } }, { occurredAt: at(5) });
    const json = JSON.stringify(only([classified, removed], { ...window, territorialScope: ['DE'] }));
    for (const personal of ['m1', 'rev-tess', 'jane@example.com']) expect(json).not.toContain(personal);
    expect(JSON.parse(json)).toMatchObject({ category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS', territorial_scope: ['DE'] });
  });
});
