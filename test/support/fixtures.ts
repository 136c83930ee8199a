// Builders for test data. Each returns a fresh object; override only what a test is about.
import type { LogEntry, PostFacts } from '../../services/core/log/events';
import { CATEGORIES } from '../../services/classify/signals/types';

export function facts(overrides: Partial<PostFacts> & { scores?: Record<string, number> } = {}): PostFacts {
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, 0.01]));
  return {
    postId: 'p1',
    authorId: 'm1',
    tier: 'free',
    accountAgeDays: 100,
    priorStrikes: 0,
    audienceSize: 100,
    isPublic: true,
    language: 'en',
    productTopic: null,
    isQuestion: false,
    topic: null,
    createdAt: Date.UTC(2026, 10, 22),
    ...overrides,
    scores: { ...scores, ...(overrides.scores ?? {}) },
  };
}

let seq = 0;
export function entry(event: LogEntry['event'], overrides: Partial<LogEntry> = {}): LogEntry {
  seq += 1;
  return {
    seq,
    eventId: `e${seq}`,
    tenantId: 'acme',
    caseId: 'acme:p1',
    event,
    policyVersion: 'v1',
    modelVersions: {},
    thresholds: null,
    actor: { type: 'system', id: 'route' },
    causationId: null,
    correlationId: null,
    traceId: null,
    occurredAt: new Date(Date.UTC(2026, 10, 22, 12, 0, seq)),
    recordedAt: new Date(Date.UTC(2026, 10, 22, 12, 0, seq)),
    prevHash: '',
    hash: '',
    ...overrides,
  };
}

export function rawPost(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 1,
    event_id: 'evt-1',
    tenant_id: 'acme',
    post_id: 'p1',
    thread_id: null,
    topic_id: null,
    author: { member_id: 'm1', account_age_days: 10, tier: 'free' },
    is_public: true,
    audience_size: null,
    language: null,
    text: 'Hello there, how do I reset my card PIN?',
    links: [],
    created_at: Date.UTC(2026, 10, 22, 12),
    ...overrides,
  };
}
