// registerReviewUi: the reviewers' web UI, server-rendered (eta through @fastify/view) under /ui on the
// review service's own server. It calls the same functions as the HTTP API, behind the same permission
// matrix; only authentication differs (a signed session cookie instead of a bearer token).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../../core/logger';
import type { ApiDeps } from '../api/context';
import { ApiError } from '../api/errors';
import { registerAuthPages } from './auth-pages';
import { registerCasePages } from './case-pages';
import { makeUiGuard, renderPage, SignInRequired } from './context';
import { registerLeadPages } from './lead-pages';
import { registerQueuePages } from './queue-pages';
import { sessionPrincipal, sessionSecret } from './session';

const STATIC: Record<string, string> = { 'ui.css': 'text/css; charset=utf-8', 'ui.js': 'text/javascript; charset=utf-8' };

function registerStatic(scope: FastifyInstance): void {
  const files = new Map(Object.entries(STATIC).map(([name, type]) => [name, { type, body: readFileSync(join(__dirname, 'static', name), 'utf8') }]));
  scope.get('/static/:file', async (req, reply) => {
    const file = files.get((req.params as { file: string }).file);
    if (!file) return reply.code(404).type('text/plain').send('not found');
    return reply.type(file.type).header('cache-control', 'public, max-age=300').send(file.body);
  });
}

export function registerReviewUi(app: FastifyInstance, deps: ApiDeps, log?: Logger): void {
  void app.register(
    async (scope) => {
      await scope.register(fastifyCookie, { secret: sessionSecret() });
      await scope.register(fastifyFormbody, { bodyLimit: 16_384 });
      await scope.register(fastifyView, { engine: { eta: new Eta({ autoEscape: true, autoTrim: false }) }, templates: join(__dirname, 'views'), layout: 'layout.eta' });
      // The signed-in reviewer, if any, so error pages keep the navigation.
      const who = (req: FastifyRequest) => (req.cookies ? sessionPrincipal(req, deps.reviewers, Date.now()) : null);
      scope.setErrorHandler(async (err, req, reply) => {
        if (err instanceof SignInRequired) return reply.redirect('/ui/sign-in', 303);
        if (err instanceof ApiError) return renderPage(req, reply, who(req), 'error.eta', { status: err.status, message: err.reason }, err.status);
        const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
        if (status < 500) return renderPage(req, reply, who(req), 'error.eta', { status, message: err instanceof Error ? err.message : 'bad request' }, status);
        // Never a stack trace in the page: the details go to the service log.
        log?.error({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'review UI error');
        return renderPage(req, reply, who(req), 'error.eta', { status: 500, message: 'Something went wrong on our side. The details are in the review service log.' }, 500);
      });
      scope.setNotFoundHandler(async (req, reply) => renderPage(req, reply, who(req), 'error.eta', { status: 404, message: 'There is no such page.' }, 404));
      const guard = makeUiGuard(deps);
      registerStatic(scope);
      registerAuthPages(scope, deps);
      registerQueuePages(scope, deps, guard);
      registerCasePages(scope, deps, guard);
      registerLeadPages(scope, deps, guard);
    },
    { prefix: '/ui' },
  );
}
