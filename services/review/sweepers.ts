// The review process's periodic sweepers: SLA breaches, unanswered questions and quality sampling run
// every `intervalMs`; a round that is still running is not started twice, and failures are logged and
// retried on the next round. Tests turn this off and drive the sweeps through their lead endpoints
// (POST /v1/sla/check, /v1/questions/sweep, /v1/quality/sample) with an injected clock.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/logger';
import { sweepQuestions, type SweepDeps } from './answers/sweep';
import { sweepSla } from './api/sla';
import { sweepQuality } from './quality/sweep';

type Round = () => Promise<Record<string, number>>;

function every(app: FastifyInstance, name: string, intervalMs: number, log: Logger | null, round: Round): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    round()
      .then((counts) => (Object.values(counts).some((n) => n > 0) ? log?.info(counts, `${name} sweep`) : undefined))
      .catch((err: unknown) => log?.warn({ err: err instanceof Error ? err.message : String(err) }, `${name} sweep failed`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
}

export function startReviewSweepers(app: FastifyInstance, deps: SweepDeps, intervalMs: number, log: Logger | null): void {
  every(app, 'SLA', intervalMs, log, async () => ({ breaches: (await sweepSla(deps, null)).length }));
  every(app, 'answer routing and quality', intervalMs, log, async () => ({
    routed: (await sweepQuestions(deps, null)).length,
    sampled: (await sweepQuality(deps, null)).length,
  }));
}
