// Every event the decision log can hold, as one discriminated union. Events are facts, named in the
// past tense; their payloads carry what a replay needs and no post text (the log is kept for years).

export type Action = 'allow' | 'hide' | 'provisional' | 'review' | 'escalate';
export type ReviewAction = 'approve' | 'remove' | 'restrict_author' | 'escalate' | 'request_context';
export type Severity = 'low' | 'medium' | 'high' | 'urgent';

export interface Actor {
  type: 'system' | 'reviewer' | 'member';
  id: string;
  role?: string;
}

/** The facts about a post that routing looked at; enough to re-score it later under a new policy. */
export interface PostFacts {
  postId: string;
  authorId: string;
  tier: string;
  accountAgeDays: number | null;
  priorStrikes: number;
  audienceSize: number;
  isPublic: boolean;
  language: string;
  productTopic: string | null;
  scores: Record<string, number>;
  isQuestion: boolean;
  topic: string | null;
  createdAt: number;
}

export interface RoutingOutcome {
  action: Action;
  reasonCode: string;
  /** Categories (or hard rules) that drove the outcome. */
  drivers: string[];
  queue: string | null;
  severity: Severity | null;
  priority: number;
  /** Epoch ms, computed from the event's own time so replays agree. */
  slaDeadline: number | null;
}

/** An unanswered question sent to an expert queue by the answer-routing sweeper. */
export interface QuestionRouting {
  /** The topic key that picked the queue (router label or product topic), or null for the default queue. */
  topic: string | null;
  queue: string;
  questionScore: number;
  askedAt: number;
  priority: number;
  slaDeadline: number;
}

export type DecisionEvent =
  | { type: 'PostClassified'; data: PostFacts }
  | { type: 'AutoAllowed'; data: RoutingOutcome }
  | { type: 'AutoHidden'; data: RoutingOutcome }
  | { type: 'ProvisionallyPublished'; data: RoutingOutcome }
  | { type: 'QueuedForReview'; data: RoutingOutcome }
  | { type: 'Escalated'; data: RoutingOutcome & { note?: string } }
  | { type: 'ReviewClaimed'; data: { reviewerId: string; leaseExpiresAt: number } }
  | { type: 'ReviewReleased'; data: { reviewerId: string; why: 'released' | 'expired' | 'reassigned'; reassignedTo?: string } }
  | { type: 'ReviewDecided'; data: { reviewerId: string; role: string; action: ReviewAction; reasonCode: string; note?: string } }
  | { type: 'SlaBreached'; data: { queue: string; deadline: number; escalatedTo: string | null } }
  | { type: 'AppealFiled'; data: { appealId: string; memberId: string; statement: string; appealedSeq: number; slaDeadline: number } }
  | { type: 'AppealDecided'; data: { appealId: string; reviewerId: string; outcome: 'upheld' | 'reversed'; reasonCode: string } }
  | { type: 'PolicyPublished'; data: { version: string; hash: string; policy: unknown } }
  | { type: 'ThresholdTightened'; data: { category: string; from: number; to: number; fromVersion: string; toVersion: string; why: string } }
  | { type: 'DecisionSuperseded'; data: { supersededSeq: number; previous: Action; next: RoutingOutcome; policyVersion: string } }
  | { type: 'WritebackDelivered'; data: { eventSeq: number; destination: string; attempts: number } }
  | { type: 'WritebackFailed'; data: { eventSeq: number; destination: string; attempts: number; error: string } }
  | { type: 'QuestionRoutedToExpert'; data: QuestionRouting }
  // Answer drafts stay in the `answers` table; the log keeps their id, size and hash.
  | { type: 'AnswerPosted'; data: { answerId: string; expertId: string; role: string; chars: number; sha256: string } }
  // The approved text goes downstream on `decisions`, so it is in the event: writeback rebuilds records from the log alone.
  | { type: 'AnswerApproved'; data: { answerId: string; expertId: string; role: string; topic: string | null; text: string; suggestedFrom: { answerId: string; caseId: string; similarity: number } | null } }
  | { type: 'QuestionReassigned'; data: { expertId: string; role: string; fromQueue: string | null; toQueue: string; toExpert: string | null; leaseExpiresAt: number | null; slaDeadline: number } }
  | { type: 'QualitySampled'; data: { queue: string; sampleRate: number; firstSeq: number; firstReviewerId: string; firstAction: ReviewAction; slaDeadline: number } }
  | { type: 'SecondReviewDecided'; data: { reviewerId: string; role: string; action: ReviewAction; reasonCode: string; firstReviewerId: string; firstAction: ReviewAction; agrees: boolean } };

export type DecisionEventType = DecisionEvent['type'];

export const DECISION_EVENT_TYPES: readonly DecisionEventType[] = [
  'PostClassified', 'AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated',
  'ReviewClaimed', 'ReviewReleased', 'ReviewDecided', 'SlaBreached', 'AppealFiled', 'AppealDecided',
  'PolicyPublished', 'ThresholdTightened', 'DecisionSuperseded', 'WritebackDelivered', 'WritebackFailed',
  'QuestionRoutedToExpert', 'AnswerPosted', 'AnswerApproved', 'QuestionReassigned', 'QualitySampled', 'SecondReviewDecided',
];

/** An event ready to append: the fact plus who, why, under which policy and models, and when. */
export interface NewLogEntry {
  eventId: string;
  tenantId: string;
  caseId: string;
  event: DecisionEvent;
  policyVersion: string | null;
  modelVersions: Record<string, string>;
  thresholds: Record<string, unknown> | null;
  actor: Actor;
  causationId: string | null;
  correlationId: string | null;
  traceId: string | null;
  occurredAt: Date;
}

/** A row as stored, with its place in the global order and the hash chain. */
export interface LogEntry extends NewLogEntry {
  seq: number;
  recordedAt: Date;
  prevHash: string;
  hash: string;
}

/** Events that become a record on the `decisions` topic (and a webhook) when appended. */
export const OUTWARD_EVENT_TYPES: ReadonlySet<DecisionEventType> = new Set([
  'AutoAllowed', 'AutoHidden', 'ProvisionallyPublished', 'QueuedForReview', 'Escalated',
  'ReviewDecided', 'AppealDecided', 'DecisionSuperseded', 'AnswerApproved',
]);
