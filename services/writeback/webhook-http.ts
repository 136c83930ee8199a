// The one place writeback talks HTTP: a POST with Node's fetch (undici) and a hard timeout. It never
// throws; the outcome says whether the receiver took the message (2xx) and, if not, why.
import type { SignedRequest } from './webhook-events';

export type DeliveryOutcome = { ok: true; status: number } | { ok: false; error: string };

function reasonOf(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err as Error & { cause?: { code?: string; message?: string } }).cause : undefined;
  if (cause?.code) return `connection failed (${cause.code})`;
  return `request failed: ${err instanceof Error ? err.message : String(err)}`;
}

export async function postSigned(url: string, request: SignedRequest, timeoutMs: number): Promise<DeliveryOutcome> {
  try {
    const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    // Drain the body so the connection goes back to the pool; receivers' answers are not used.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, error: `answered HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, error: reasonOf(err, timeoutMs) };
  }
}
