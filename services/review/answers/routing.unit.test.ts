import { join } from 'node:path';
import { entry, facts } from '../../../test/support/fixtures';
import { evolveCase, type CaseState } from '../../core/log/case-state';
import type { LogEntry, RoutingOutcome } from '../../core/log/events';
import { loadPolicyFile } from '../../route/policy';
import { decideAnswer, decideQuestionRouting, topicQueue, type AnswerContext, type OpenQuestion, type StoredAnswer } from './routing';

const policy = loadPolicyFile(join(__dirname, '..', '..', '..', 'policies', 'default.yaml'));
const rules = policy.answer_routing!;
const MIN = 60_000;
const ASKED = Date.UTC(2026, 10, 22, 12);
const allow: RoutingOutcome = { action: 'allow', reasonCode: 'AUTO_ALLOW', drivers: [], queue: null, severity: null, priority: 0, slaDeadline: null };
const question = (o: Partial<OpenQuestion> = {}): OpenQuestion => ({ caseId: 'acme:p1', tenantId: 'acme', questionScore: 0.9, routerTopic: null, productTopic: 'cards', askedAt: ASKED, ...o });
const fold = (entries: LogEntry[]): CaseState => entries.reduce<CaseState | null>((s, e) => evolveCase(s, e), null)!;
const allowedLog = () => [entry({ type: 'PostClassified', data: facts({ isQuestion: true }) }), entry({ type: 'AutoAllowed', data: allow })];

describe('topicQueue', () => {
  it('prefers a mapped router label, then a mapped product topic, then the default queue', () => {
    expect(topicQueue('card_arrival', 'payments', rules)).toEqual({ topic: 'card_arrival', queue: 'experts_cards' });
    expect(topicQueue('unmapped_label', 'payments', rules)).toEqual({ topic: 'payments', queue: 'experts_payments' });
    expect(topicQueue(null, 'gardening', rules)).toEqual({ topic: null, queue: 'experts_general' });
  });
});

describe('decideQuestionRouting', () => {
  it('given an allowed question unanswered past the wait, when swept, then it is routed to its topic queue with the queue SLA from now', () => {
    const log = allowedLog();
    const now = ASKED + 61 * MIN;
    const v = decideQuestionRouting(question(), fold(log), log, policy, now);
    expect(v).toEqual({ kind: 'route', event: { type: 'QuestionRoutedToExpert', data: { topic: 'cards', queue: 'experts_cards', questionScore: 0.9, askedAt: ASKED, priority: 1, slaDeadline: now + 480 * MIN } } });
  });

  it('waits until unanswered_after_minutes have passed', () => {
    const log = allowedLog();
    expect(decideQuestionRouting(question(), fold(log), log, policy, ASKED + 59 * MIN).kind).toBe('wait');
  });

  it('waits while the post is still being moderated, and closes once it is hidden', () => {
    const queued = [entry({ type: 'PostClassified', data: facts() }), entry({ type: 'QueuedForReview', data: { ...allow, action: 'review', queue: 'trust_safety', severity: 'medium', slaDeadline: 1 } })];
    expect(decideQuestionRouting(question(), fold(queued), queued, policy, ASKED + 2 * 60 * MIN).kind).toBe('wait');
    const hidden = [entry({ type: 'PostClassified', data: facts() }), entry({ type: 'AutoHidden', data: { ...allow, action: 'hide' } })];
    expect(decideQuestionRouting(question(), fold(hidden), hidden, policy, ASKED + 2 * 60 * MIN)).toEqual({ kind: 'close', reason: 'not_allowed' });
    expect(decideQuestionRouting(question(), null, [], policy, ASKED + 2 * 60 * MIN).kind).toBe('wait');
  });

  it('closes a question that already has an approved answer, that was routed before, or that scores below the threshold', () => {
    const answered = [...allowedLog(), entry({ type: 'AnswerApproved', data: { answerId: 'a1', expertId: 'x', role: 'support_expert', topic: 'cards', text: 't', suggestedFrom: null } })];
    expect(decideQuestionRouting(question(), fold(answered), answered, policy, ASKED + 2 * 60 * MIN)).toEqual({ kind: 'close', reason: 'answered' });
    const log = allowedLog();
    const first = decideQuestionRouting(question(), fold(log), log, policy, ASKED + 2 * 60 * MIN);
    if (first.kind !== 'route') throw new Error('expected a route');
    const routed = [...log, entry(first.event)];
    expect(decideQuestionRouting(question(), fold(routed), routed, policy, ASKED + 3 * 60 * MIN)).toEqual({ kind: 'close', reason: 'already_routed' });
    expect(decideQuestionRouting(question({ questionScore: 0.2 }), fold(log), log, policy, ASKED + 2 * 60 * MIN)).toEqual({ kind: 'close', reason: 'below_threshold' });
  });

  it('routes nothing under a policy without answer_routing', () => {
    const log = allowedLog();
    const { answer_routing: _unused, ...bare } = policy;
    expect(decideQuestionRouting(question(), fold(log), log, bare, ASKED + 10 * 60 * MIN).kind).toBe('wait');
  });
});

describe('decideAnswer', () => {
  const expert = { id: 'rev-ella', role: 'support_expert' };
  const routedLog = (): LogEntry[] => {
    const log = allowedLog();
    const v = decideQuestionRouting(question(), fold(log), log, policy, ASKED + 61 * MIN);
    if (v.kind !== 'route') throw new Error('expected a route');
    return [...log, entry(v.event)];
  };
  const ctx = (log: LogEntry[], o: Partial<AnswerContext> = {}): AnswerContext => ({ state: fold(log), log, topic: 'cards', isQuestion: true, policy, now: ASKED + 70 * MIN, ...o });
  const own: StoredAnswer = { answerId: 'a1', tenantId: 'acme', caseId: 'acme:p1', topic: 'cards', text: 'Cards arrive in 3 to 5 working days.', status: 'posted' };

  it('given a routed question, when an expert answers, then AnswerPosted records the size and hash but not the text', () => {
    const out = decideAnswer({ type: 'PostAnswer', expert, answerId: 'a1', text: own.text }, ctx(routedLog()));
    expect(out).toMatchObject({ ok: true, events: [{ type: 'AnswerPosted', data: { answerId: 'a1', expertId: 'rev-ella', role: 'support_expert', chars: own.text.length } }] });
    expect(JSON.stringify(out)).not.toContain('working days');
  });

  it('approving the question\'s own answer, or an approved answer on the same topic, gives AnswerApproved with the text', () => {
    expect(decideAnswer({ type: 'ApproveAnswer', expert, answer: own, newAnswerId: 'a1', similarity: null }, ctx(routedLog()))).toMatchObject({
      ok: true, events: [{ type: 'AnswerApproved', data: { answerId: 'a1', text: own.text, topic: 'cards', suggestedFrom: null } }],
    });
    const prior: StoredAnswer = { ...own, answerId: 'a0', caseId: 'acme:p0', status: 'approved' };
    expect(decideAnswer({ type: 'ApproveAnswer', expert, answer: prior, newAnswerId: 'a2', similarity: 0.7 }, ctx(routedLog()))).toMatchObject({
      ok: true, events: [{ type: 'AnswerApproved', data: { answerId: 'a2', suggestedFrom: { answerId: 'a0', caseId: 'acme:p0', similarity: 0.7 } } }],
    });
  });

  it('refuses a suggestion that is not approved, is on another topic or belongs to another tenant', () => {
    const c = ctx(routedLog());
    expect(decideAnswer({ type: 'ApproveAnswer', expert, answer: { ...own, caseId: 'acme:p0' }, newAnswerId: 'n', similarity: null }, c)).toMatchObject({ ok: false, field: 'answer_id' });
    expect(decideAnswer({ type: 'ApproveAnswer', expert, answer: { ...own, caseId: 'acme:p0', status: 'approved', topic: 'payments' }, newAnswerId: 'n', similarity: null }, c)).toMatchObject({ ok: false, field: 'answer_id' });
    expect(decideAnswer({ type: 'ApproveAnswer', expert, answer: { ...own, tenantId: 'globex' }, newAnswerId: 'n', similarity: null }, c)).toMatchObject({ ok: false, field: 'answer_id' });
  });

  it('refuses when someone else holds the question, when it is already answered, or when the case is no question', () => {
    const held = [...routedLog(), entry({ type: 'ReviewClaimed', data: { reviewerId: 'rev-other', leaseExpiresAt: ASKED + 80 * MIN } })];
    expect(decideAnswer({ type: 'PostAnswer', expert, answerId: 'a', text: 'x' }, ctx(held))).toMatchObject({ ok: false, refusal: 'conflict' });
    const answered = [...routedLog(), entry({ type: 'AnswerApproved', data: { answerId: 'a1', expertId: 'x', role: 'r', topic: 'cards', text: 't', suggestedFrom: null } })];
    expect(decideAnswer({ type: 'PostAnswer', expert, answerId: 'a', text: 'x' }, ctx(answered))).toMatchObject({ ok: false, refusal: 'conflict' });
    expect(decideAnswer({ type: 'PostAnswer', expert, answerId: 'a', text: 'x' }, ctx(routedLog(), { isQuestion: false }))).toMatchObject({ ok: false, refusal: 'conflict' });
  });

  it('reassigns to another expert queue (new SLA) or to an expert (a lease), never to a non-expert queue', () => {
    const c = ctx(routedLog());
    expect(decideAnswer({ type: 'ReassignQuestion', expert, toQueue: 'experts_payments', toExpert: null, leaseMs: 10 * MIN }, c)).toMatchObject({
      ok: true, events: [{ type: 'QuestionReassigned', data: { fromQueue: 'experts_cards', toQueue: 'experts_payments', toExpert: null, leaseExpiresAt: null, slaDeadline: c.now + 480 * MIN } }],
    });
    const toExpert = decideAnswer({ type: 'ReassignQuestion', expert, toQueue: null, toExpert: 'rev-max', leaseMs: 10 * MIN }, c);
    expect(toExpert).toMatchObject({ ok: true, events: [{ data: { toQueue: 'experts_cards', toExpert: 'rev-max', leaseExpiresAt: c.now + 10 * MIN } }] });
    if (!toExpert.ok) throw new Error('expected a reassignment');
    expect(evolveCase(c.state, entry(toExpert.events[0]!))).toMatchObject({ queue: 'experts_cards', assignee: 'rev-max', leaseExpiresAt: c.now + 10 * MIN, status: 'in_review' });
    expect(decideAnswer({ type: 'ReassignQuestion', expert, toQueue: 'trust_safety', toExpert: null, leaseMs: 1 }, c)).toMatchObject({ ok: false, field: 'queue' });
    expect(decideAnswer({ type: 'ReassignQuestion', expert, toQueue: null, toExpert: null, leaseMs: 1 }, c)).toMatchObject({ ok: false, field: 'queue' });
  });

  it('the case fold: routed questions wait visible in the expert queue; an approved answer closes them', () => {
    const routed = fold(routedLog());
    expect(routed).toMatchObject({ status: 'in_review', visibility: 'visible', queue: 'experts_cards', lastAction: 'route_question' });
    const answered = evolveCase(routed, entry({ type: 'AnswerApproved', data: { answerId: 'a1', expertId: 'x', role: 'r', topic: 'cards', text: 't', suggestedFrom: null } }));
    expect(answered).toMatchObject({ status: 'answered', visibility: 'visible', queue: null, slaDeadline: null, lastAction: 'answer' });
  });
});
