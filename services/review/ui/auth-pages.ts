// Sign in with a reviewer token from reviewers.yaml (checked against its SHA-256 hash, as the API
// does), sign out. Member appeal tokens cannot sign in: members appeal through the API.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate } from '../api/auth';
import type { ApiDeps } from '../api/context';
import { renderPage } from './context';
import { endSession, sessionPrincipal, startSession } from './session';

const SignInForm = z.object({ token: z.string().trim().min(1, 'enter your reviewer token').max(200, 'at most 200 characters') });

export function registerAuthPages(scope: FastifyInstance, deps: ApiDeps): void {
  scope.get('/', async (req, reply) => reply.redirect(sessionPrincipal(req, deps.reviewers, Date.now()) ? '/ui/queues' : '/ui/sign-in'));

  scope.get('/sign-in', async (req, reply) => renderPage(req, reply, null, 'sign-in.eta', { error: null }));

  scope.post('/sign-in', async (req, reply) => {
    const form = SignInForm.safeParse(req.body ?? {});
    if (!form.success) return renderPage(req, reply, null, 'sign-in.eta', { error: `Token: ${form.error.issues[0]?.message ?? 'invalid'}` }, 400);
    const p = authenticate(deps.reviewers, `Bearer ${form.data.token}`);
    if (!p || p.role === 'member') return renderPage(req, reply, null, 'sign-in.eta', { error: 'That token does not belong to a reviewer. Check it and try again.' }, 401);
    startSession(reply, p, Date.now());
    return reply.redirect('/ui/queues', 303);
  });

  scope.post('/sign-out', async (_req, reply) => {
    endSession(reply);
    return reply.redirect('/ui/sign-in', 303);
  });
}
