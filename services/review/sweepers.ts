// Runs the answer-routing and quality sweepers every `intervalMs` in the review process (like the SLA
// sweeper); failures are logged and retried on the next round. Tests turn this off and drive the
// sweeps through POST /v1/questions/sweep and POST /v1/quality/sample with an injected clock.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../core/logger';
import { sweepQuestions, type SweepDeps } from './answers/sweep';
import { sweepQuality } from './quality/sweep';

export function startAnswerSweepers(app: FastifyInstance, deps: SweepDeps, intervalMs: number, log: Logger | null): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (async () => {
      const routed = await sweepQuestions(deps, null);
      const sampled = await sweepQuality(deps, null);
      if (routed.length + sampled.length > 0) log?.info({ routed: routed.length, sampled: sampled.length }, 'questions routed to experts; cases sampled for second review');
    })()
      .catch((err: unknown) => log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'answer/quality sweep failed'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });
}
