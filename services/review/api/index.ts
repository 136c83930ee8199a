// registerReviewApi: the review service's HTTP API on the stage's fastify instance. Routes live in a
// scoped plugin so the error handler that produces {error, field?, reason} applies to them alone.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../core/db/database';
import type { Logger } from '../../core/logger';
import type { PolicyStore } from '../../route/policy-store';
import { DEFAULT_LEASE_MS } from '../workflow';
import { registerAnswerRoutes } from './answer-routes';
import { registerAppealRoutes } from './appeal-routes';
import { loadReviewersIfPresent, type ReviewerDirectory } from './auth';
import type { AppliedHook } from './case-store';
import { registerCaseRoutes } from './case-routes';
import { makeGuard, type ApiDeps } from './context';
import { ApiError } from './errors';
import { openApiDocument } from './openapi';
import { registerQualityRoutes } from './quality-routes';
import { registerQueueRoutes } from './queue-routes';
import { registerSlaRoutes } from './sla';
import { startReviewSweepers } from '../sweepers';
import { registerWellbeingRoutes } from './wellbeing-routes';
import { registerReviewUi } from '../ui';

export interface ReviewApiOptions {
  db: Db;
  policies: PolicyStore;
  /** A loaded directory, or the path of the reviewers YAML file. */
  reviewers: ReviewerDirectory | string;
  clock?: () => number;
  leaseMs?: number;
  /** How often the in-process SLA, answer-routing and quality sweepers run; 0 turns them off (tests drive them through their endpoints). */
  slaSweepMs?: number;
  log?: Logger;
  /** Told what each workflow command appended; the review metrics count claims, expiries and breaches. */
  onApplied?: AppliedHook;
}

export function registerReviewApi(app: FastifyInstance, opts: ReviewApiOptions): void {
  const deps: ApiDeps = {
    db: opts.db,
    policies: opts.policies,
    reviewers: typeof opts.reviewers === 'string' ? loadReviewersIfPresent(opts.reviewers, (m) => opts.log?.warn(m)) : opts.reviewers,
    clock: opts.clock ?? Date.now,
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    ...(opts.onApplied ? { onApplied: opts.onApplied } : {}),
  };
  const guard = makeGuard(deps.reviewers);
  const document = openApiDocument();
  // The document describes the API and holds no data, so it is public like /healthz.
  app.get('/openapi.json', () => document);
  void app.register((scope, _opts, done) => {
    scope.setErrorHandler((err, _req, reply) => {
      if (err instanceof ApiError) return reply.code(err.status).send(err.body());
      const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
      if (status < 500) return reply.code(status).send({ error: 'bad request', reason: err instanceof Error ? err.message : String(err) });
      opts.log?.error({ err: err instanceof Error ? err.message : String(err) }, 'review API error');
      return reply.code(500).send({ error: 'internal', reason: 'unexpected error; see the service log' });
    });
    registerQueueRoutes(scope, deps, guard);
    registerCaseRoutes(scope, deps, guard);
    registerAppealRoutes(scope, deps, guard);
    registerSlaRoutes(scope, deps, guard);
    registerAnswerRoutes(scope, deps, guard);
    registerQualityRoutes(scope, deps, guard);
    registerWellbeingRoutes(scope, deps, guard);
    done();
  });
  const sweepMs = opts.slaSweepMs ?? 30_000;
  if (sweepMs > 0) startReviewSweepers(app, deps, sweepMs, opts.log ?? null);
  // The reviewers' web UI under /ui, on the same deps and permission matrix.
  registerReviewUi(app, deps, opts.log);
}
