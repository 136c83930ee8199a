// The demo's sign-in help: the review UI's URL and, per role, who can sign in with which token. The
// reviewers file holds only SHA-256 hashes, so a token is printed only when the demo naming convention
// (vigil-demo-<name>, vigil-demo-appeals-<tenant>) reproduces the stored hash: never a guess.
import type { Principal, ReviewerDirectory } from '../api/auth';
import { hashToken } from '../api/auth';
import { PERMISSIONS, ROLES } from '../api/permissions';

export interface DemoCredential {
  role: Principal['role'];
  who: string;
  tenants: readonly string[];
  token: string;
  may: readonly string[];
}

function demoTokenFor(p: Principal): string {
  return p.role === 'member' ? `vigil-demo-appeals-${p.tenants[0] ?? ''}` : `vigil-demo-${p.id.replace(/^rev-/, '')}`;
}

export function demoCredentials(dir: ReviewerDirectory): DemoCredential[] {
  const found: DemoCredential[] = [];
  for (const [hash, p] of dir.byTokenHash) {
    const token = demoTokenFor(p);
    if (hashToken(token) !== hash) continue;
    found.push({ role: p.role, who: p.role === 'member' ? p.name : `${p.id} (${p.name})`, tenants: p.tenants, token, may: PERMISSIONS[p.role] });
  }
  return found.sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.who.localeCompare(b.who));
}

/** Lines for the terminal after `make demo`'s summary. */
export function demoUiLines(uiUrl: string, creds: readonly DemoCredential[]): string[] {
  const lines = [`Review UI: ${uiUrl}  (sign in with a token below; members appeal through POST /v1/appeals, not the UI)`, ''];
  lines.push(`  ${'role'.padEnd(18)} ${'who'.padEnd(26)} ${'tenants'.padEnd(13)} token`);
  for (const c of creds) lines.push(`  ${c.role.padEnd(18)} ${c.who.padEnd(26)} ${c.tenants.join(',').padEnd(13)} ${c.token}`);
  if (creds.length === 0) lines.push('  (no demo tokens in policies/reviewers/reviewers.yaml)');
  return lines;
}
