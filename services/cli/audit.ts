// `vigil audit drift`: compares a target window of the decision log with a baseline window (by default
// the equally long window just before it) and reports score drift and decision-quality rates.
// Read-only: it never appends to the log.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { summarise, type CaseSummary } from '../analysis/case-summary';
import { buildDriftReport, driftHeadline, driftHtml, driftMarkdown, type DriftReport } from '../analysis/drift-report';
import type { Agreement, Rate } from '../analysis/drift';
import { loadConfig } from '../core/config';
import { createDb, type Db } from '../core/db/database';
import { readLog } from '../core/log/store';
import { countLog, parseTime, progressBar, stamp, writeReport, requireWindow } from './common';

interface DriftOptions { from: Date; to: Date; baselineFrom?: Date; baselineTo?: Date; tenant?: string; out: string }
export interface Window { from: Date; to: Date }

const CHROMIUM = '/usr/bin/chromium';

/** Checks the windows make sense and fills in the default baseline; throws with a message naming the option. */
export function resolveWindows(opts: Pick<DriftOptions, 'from' | 'to' | 'baselineFrom' | 'baselineTo'>): { baseline: Window; target: Window } {
  requireWindow(opts.from, opts.to);
  if ((opts.baselineFrom === undefined) !== (opts.baselineTo === undefined)) throw new Error('give both --baseline-from and --baseline-to, or neither (the default baseline is the equally long window before --from)');
  const length = opts.to.getTime() - opts.from.getTime();
  const baseline = opts.baselineFrom && opts.baselineTo ? { from: opts.baselineFrom, to: opts.baselineTo } : { from: new Date(opts.from.getTime() - length), to: opts.from };
  requireWindow(baseline.from, baseline.to, '--baseline-from', '--baseline-to');
  return { baseline, target: { from: opts.from, to: opts.to } };
}

function describeWindow(w: Window, tenant: string | undefined): string {
  return `${w.from.toISOString()} to ${w.to.toISOString()} (${tenant ?? 'all tenants'})`;
}

async function readWindow(db: Db, label: string, window: Window, tenant: string | undefined): Promise<{ cases: CaseSummary[]; events: number }> {
  const scope = { ...window, ...(tenant ? { tenantId: tenant } : {}) };
  const total = await countLog(db, scope);
  if (total === 0) return { cases: [], events: 0 };
  const bar = progressBar(`reading ${label}`, total);
  const cases = new Map<string, CaseSummary>();
  let read = 0;
  for await (const page of readLog(db, { ...scope, pageSize: 10_000 })) {
    summarise(cases, page);
    read += page.length;
    bar.update(read);
  }
  bar.stop();
  return { cases: [...cases.values()], events: read };
}

/** A PNG of the HTML page, only where Chromium is installed; the HTML is the report either way. */
function renderPng(htmlFile: string, charts: number): string | null {
  if (!existsSync(CHROMIUM)) return null;
  const png = resolve(htmlFile.replace(/\.html$/, '.png'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${png}`, `--window-size=800,${420 + 360 * charts}`, pathToFileURL(resolve(htmlFile)).href];
  const result = spawnSync(CHROMIUM, args, { stdio: 'ignore', timeout: 60_000 });
  return result.status === 0 && existsSync(png) ? png : null;
}

const pct = (r: Rate) => (r.rate === null ? 'n/a' : `${(r.rate * 100).toFixed(1)}%`);
const kappa = (a: Agreement) => (a.kappa === null ? `n/a (${a.reason ?? ''})` : `${a.kappa.toFixed(3)} over ${a.pairs} pairs`);

function printSummary(r: DriftReport, files: string[]): void {
  console.log(`score drift: ${driftHeadline(r)}`);
  console.log(`auto-decision rate: ${pct(r.baseline.autoDecision)} -> ${pct(r.target.autoDecision)}; overturn rate: ${pct(r.baseline.overturn)} -> ${pct(r.target.overturn)}; appeal reversal rate: ${pct(r.baseline.appealReversal)} -> ${pct(r.target.appealReversal)}`);
  console.log(`reviewer agreement (Cohen's kappa): baseline ${kappa(r.baseline.agreement)}; target ${kappa(r.target.agreement)}`);
  console.log(`report: ${files.join(', ')}`);
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('read-only audits over the decision log');
  audit
    .command('drift')
    .description('compare score distributions (PSI) and decision rates between a target window and a baseline window')
    .requiredOption('--from <time>', 'start of the target window (inclusive)', parseTime)
    .requiredOption('--to <time>', 'end of the target window (exclusive)', parseTime)
    .option('--baseline-from <time>', 'start of the baseline window (default: the equally long window before --from)', parseTime)
    .option('--baseline-to <time>', 'end of the baseline window (exclusive)', parseTime)
    .option('--tenant <id>', 'only this tenant')
    .option('--out <dir>', 'report directory', 'reports')
    .action(async (opts: DriftOptions) => {
      const { baseline, target } = resolveWindows(opts);
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const before = await readWindow(db, 'baseline', baseline, opts.tenant);
        const after = await readWindow(db, 'target', target, opts.tenant);
        if (after.events === 0) throw new Error(`the target window ${describeWindow(target, opts.tenant)} has no decision log entries: nothing to audit`);
        if (before.events === 0) console.warn(`warning: the baseline window ${describeWindow(baseline, opts.tenant)} has no decision log entries: PSI and baseline rates are n/a`);
        console.log(`read ${before.events} baseline events (${before.cases.length} cases) and ${after.events} target events (${after.cases.length} cases)`);
        const scope = {
          tenant: opts.tenant ?? null,
          baseline: { from: baseline.from.toISOString(), to: baseline.to.toISOString() },
          target: { from: target.from.toISOString(), to: target.to.toISOString() },
        };
        const report = buildDriftReport(scope, before.cases, after.cases);
        const name = `drift-${opts.tenant ? `${opts.tenant}-` : ''}${stamp(target.from)}-${stamp(target.to)}`;
        const files = writeReport(opts.out, name, driftMarkdown(report), report, { [`${name}.html`]: driftHtml(report) });
        const png = renderPng(files[2]!, report.categories.length + 1);
        printSummary(report, png ? [...files, png] : files);
      } finally {
        await db.destroy();
      }
    });
}
