// Migrations are listed explicitly (not read from disk) so they run the same under tsx, jest and a bundle.
import type { Migration } from 'kysely';
import * as decisionLog from './2026_11_22_0001_decision_log';
import * as projections from './2026_11_22_0002_projections';
import * as reviewAudit from './2026_11_22_0003_review_audit';

export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_22_0001_decision_log': decisionLog,
  '2026_11_22_0002_projections': projections,
  '2026_11_22_0003_review_audit': reviewAudit,
};
