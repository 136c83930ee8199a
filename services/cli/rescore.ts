// `vigil rescore`: previews a candidate policy on past cases (dry run by default) and, with --apply,
// appends DecisionSuperseded events. Old rows are never edited; cases a human decided are left alone.
import type { Command } from 'commander';
import { summarise, type CaseSummary } from '../analysis/case-summary';
import { rescore, rescoreMarkdown } from '../analysis/rescore';
import { loadConfig } from '../core/config';
import { createDb } from '../core/db/database';
import type { NewLogEntry } from '../core/log/events';
import { commitStep } from '../core/log/step';
import { readLog } from '../core/log/store';
import { loadPolicyFile, policyHash } from '../route/policy';
import { ensurePolicyPublished } from '../route/policy-log';
import { thresholdSnapshot } from '../route/facts';
import { countLog, parseTime, progressBar, stamp, writeReport } from './common';

interface RescoreOptions { policy: string; from?: Date; to?: Date; tenant?: string; apply?: boolean; out: string }

export function registerRescore(program: Command): void {
  program
    .command('rescore')
    .description('re-evaluate past cases under a candidate policy; dry run unless --apply')
    .requiredOption('--policy <file>', 'candidate policy YAML')
    .option('--from <time>', 'only cases decided at or after this time', parseTime)
    .option('--to <time>', 'only cases decided before this time', parseTime)
    .option('--tenant <id>', 'only this tenant')
    .option('--apply', 'append DecisionSuperseded for changed, not yet human-decided cases')
    .option('--out <dir>', 'report directory', 'reports')
    .action(async (opts: RescoreOptions) => {
      const policy = loadPolicyFile(opts.policy);
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const window = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}), ...(opts.tenant ? { tenantId: opts.tenant } : {}) };
        const bar = progressBar('reading log', await countLog(db, window));
        const cases = new Map<string, CaseSummary>();
        let read = 0;
        for await (const page of readLog(db, { ...window, pageSize: 10_000 })) {
          summarise(cases, page);
          read += page.length;
          bar.update(read);
        }
        bar.stop();
        const started = performance.now();
        const now = Date.now();
        const report = rescore(cases.values(), policy, now);
        const seconds = (performance.now() - started) / 1000;
        const scope = `${opts.tenant ?? 'all tenants'}, ${opts.from?.toISOString() ?? 'start'} to ${opts.to?.toISOString() ?? 'now'}`;
        const files = writeReport(opts.out, `rescore-${policy.version}-${stamp()}`, rescoreMarkdown(report, scope), report);
        console.log(`evaluated ${report.casesEvaluated} cases in ${seconds.toFixed(3)} s (${Math.round(report.casesEvaluated / Math.max(seconds, 1e-9))} cases/s)`);
        console.log(`${report.changed} decisions would change; ${report.falseAllowRisk.length} false-allow risks; report: ${files.join(', ')}`);
        if (!opts.apply) {
          console.log('dry run: nothing written (add --apply to append DecisionSuperseded events)');
          return;
        }
        const toApply = report.changes.filter((c) => !c.humanDecided);
        const hash = policyHash(policy).slice(0, 12);
        await db.transaction().execute(async (tx) => {
          await ensurePolicyPublished(tx, policy, new Date(now), 'rescore');
          const entries: NewLogEntry[] = toApply.map((c) => ({
            eventId: `supersede:${c.caseId}:${policy.version}:${hash}`,
            tenantId: c.tenantId,
            caseId: c.caseId,
            event: { type: 'DecisionSuperseded', data: { supersededSeq: c.supersededSeq, previous: c.from, next: c.next, policyVersion: policy.version } },
            policyVersion: policy.version,
            modelVersions: cases.get(c.caseId)?.modelVersions ?? {},
            thresholds: thresholdSnapshot(policy),
            actor: { type: 'system', id: 'rescore' },
            causationId: `rescore:${policy.version}:${hash}`,
            correlationId: c.caseId,
            traceId: null,
            occurredAt: new Date(now),
          }));
          const appended = await commitStep(tx, entries, new Date(now));
          console.log(`applied: ${appended.length} DecisionSuperseded events appended (${toApply.length - appended.length} already applied; ${report.changes.length - toApply.length} human-decided cases left alone)`);
        });
      } finally {
        await db.destroy();
      }
    });
}
