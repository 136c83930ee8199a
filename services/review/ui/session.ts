// The UI's session: a signed (HMAC, @fastify/cookie), HttpOnly, SameSite=Strict cookie holding the
// reviewer id and when they signed in. The reviewer is looked up again on every request, so removing
// someone from reviewers.yaml ends their session at the next restart of the directory.
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, ReviewerDirectory } from '../api/auth';

export const SESSION_COOKIE = 'vigil_session';
export const SESSION_MAX_AGE_S = 8 * 3600;
const MIN_SECRET_LENGTH = 32;

/**
 * VIGIL_UI_SESSION_SECRET signs session cookies (sessions then survive restarts and work across
 * replicas). Without it, a random per-process secret is used: every restart signs everyone out.
 */
export function sessionSecret(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.VIGIL_UI_SESSION_SECRET;
  if (configured === undefined || configured === '') return randomBytes(32).toString('hex');
  if (configured.length < MIN_SECRET_LENGTH) throw new Error(`VIGIL_UI_SESSION_SECRET: must be at least ${MIN_SECRET_LENGTH} characters (got ${configured.length})`);
  return configured;
}

/** The signed-in reviewer, or null for no, a forged, an expired or a member session. */
export function sessionPrincipal(req: FastifyRequest, reviewers: ReviewerDirectory, nowMs: number): Principal | null {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = req.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  const [id, issued] = unsigned.value.split('|');
  const issuedAt = Number(issued);
  if (!id || !Number.isFinite(issuedAt) || nowMs - issuedAt > SESSION_MAX_AGE_S * 1000) return null;
  const p = reviewers.byId.get(id);
  return p && p.role !== 'member' ? p : null;
}

const cookieOptions = { path: '/ui', httpOnly: true, sameSite: 'strict', signed: true } as const;

export function startSession(reply: FastifyReply, p: Principal, nowMs: number): void {
  reply.setCookie(SESSION_COOKIE, `${p.id}|${nowMs}`, { ...cookieOptions, maxAge: SESSION_MAX_AGE_S });
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/ui' });
}
