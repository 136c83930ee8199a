// The policy in force for a tenant is the one most recently published to the decision log: a file
// change publishes a new version, and so does automatic tightening. Read at most once a second.
import { sql } from 'kysely';
import type { Db, Tx } from '../core/db/database';
import { PolicySchema, type Policy } from './policy';

const REFRESH_MS = 1_000;

export async function latestPublished(db: Db | Tx): Promise<Map<string, { policy: Policy; seq: number }>> {
  const rows = await sql<{ tenant_id: string; payload: { policy: unknown }; seq: number }>`
    select distinct on (tenant_id) tenant_id, payload, seq
    from decision_log where event_type = 'PolicyPublished'
    order by tenant_id, seq desc`.execute(db);
  const out = new Map<string, { policy: Policy; seq: number }>();
  for (const r of rows.rows) {
    const parsed = PolicySchema.safeParse(r.payload.policy);
    if (parsed.success) out.set(r.tenant_id, { policy: parsed.data, seq: Number(r.seq) });
  }
  return out;
}

export class PublishedPolicies {
  private latest = new Map<string, { policy: Policy; seq: number }>();
  private readAt = 0;

  constructor(private readonly db: Db) {}

  async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.readAt < REFRESH_MS) return;
    this.latest = await latestPublished(this.db);
    this.readAt = Date.now();
  }

  /** The tenant's own latest published policy if it is newer than the file-based one, else the file's. */
  effective(tenantId: string, fromFiles: Policy, fileSeq: number | null): Policy {
    const own = this.latest.get(tenantId);
    if (own && (fileSeq === null || own.seq > fileSeq)) return own.policy;
    return fromFiles;
  }
}
