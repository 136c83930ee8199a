// The `vigil` command line. Each subcommand lives in its own file and registers itself here.
import { Command } from 'commander';
import { registerProvision } from './provision';

const program = new Command();
program.name('vigil').description('Vigil moderation pipeline: operate, replay, re-score and audit').showHelpAfterError();
registerProvision(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`vigil: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
