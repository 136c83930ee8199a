// What every UI route shares: the API's dependencies, the session guard (the API's permission matrix,
// not a copy of it) and a render helper that gives each page the signed-in reviewer, nav and message.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../api/auth';
import type { ApiDeps } from '../api/context';
import { ApiError } from '../api/errors';
import { can, type ApiAction } from '../api/permissions';
import { takeFlash } from './flash';
import { sessionPrincipal } from './session';

/** Thrown when there is no valid session; the UI's error handler sends the browser to sign in. */
export class SignInRequired extends Error {}

export type UiGuard = (req: FastifyRequest, action: ApiAction) => Principal;

export function makeUiGuard(deps: ApiDeps): UiGuard {
  return (req, action) => {
    const p = sessionPrincipal(req, deps.reviewers, Date.now());
    if (!p) throw new SignInRequired();
    if (!can(p.role, action)) throw new ApiError(403, 'role not permitted', `Your role (${p.role.replace('_', ' ')}) may not do this (${action}).`);
    return p;
  };
}

export interface Nav {
  queues: boolean;
  dashboard: boolean;
}

/** Renders `view` inside the layout with the reviewer, the navigation their role allows and any message. */
export async function renderPage(req: FastifyRequest, reply: FastifyReply, p: Principal | null, view: string, data: Record<string, unknown>, status = 200) {
  const nav: Nav = { queues: p !== null && can(p.role, 'queues.list'), dashboard: p !== null && can(p.role, 'queues.dashboard') };
  const flash = takeFlash(req, reply);
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .view(view, { user: p, nav, flash, title: 'Vigil review', ...data });
}
