// One-shot messages across a redirect (post/redirect/get), in a short-lived cookie read by the next page.
import type { FastifyReply, FastifyRequest } from 'fastify';

const FLASH_COOKIE = 'vigil_flash';
export interface Flash {
  kind: 'notice' | 'error';
  text: string;
}

export function setFlash(reply: FastifyReply, kind: Flash['kind'], text: string): void {
  reply.setCookie(FLASH_COOKIE, JSON.stringify({ kind, text: text.slice(0, 500) }), { path: '/ui', httpOnly: true, sameSite: 'strict', maxAge: 60 });
}

/** Reads and clears the pending message, if any. */
export function takeFlash(req: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = req.cookies[FLASH_COOKIE];
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/ui' });
  try {
    const parsed = JSON.parse(raw) as Partial<Flash>;
    return (parsed.kind === 'notice' || parsed.kind === 'error') && typeof parsed.text === 'string' ? { kind: parsed.kind, text: parsed.text } : null;
  } catch {
    return null;
  }
}
