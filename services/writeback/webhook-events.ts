// Pure rules for webhooks: the event type a logged decision becomes, which webhooks receive it (the
// fan-out), the signed request, and the message ids that make a retry harmless downstream.
import { Webhook } from 'standardwebhooks';
import type { LogEntry } from '../core/log/events';
import { DECISIONS_DESTINATION, WEBHOOK_FANOUT_DESTINATION } from '../core/log/step';
import type { DecisionRecord } from './decision-record';
import { MEMBER_NOTIFICATION, subscribes, type WebhookConfig } from './webhooks-config';

export const WEBHOOK_DESTINATION_PREFIX = 'webhook:';
export const NOTICE_DESTINATION_PREFIX = 'notice:';

/** `AutoHidden` -> `decision.auto_hidden`; new outward event types get a type without code changes. */
export function webhookEventType(logEventType: string): string {
  return `decision.${logEventType.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** Actions that take something away from a member, or answer their appeal: these get a notice. */
const MEMBER_AFFECTING_ACTIONS: ReadonlySet<string> = new Set(['hide', 'remove', 'restrict_author', 'appeal_upheld', 'appeal_reversed']);

export function affectsMember(record: Pick<DecisionRecord, 'action'>): boolean {
  return MEMBER_AFFECTING_ACTIONS.has(record.action);
}

/** Destinations (`webhook:<name>`, `notice:<name>`) for one logged decision. */
export function fanOutDestinations(webhooks: readonly WebhookConfig[], entry: Pick<LogEntry, 'tenantId'> & { event: { type: string } }, record: Pick<DecisionRecord, 'action'> | null): string[] {
  if (!record) return [];
  const type = webhookEventType(entry.event.type);
  const out: string[] = [];
  for (const w of webhooks) {
    if (subscribes(w, entry.tenantId, type)) out.push(`${WEBHOOK_DESTINATION_PREFIX}${w.name}`);
    if (affectsMember(record) && subscribes(w, entry.tenantId, MEMBER_NOTIFICATION)) out.push(`${NOTICE_DESTINATION_PREFIX}${w.name}`);
  }
  return out;
}

export type DestinationKind = 'kafka:decisions' | 'webhook' | 'notice' | 'fanout' | 'other';

/** A destination's kind: the only form allowed as a metric label (never a webhook name or URL). */
export function destinationKind(destination: string): DestinationKind {
  if (destination === DECISIONS_DESTINATION) return 'kafka:decisions';
  if (destination.startsWith(WEBHOOK_DESTINATION_PREFIX)) return 'webhook';
  if (destination.startsWith(NOTICE_DESTINATION_PREFIX)) return 'notice';
  if (destination === WEBHOOK_FANOUT_DESTINATION) return 'fanout';
  return 'other';
}

export function webhookName(destination: string): string | null {
  for (const prefix of [WEBHOOK_DESTINATION_PREFIX, NOTICE_DESTINATION_PREFIX]) if (destination.startsWith(prefix)) return destination.slice(prefix.length);
  return null;
}

/**
 * The Standard Webhooks message id, derived from the log event: the same on every attempt and after
 * `vigil writeback retry`, so a receiver can drop duplicates. A decision and its notice differ.
 */
export function webhookMessageId(eventId: string, destination: string): string {
  return destinationKind(destination) === 'notice' ? `${eventId}:notice` : eventId;
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** Signs `id.timestamp.body` with HMAC-SHA256 (standardwebhooks); the timestamp is the attempt's time. */
export function signedRequest(secret: string, messageId: string, at: Date, payload: unknown): SignedRequest {
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(messageId, at, body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}

/** The decision webhook body: the `decisions` contract record plus its event type. */
export function decisionWebhookBody(record: DecisionRecord, logEventType: string): Record<string, unknown> {
  return { type: webhookEventType(logEventType), ...record };
}
