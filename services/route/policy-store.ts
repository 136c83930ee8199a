// The live set of policies. Files are re-read when they change (checked at most once a second), so an
// operator's new version takes effect without a restart; an invalid edit is logged and ignored, and
// the last good version stays live.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger';
import { loadPolicyDir, policyFor, policyHash, type Policy } from './policy';

const CHECK_EVERY_MS = 1_000;

function dirSignature(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
    .join('|');
}

export class PolicyStore {
  private policies: Map<string, Policy>;
  private signature: string;
  private checkedAt = 0;

  private constructor(
    private readonly dir: string,
    private readonly log: Logger | null,
  ) {
    this.signature = dirSignature(dir);
    this.policies = loadPolicyDir(dir);
  }

  static fromDir(dir: string, log: Logger | null = null): PolicyStore {
    return new PolicyStore(dir, log);
  }

  current(tenantId: string): Policy {
    this.refreshIfChanged();
    return policyFor(this.policies, tenantId);
  }

  all(): Policy[] {
    this.refreshIfChanged();
    return [...this.policies.values()];
  }

  hash(policy: Policy): string {
    return policyHash(policy);
  }

  private refreshIfChanged(): void {
    const now = Date.now();
    if (now - this.checkedAt < CHECK_EVERY_MS) return;
    this.checkedAt = now;
    try {
      const signature = dirSignature(this.dir);
      if (signature === this.signature) return;
      this.policies = loadPolicyDir(this.dir);
      this.signature = signature;
      this.log?.info({ versions: [...this.policies.values()].map((p) => `${p.tenant}@${p.version}`) }, 'policies reloaded');
    } catch (err) {
      this.log?.error({ err: err instanceof Error ? err.message : String(err) }, 'policy change ignored; keeping the last good version');
    }
  }
}
