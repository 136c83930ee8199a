import { Webhook } from 'standardwebhooks';
import { entry } from '../../test/support/fixtures';
import { decisionRecord } from './decision-record';
import { DLQ_HEADERS } from '../core/kafka/dead-letter';
import { outboxDeadLetter } from './outbox-dead-letter';
import { retryPlan } from './retry-plan';
import { decisionWebhookBody, destinationKind, fanOutDestinations, signedRequest, webhookEventType, webhookMessageId, webhookName } from './webhook-events';
import type { WebhookConfig } from './webhooks-config';

const SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const routed = { action: 'hide' as const, reasonCode: 'AUTO_HIDE', drivers: ['spam'], queue: null, severity: null, priority: 0, slaDeadline: null };
const hook = (name: string, tenant: string, events: string[]): WebhookConfig => ({ name, tenant, url: 'http://x', events, secret: SECRET, timeoutMs: 1000, maxAttempts: 3 });

describe('webhook event types and fan-out', () => {
  it('names decision types after the log event, in snake case', () => {
    expect(webhookEventType('AutoHidden')).toBe('decision.auto_hidden');
    expect(webhookEventType('ReviewDecided')).toBe('decision.review_decided');
    expect(webhookEventType('DecisionSuperseded')).toBe('decision.decision_superseded');
  });

  it('gives each subscribed webhook a decision row, and a notice row when the member is affected', () => {
    const hidden = entry({ type: 'AutoHidden', data: routed });
    const hooks = [hook('crm', 'acme', ['decision.*']), hook('mail', 'acme', ['member.notification']), hook('other', 'globex', ['*']), hook('all', '*', ['*'])];
    expect(fanOutDestinations(hooks, hidden, decisionRecord(hidden, 'p1', 'x'))).toEqual(['webhook:crm', 'notice:mail', 'webhook:all', 'notice:all']);
    const allowed = entry({ type: 'AutoAllowed', data: { ...routed, action: 'allow' as const } });
    expect(fanOutDestinations(hooks, allowed, decisionRecord(allowed, 'p1', 'x'))).toEqual(['webhook:crm', 'webhook:all']);
    expect(fanOutDestinations(hooks, hidden, null)).toEqual([]);
  });

  it('notifies members of removals, restrictions and appeal outcomes, not of approvals', () => {
    const hooks = [hook('mail', 'acme', ['member.notification'])];
    const decided = (action: 'approve' | 'remove' | 'restrict_author') => entry({ type: 'ReviewDecided', data: { reviewerId: 'r', role: 'trust_safety', action, reasonCode: 'SPAM' } });
    for (const [e, expected] of [[decided('remove'), ['notice:mail']], [decided('restrict_author'), ['notice:mail']], [decided('approve'), []]] as const) {
      expect(fanOutDestinations(hooks, e, decisionRecord(e, 'p1', 'x'))).toEqual(expected);
    }
    const appeal = entry({ type: 'AppealDecided', data: { appealId: 'a', reviewerId: 'r2', outcome: 'reversed', reasonCode: 'OK' } });
    expect(fanOutDestinations(hooks, appeal, decisionRecord(appeal, 'p1', 'x'))).toEqual(['notice:mail']);
  });

  it('labels destinations by kind only, and reads the webhook name back', () => {
    expect(['kafka:decisions', 'webhook:crm', 'notice:crm', 'fanout:webhooks', 'x'].map(destinationKind)).toEqual(['kafka:decisions', 'webhook', 'notice', 'fanout', 'other']);
    expect(webhookName('notice:crm')).toBe('crm');
    expect(webhookName('kafka:decisions')).toBeNull();
  });

  it('derives the message id from the log event, distinct for a notice', () => {
    expect(webhookMessageId('evt-1', 'webhook:crm')).toBe('evt-1');
    expect(webhookMessageId('evt-1', 'notice:crm')).toBe('evt-1:notice');
  });
});

describe('signing', () => {
  const e = entry({ type: 'AutoHidden', data: routed });
  const body = decisionWebhookBody(decisionRecord(e, 'p1', 'https://vigil.example')!, 'AutoHidden');

  it('sends the decision record plus its type', () => {
    expect(body).toMatchObject({ type: 'decision.auto_hidden', idempotency_key: e.eventId, case_id: 'acme:p1', action: 'hide', automated: 'yes' });
  });

  it('produces Standard Webhooks headers that the standardwebhooks library verifies', () => {
    const at = new Date();
    const req = signedRequest(SECRET, 'evt-1', at, body);
    expect(req.headers['webhook-id']).toBe('evt-1');
    expect(req.headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(SECRET).verify(req.body, req.headers)).toEqual(JSON.parse(req.body));
  });

  it('fails verification with another secret or a changed body', () => {
    const req = signedRequest(SECRET, 'evt-1', new Date(), body);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 9).toString('base64')}`).verify(req.body, req.headers)).toThrow();
    expect(() => new Webhook(SECRET).verify(req.body.replace('"hide"', '"allow"'), req.headers)).toThrow();
  });
});

describe('retry plan', () => {
  const now = new Date(Date.UTC(2026, 10, 22));
  it('retries with exponential backoff until the budget is spent', () => {
    expect(retryPlan(1, 3, now, 1)).toEqual({ giveUp: false, nextAttemptAt: new Date(now.getTime() + 1_000) });
    expect(retryPlan(2, 3, now, 1).nextAttemptAt.getTime() - now.getTime()).toBe(2_000);
    expect(retryPlan(3, 3, now, 0.5).giveUp).toBe(true);
  });
  it('gives up at once when there is nothing to retry against', () => {
    expect(retryPlan(1, null, now, 1).giveUp).toBe(true);
  });
});

describe('outbox dead letter', () => {
  it('carries the reason, the destination and the outbox row id in the usual headers', () => {
    const m = outboxDeadLetter({ outboxId: 42, destination: 'webhook:crm', eventId: 'evt-1', caseId: 'acme:p1', attempts: 3, reason: 'answered HTTP 500', payload: { a: 1 }, messageId: 'evt-1' }, new Date(0));
    expect(m.key).toBe('acme:p1');
    expect(JSON.parse(String(m.value))).toEqual({ a: 1 });
    expect(m.headers).toMatchObject({
      [DLQ_HEADERS.reason]: 'webhook:crm: answered HTTP 500 (gave up after 3 attempts)',
      [DLQ_HEADERS.sourceTopic]: 'outbox', [DLQ_HEADERS.sourceOffset]: '42', [DLQ_HEADERS.stage]: 'writeback',
      'vigil-dlq-destination': 'webhook:crm', 'idempotency-key': 'evt-1',
    });
  });
});
