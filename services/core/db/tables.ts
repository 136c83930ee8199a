// Kysely table types. The decision log is the system of record; every other table is a projection or
// a work queue derived from it, and can be rebuilt by `vigil replay`.
import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type BigIntCol = ColumnType<string | number, number | string, number | string>;

export interface DecisionLogTable {
  seq: BigIntCol;
  event_id: string;
  tenant_id: string;
  case_id: string;
  event_type: string;
  payload: Json;
  policy_version: string | null;
  model_versions: Json;
  thresholds: Json | null;
  actor_type: string;
  actor_id: string;
  actor_role: string | null;
  causation_id: string | null;
  correlation_id: string | null;
  trace_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  prev_hash: string;
  hash: string;
}

export interface CasesTable {
  case_id: string;
  tenant_id: string;
  post_id: string;
  author_id: string | null;
  status: string;
  visibility: string;
  queue: string | null;
  severity: string | null;
  priority: number;
  sla_deadline: Timestamp | null;
  assignee: string | null;
  lease_expires_at: Timestamp | null;
  last_action: string | null;
  policy_version: string | null;
  history: Json;
  last_seq: BigIntCol;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  event_seq: BigIntCol;
  event_id: string;
  destination: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  delivered_at: Timestamp | null;
  failed_at: Timestamp | null;
  last_error: string | null;
}

export interface ConsumerPositionsTable {
  consumer_group: string;
  topic: string;
  partition: number;
  next_offset: BigIntCol;
}

export interface ReviewTasksTable {
  task_id: string;
  case_id: string;
  tenant_id: string;
  post_id: string;
  queue: string;
  severity: string;
  priority: number;
  sla_deadline: Timestamp;
  reasons: Json;
  visibility: string;
  text: string;
  author_id: string;
  policy_version: string;
  status: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export interface MemberActivityTable {
  tenant_id: string;
  member_id: string;
  event_id: string;
  posted_at: Timestamp;
}

/** Sensitive reviewer actions that are not decisions, e.g. revealing masked personal data. */
export interface ReviewAuditTable {
  id: Generated<number>;
  tenant_id: string;
  case_id: string;
  reviewer_id: string;
  role: string;
  action: string;
  at: Timestamp;
}

export interface Database {
  decision_log: DecisionLogTable;
  cases: CasesTable;
  outbox: OutboxTable;
  consumer_positions: ConsumerPositionsTable;
  review_tasks: ReviewTasksTable;
  member_activity: MemberActivityTable;
  review_audit: ReviewAuditTable;
}
