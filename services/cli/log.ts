// `vigil log verify` recomputes the hash chain; `vigil replay` rebuilds case state from the log and
// checks it against the live projection.
import type { Command } from 'commander';
import { loadConfig } from '../core/config';
import { createDb } from '../core/db/database';
import { GENESIS_HASH, verifyChain } from '../core/log/hash-chain';
import { replayAgainstSnapshot } from '../core/log/replay';
import { readLog } from '../core/log/store';
import { countLog, progressBar } from './common';


export function registerLog(program: Command): void {
  const log = program.command('log').description('inspect the decision log');
  log
    .command('verify')
    .description('recompute the hash chain and name the first broken row')
    .action(async () => {
      const db = createDb(loadConfig().databaseUrl, loadConfig().databaseSchema);
      try {
        const bar = progressBar('verifying', await countLog(db));
        let prev = GENESIS_HASH;
        let checked = 0;
        for await (const page of readLog(db, { pageSize: 10_000 })) {
          const result = verifyChain(page, prev);
          checked += result.checked;
          bar.update(checked);
          if (result.firstBreak) {
            bar.stop();
            const b = result.firstBreak;
            console.error(`BROKEN at seq ${b.seq} (event ${b.eventId}): ${b.problem}. ${checked} rows before it verified.`);
            process.exitCode = 1;
            return;
          }
          prev = result.lastHash;
        }
        bar.stop();
        console.log(`OK: ${checked} rows verified; chain head ${prev.slice(0, 16)}…`);
      } finally {
        await db.destroy();
      }
    });

  program
    .command('replay')
    .description('rebuild case state from an empty state by folding the log, and compare with the live projection')
    .option('--bench', 'print events per second and skip nothing else')
    .action(async (opts: { bench?: boolean }) => {
      const config = loadConfig();
      const db = createDb(config.databaseUrl, config.databaseSchema);
      try {
        const bar = progressBar('replaying', await countLog(db));
        const { cases, events, seconds, mismatches } = await replayAgainstSnapshot(db, (n) => bar.update(n));
        bar.stop();
        if (opts.bench) console.log(`replay: ${events} events in ${seconds.toFixed(2)} s = ${Math.round(events / Math.max(seconds, 1e-9))} events/s (read + fold)`);
        if (mismatches.length > 0) {
          console.error(`MISMATCH: ${mismatches.length} of ${cases} cases differ from the live projection; first: ${mismatches[0]?.caseId}`);
          process.exitCode = 1;
          return;
        }
        console.log(`OK: ${events} events replayed into ${cases} cases; identical to the live projection.`);
      } finally {
        await db.destroy();
      }
    });
}
