// Reading and writing the exposure counters and limits (migration 2026_11_22_0004). The tables are
// added to the kysely type with withTables, so the shared Database interface stays as it is.
import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/database';
import { blockedCategories, harmCategoriesOf, utcDay, type HarmCategory } from './exposure';

type WellbeingTables = {
  reviewer_exposure: { reviewer_id: string; day: string; category: string; case_id: string; tenant_id: string; first_seen_at: Date };
  reviewer_exposure_limits: { reviewer_id: string; category: string; daily_limit: number; set_by: string; set_at: Date };
};

const wellbeing = (db: Db | Tx) => db.withTables<WellbeingTables>();

export interface ExposureSummary {
  reviewer_id: string;
  day: string;
  counts: Record<string, number>;
  limits: Record<string, number>;
  blocked: HarmCategory[];
}

/**
 * Counts a case's harm categories against the reviewer for today. Seeing the same case again the same
 * day changes nothing (the primary key makes the insert a no-op). Returns the categories counted.
 */
export async function recordExposure(db: Db | Tx, reviewerId: string, c: { caseId: string; tenantId: string; reasons: readonly string[] }, now: number): Promise<HarmCategory[]> {
  const categories = harmCategoriesOf(c.reasons);
  if (categories.length === 0) return [];
  const day = utcDay(now);
  await wellbeing(db)
    .insertInto('reviewer_exposure')
    .values(categories.map((category) => ({ reviewer_id: reviewerId, day, category, case_id: c.caseId, tenant_id: c.tenantId, first_seen_at: new Date(now) })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return categories;
}

export async function exposureOf(db: Db | Tx, reviewerId: string, now: number): Promise<ExposureSummary> {
  const day = utcDay(now);
  const [countRows, limitRows] = await Promise.all([
    wellbeing(db)
      .selectFrom('reviewer_exposure')
      .select((eb) => ['category', eb.fn.countAll<string>().as('n')])
      .where('reviewer_id', '=', reviewerId)
      .where('day', '=', day)
      .groupBy('category')
      .execute(),
    wellbeing(db).selectFrom('reviewer_exposure_limits').select(['category', 'daily_limit']).where('reviewer_id', '=', reviewerId).execute(),
  ]);
  const counts = Object.fromEntries(countRows.map((r) => [r.category, Number(r.n)]));
  const limits = Object.fromEntries(limitRows.map((r) => [r.category, r.daily_limit]));
  return { reviewer_id: reviewerId, day, counts, limits, blocked: blockedCategories(counts, limits) };
}

/** Sets (or, with null, removes) a reviewer's daily limit for one harm category. */
export async function setExposureLimit(db: Db, reviewerId: string, category: HarmCategory, dailyLimit: number | null, setBy: string, now: number): Promise<void> {
  if (dailyLimit === null) {
    await wellbeing(db).deleteFrom('reviewer_exposure_limits').where('reviewer_id', '=', reviewerId).where('category', '=', category).execute();
    return;
  }
  await wellbeing(db)
    .insertInto('reviewer_exposure_limits')
    .values({ reviewer_id: reviewerId, category, daily_limit: dailyLimit, set_by: setBy, set_at: new Date(now) })
    .onConflict((oc) => oc.columns(['reviewer_id', 'category']).doUpdateSet({ daily_limit: dailyLimit, set_by: setBy, set_at: new Date(now) }))
    .execute();
}

/** A SQL condition for claim-next: the case's review task names none of the blocked categories. */
export function noBlockedCategory(blocked: readonly string[]) {
  return sql<boolean>`not exists (select 1 from review_tasks t where t.case_id = cases.case_id and t.reasons ?| ${sql.val(blocked)}::text[])`;
}
