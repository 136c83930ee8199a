// Appeals: the member-facing POST /v1/appeals (per-tenant appeal token) and the reviewer's decision.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { actionResult, actOnCase, actorOf } from './case-store';
import type { ApiDeps, Guard } from './context';
import { parseOr400 } from './errors';
import { AppealBody, AppealCaseParams, AppealDecideBody } from './schemas';

export function registerAppealRoutes(app: FastifyInstance, deps: ApiDeps, guard: Guard): void {
  app.post('/v1/appeals', async (req, reply) => {
    const p = guard(req, 'appeal.file');
    const body = parseOr400(AppealBody, req.body, 'body');
    const result = await actOnCase(
      deps, p, body.case_id,
      () => ({ type: 'FileAppeal', appealId: randomUUID(), memberId: body.member_id, statement: body.statement }),
      actorOf(p, body.member_id),
    );
    return reply.code(201).send(actionResult(result));
  });

  app.post('/v1/appeals/:case_id/decide', async (req) => {
    const p = guard(req, 'appeal.decide');
    const { case_id } = parseOr400(AppealCaseParams, req.params, 'path');
    const body = parseOr400(AppealDecideBody, req.body, 'body');
    return actionResult(
      await actOnCase(deps, p, case_id, () => ({ type: 'DecideAppeal', reviewer: { id: p.id, role: p.role }, outcome: body.outcome, reasonCode: body.reason_code })),
    );
  });
}
