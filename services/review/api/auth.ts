// Bearer-token authentication for the review API. Reviewers (and per-tenant member appeal tokens) come
// from a YAML directory file; tokens are stored as SHA-256 hashes so the file holds no usable secret.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROLES, type Role } from './permissions';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
const ReviewerEntry = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(ROLES.filter((r) => r !== 'member') as [Role, ...Role[]]),
  tenants: z.array(z.string().min(1)).min(1),
  queues: z.array(z.string().min(1)),
  token_sha256: Sha256,
});
const ReviewersFile = z.object({
  reviewers: z.array(ReviewerEntry),
  appeal_tokens: z.array(z.object({ tenant: z.string().min(1), token_sha256: Sha256 })).default([]),
});

/** Whoever is calling: a reviewer, or the community platform acting for a member of one tenant. */
export interface Principal {
  id: string;
  name: string;
  role: Role;
  tenants: readonly string[];
  queues: readonly string[];
}

export interface ReviewerDirectory {
  byTokenHash: ReadonlyMap<string, Principal>;
  byId: ReadonlyMap<string, Principal>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Reviewers live in a subdirectory: every *.yaml directly under policies/ is read as a routing policy. */
export function reviewersFileIn(policiesDir: string): string {
  return join(policiesDir, 'reviewers', 'reviewers.yaml');
}

export function parseReviewers(text: string, source: string): ReviewerDirectory {
  const parsed = ReviewersFile.safeParse(parse(text));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source}: invalid reviewers file\n${lines.join('\n')}`);
  }
  const byTokenHash = new Map<string, Principal>();
  const byId = new Map<string, Principal>();
  for (const r of parsed.data.reviewers) {
    if (byId.has(r.id)) throw new Error(`${source}: reviewer id ${r.id} appears twice`);
    const p: Principal = { id: r.id, name: r.name, role: r.role, tenants: r.tenants, queues: r.queues };
    byTokenHash.set(r.token_sha256, p);
    byId.set(r.id, p);
  }
  for (const t of parsed.data.appeal_tokens) {
    byTokenHash.set(t.token_sha256, { id: `appeals:${t.tenant}`, name: `member appeals for ${t.tenant}`, role: 'member', tenants: [t.tenant], queues: [] });
  }
  return { byTokenHash, byId };
}

export function loadReviewers(file: string): ReviewerDirectory {
  return parseReviewers(readFileSync(file, 'utf8'), file);
}

/** Without a reviewers file the API still starts (policy-only deployments, tests) but admits nobody. */
export function loadReviewersIfPresent(file: string, warn: (msg: string) => void): ReviewerDirectory {
  if (existsSync(file)) return loadReviewers(file);
  warn(`${file} not found: the review API will refuse every request`);
  return { byTokenHash: new Map(), byId: new Map() };
}

/** The principal for an `Authorization: Bearer <token>` header, or null when missing or unknown. */
export function authenticate(dir: ReviewerDirectory, header: string | undefined): Principal | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  return dir.byTokenHash.get(hashToken(match[1])) ?? null;
}
