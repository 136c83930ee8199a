// Webhook subscriptions, per tenant and per event type, read from YAML (policies/webhooks/webhooks.yaml by
// default) and validated once at startup. Errors name the webhook and the field, e.g.
// `webhooks[1] (acme-crm).secret: ...`. Secrets are given inline (demo) or by env var name (secret_env).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Event types a webhook can subscribe to. `decision.*` matches every decision type. */
export const MEMBER_NOTIFICATION = 'member.notification';
const EVENT_PATTERN = /^(\*|decision\.\*|decision\.[a-z][a-z0-9_]*|member\.notification)$/;

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_ATTEMPTS = 8;
const SECRET_PREFIX = 'whsec_';
// Standard Webhooks asks for 24 to 64 bytes of key material.
const SECRET_MIN_BYTES = 24;
const SECRET_MAX_BYTES = 64;

const WebhookSpec = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, dash or underscore, at most 63 characters'),
    tenant: z.string().min(1).max(128).describe('tenant id, or "*" for every tenant'),
    url: z.url({ protocol: /^https?$/ }),
    events: z.array(z.string().regex(EVENT_PATTERN, 'one of "*", "decision.*", "decision.<type>" (e.g. decision.auto_hidden) or "member.notification"')).min(1),
    secret: z.string().optional(),
    secret_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name (upper case)').optional(),
    timeout_ms: z.number().int().min(100).max(60_000).default(DEFAULT_TIMEOUT_MS),
    max_attempts: z.number().int().min(1).max(50).default(DEFAULT_MAX_ATTEMPTS),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((w) => (w.secret === undefined) !== (w.secret_env === undefined), { message: 'give exactly one of secret or secret_env', path: ['secret'] });

const WebhooksFile = z.object({ webhooks: z.array(WebhookSpec).default([]) }).strict();

export interface WebhookConfig {
  name: string;
  tenant: string;
  url: string;
  events: string[];
  /** `whsec_` + base64 key, resolved from secret_env when that was given. */
  secret: string;
  timeoutMs: number;
  maxAttempts: number;
}

export class WebhookConfigError extends Error {}

/** Checks a `whsec_<base64>` secret; returns a problem description or null. */
export function secretProblem(secret: string): string | null {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with "${SECRET_PREFIX}"`;
  const body = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return 'must be base64 after the whsec_ prefix';
  const bytes = Buffer.from(body, 'base64').length;
  if (bytes < SECRET_MIN_BYTES || bytes > SECRET_MAX_BYTES) return `must decode to ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} bytes (got ${bytes})`;
  return null;
}

/** Parses and validates the YAML text. `env` resolves secret_env. Disabled webhooks are dropped. */
export function parseWebhooks(text: string, source: string, env: NodeJS.ProcessEnv = process.env): WebhookConfig[] {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (err) {
    throw new WebhookConfigError(`${source}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = WebhooksFile.safeParse(raw);
  if (!parsed.success) {
    const list = (raw as { webhooks?: Array<{ name?: unknown }> } | null)?.webhooks;
    const problems = parsed.error.issues.map((i) => {
      const [first, index, ...rest] = i.path;
      const name = first === 'webhooks' && typeof index === 'number' ? list?.[index]?.name : undefined;
      const where = first === 'webhooks' && typeof index === 'number' ? `webhooks[${index}]${typeof name === 'string' ? ` (${name})` : ''}${rest.length ? `.${rest.join('.')}` : ''}` : i.path.join('.') || '(root)';
      return `${where}: ${i.message}`;
    });
    throw new WebhookConfigError(`${source}: invalid webhook configuration:\n  ${problems.join('\n  ')}`);
  }
  const out: WebhookConfig[] = [];
  const seen = new Set<string>();
  for (const [i, w] of parsed.data.webhooks.entries()) {
    const where = `${source}: webhooks[${i}] (${w.name})`;
    if (seen.has(w.name)) throw new WebhookConfigError(`${where}.name: "${w.name}" is used twice; names must be unique`);
    seen.add(w.name);
    if (!w.enabled) continue;
    const secret = w.secret ?? env[w.secret_env ?? ''];
    if (secret === undefined || secret === '') throw new WebhookConfigError(`${where}.secret_env: environment variable ${w.secret_env} is not set`);
    const problem = secretProblem(secret);
    if (problem) throw new WebhookConfigError(`${where}.${w.secret !== undefined ? 'secret' : `secret_env (${w.secret_env})`}: ${problem}`);
    out.push({ name: w.name, tenant: w.tenant, url: w.url, events: w.events, secret, timeoutMs: w.timeout_ms, maxAttempts: w.max_attempts });
  }
  return out;
}

/** The webhook file named by VIGIL_WEBHOOKS_FILE, else <policies>/webhooks/webhooks.yaml; none is fine. */
export function webhooksFile(policiesDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.VIGIL_WEBHOOKS_FILE ?? join(policiesDir, 'webhooks', 'webhooks.yaml');
}

export function loadWebhooks(file: string, env: NodeJS.ProcessEnv = process.env): WebhookConfig[] {
  if (!existsSync(file)) return [];
  return parseWebhooks(readFileSync(file, 'utf8'), file, env);
}

export function subscribes(webhook: WebhookConfig, tenantId: string, eventType: string): boolean {
  if (webhook.tenant !== '*' && webhook.tenant !== tenantId) return false;
  return webhook.events.some((e) => e === '*' || e === eventType || (e === 'decision.*' && eventType.startsWith('decision.')));
}
