// `vigil export dsa`: EU DSA statements of reasons for a time window, one JSON object per line, in the
// Transparency Database's field names. Read-only. The mapping lives in services/analysis/dsa.ts.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { dsaStatementsForCase, EEA_COUNTRIES, mayRestrict, type DsaStatement } from '../analysis/dsa';
import { loadConfig } from '../core/config';
import { createDb, type Db } from '../core/db/database';
import type { LogEntry } from '../core/log/events';
import { readLog, toEntry } from '../core/log/store';
import { PolicyStore } from '../route/policy-store';
import { countLog, parseTime, progressBar, requireWindow } from './common';

interface DsaExportOptions { from: Date; to: Date; tenant?: string; out: string; territorialScope?: string[] }

const CASES_PER_QUERY = 500;

export function parseTerritorialScope(value: string): string[] {
  const codes = value.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0);
  const unknown = codes.filter((c) => !(EEA_COUNTRIES as readonly string[]).includes(c));
  if (codes.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`--territorial-scope: ${unknown.length > 0 ? `"${unknown.join(', ')}" not EEA country codes` : 'empty'} (use e.g. DE,FR,NL)`);
  return codes;
}

async function casesWithRestrictions(db: Db, opts: DsaExportOptions): Promise<{ caseIds: string[]; events: number }> {
  const scope = { from: opts.from, to: opts.to, ...(opts.tenant ? { tenantId: opts.tenant } : {}) };
  const bar = progressBar('scanning', await countLog(db, scope));
  const caseIds = new Set<string>();
  let events = 0;
  for await (const page of readLog(db, { ...scope, pageSize: 10_000 })) {
    for (const e of page) if (mayRestrict(e)) caseIds.add(e.caseId);
    events += page.length;
    bar.update(events);
  }
  bar.stop();
  return { caseIds: [...caseIds], events };
}

async function histories(db: Db, caseIds: string[]): Promise<Map<string, LogEntry[]>> {
  const rows = await db.selectFrom('decision_log').selectAll().where('case_id', 'in', caseIds).orderBy('seq').execute();
  const out = new Map<string, LogEntry[]>();
  for (const r of rows.map(toEntry)) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r]);
  return out;
}

/** Writes the statements to `opts.out`; returns them counted by category. */
export async function exportDsa(db: Db, policies: PolicyStore | null, opts: DsaExportOptions): Promise<{ statements: number; events: number; byCategory: Record<string, number> }> {
  requireWindow(opts.from, opts.to);
  const { caseIds, events } = await casesWithRestrictions(db, opts);
  const out = createWriteStream(opts.out);
  const byCategory: Record<string, number> = {};
  let statements = 0;
  const reasonText = (tenantId: string, code: string) => policies?.current(tenantId).reason_codes[code] ?? null;
  for (let i = 0; i < caseIds.length; i += CASES_PER_QUERY) {
    for (const history of (await histories(db, caseIds.slice(i, i + CASES_PER_QUERY))).values()) {
      const found: DsaStatement[] = dsaStatementsForCase(history, { from: opts.from, to: opts.to, reasonText, ...(opts.territorialScope ? { territorialScope: opts.territorialScope } : {}) });
      for (const s of found) {
        if (!out.write(`${JSON.stringify(s)}\n`)) await once(out, 'drain');
        byCategory[s.category] = (byCategory[s.category] ?? 0) + 1;
        statements += 1;
      }
    }
  }
  out.end();
  await once(out, 'finish');
  return { statements, events, byCategory };
}

export function registerExport(program: Command): void {
  const exp = program.command('export').description('exports from the decision log');
  exp
    .command('dsa')
    .description('EU DSA statements of reasons for restrictive decisions in a window (Transparency Database field names, JSON lines, no personal data)')
    .requiredOption('--from <time>', 'start of the window (inclusive, ISO 8601)', parseTime)
    .requiredOption('--to <time>', 'end of the window (exclusive, ISO 8601)', parseTime)
    .option('--tenant <id>', 'only this tenant')
    .option('--territorial-scope <codes>', 'comma-separated EEA country codes (default: all 30 EEA states)', parseTerritorialScope)
    .requiredOption('--out <file>', 'output file (.jsonl)')
    .action(async (opts: DsaExportOptions) => {
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const r = await exportDsa(db, PolicyStore.fromDir(config.policiesDir), opts);
        const categories = Object.entries(r.byCategory).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c.replace('STATEMENT_CATEGORY_', '')} ${n}`).join(', ');
        console.log(`${r.statements} statements of reasons from ${r.events} log events (${opts.from.toISOString()} to ${opts.to.toISOString()}, ${opts.tenant ?? 'all tenants'}) written to ${opts.out}${categories ? `: ${categories}` : ''}`);
      } finally {
        await db.destroy();
      }
    });
}
