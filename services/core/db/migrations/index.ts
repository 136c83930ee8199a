// Migrations are listed explicitly (not read from disk) so they run the same under tsx, jest and a bundle.
import type { Migration } from 'kysely';
import * as decisionLog from './2026_11_22_0001_decision_log';
import * as projections from './2026_11_22_0002_projections';
import * as reviewAudit from './2026_11_22_0003_review_audit';
import * as reviewerExposure from './2026_11_22_0004_reviewer_exposure';
import * as answers from './2026_11_22_0006_answers';

export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_22_0001_decision_log': decisionLog,
  '2026_11_22_0002_projections': projections,
  '2026_11_22_0003_review_audit': reviewAudit,
  '2026_11_22_0004_reviewer_exposure': reviewerExposure,
  '2026_11_22_0006_answers': answers,
};
