// The `vigil` command line. Each subcommand lives in its own file and registers itself here.
import { Command } from 'commander';
import { registerAudit } from './audit';
import { registerClassify } from './classify';
import { registerDemo } from './demo';
import { registerExport } from './export';
import { registerLog } from './log';
import { registerProvision } from './provision';
import { registerAuditQuality } from './quality';
import { registerRescore } from './rescore';
import { registerWriteback } from './writeback';

const program = new Command();
program.name('vigil').description('Vigil moderation pipeline: operate, replay, re-score and audit').showHelpAfterError();
registerProvision(program);
registerClassify(program);
registerDemo(program);
registerLog(program);
registerRescore(program);
registerAudit(program);
registerAuditQuality(program);
registerWriteback(program);
registerExport(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`vigil: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
