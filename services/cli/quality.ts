// `vigil audit quality`: reviewer agreement (Cohen's kappa between first and second reviewers) and
// overturn rates (appeals reversed per decision, second reviews disagreeing per sampled case), folded
// from the decision log. Read-only. Registers under the `audit` command that audit.ts creates.
import type { Command } from 'commander';
import { qualityMetrics, qualitySummary, type QualityMetrics } from '../analysis/quality-metrics';
import { loadConfig } from '../core/config';
import { createDb } from '../core/db/database';
import type { LogEntry } from '../core/log/events';
import { readLog } from '../core/log/store';
import { countLog, parseTime, progressBar, stamp, writeReport, requireWindow } from './common';

interface QualityOptions { from?: Date; to?: Date; tenant?: string; out: string }

function markdown(m: QualityMetrics, scope: string): string {
  const rows = Object.entries(m.confusion).sort(([a], [b]) => a.localeCompare(b)).map(([pair, n]) => `| ${pair} | ${n} |`);
  return [
    `# Review quality: ${scope}`, '', ...qualitySummary(m).map((l) => `- ${l}`), '',
    '## First decision -> second review', '', '| labels | cases |', '|---|---|', ...(rows.length > 0 ? rows : ['| (none) | 0 |']), '',
  ].join('\n');
}

export function registerAuditQuality(program: Command): void {
  const audit = program.commands.find((c) => c.name() === 'audit') ?? program.command('audit').description('read-only audits over the decision log');
  audit
    .command('quality')
    .description("reviewer agreement (Cohen's kappa over first and second reviews) and overturn rates, from the log")
    .option('--from <time>', 'start of the window (inclusive)', parseTime)
    .option('--to <time>', 'end of the window (exclusive)', parseTime)
    .option('--tenant <id>', 'only this tenant')
    .option('--out <dir>', 'report directory', 'reports')
    .action(async (opts: QualityOptions) => {
      if (opts.from && opts.to) requireWindow(opts.from, opts.to);
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const scope = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), ...(opts.tenant ? { tenantId: opts.tenant } : {}) };
        const total = await countLog(db, scope);
        const bar = progressBar('reading the log', total);
        const entries: LogEntry[] = [];
        let read = 0;
        for await (const page of readLog(db, { ...scope, pageSize: 10_000 })) {
          // Only the event kinds the metrics read are kept, so a long log fits in memory.
          for (const e of page) if (['ReviewDecided', 'AppealDecided', 'QualitySampled', 'SecondReviewDecided'].includes(e.event.type)) entries.push(e);
          read += page.length;
          bar.update(read);
        }
        bar.stop();
        const m = qualityMetrics(entries);
        const label = `${opts.tenant ?? 'all tenants'}, ${opts.from?.toISOString() ?? 'start'} to ${opts.to?.toISOString() ?? 'now'}`;
        const files = writeReport(opts.out, `quality-${opts.tenant ? `${opts.tenant}-` : ''}${stamp()}`, markdown(m, label), { scope: label, ...m });
        console.log(`read ${total} events (${label})`);
        for (const line of qualitySummary(m)) console.log(line);
        console.log(`report: ${files.join(', ')}`);
      } finally {
        await db.destroy();
      }
    });
}
