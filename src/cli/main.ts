/**
 * The `lantern` command. Each subcommand lives in its own file; this one only wires them and
 * turns expected failures (busy port, locked store) into one clear line and exit code 1.
 */
import { Command } from 'commander';
import { VERSION } from '../engine/version';
import { registerHooks } from './commands/hooks-command';
import { registerIndex } from './commands/index-command';
import { registerReport } from './commands/report-command';
import { registerRun } from './commands/run-command';
import { registerServe } from './commands/serve-command';
import { registerStats } from './commands/stats-command';

const program = new Command('lantern')
  .description('See, live, what every AI coding agent on this machine is doing.')
  .version(VERSION)
  .showHelpAfterError();

registerServe(program);
registerIndex(program);
registerReport(program);
registerHooks(program);
registerRun(program);
registerStats(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`lantern: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
