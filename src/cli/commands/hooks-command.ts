/** `lantern hooks install | uninstall | status`: Lantern's HTTP hooks in Claude Code's settings.json. */
import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import type { HooksIo, HooksOptions } from '../hooks/hooks-context';
import { positiveInt } from '../source-options';
import { DEFAULT_PORT } from './serve-command';

interface HooksFlags {
  claudeDir?: string;
  dataDir?: string;
  port?: number;
  token?: string;
  dryRun?: boolean;
}

const stdio: HooksIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function withTargetOptions(cmd: Command, dryRun: boolean): Command {
  cmd
    .option('--claude-dir <dir>', 'the Claude Code config dir whose settings.json to edit (default: $CLAUDE_CONFIG_DIR or ~/.claude)')
    .addOption(new Option('--port <port>', `port Lantern listens on (default: settings.json, else ${DEFAULT_PORT})`).env('LANTERN_PORT').argParser(positiveInt('--port')))
    .addOption(new Option('--token <token>', 'API token (default: <data dir>/token)').env('LANTERN_TOKEN'))
    .addOption(new Option('--data-dir <dir>', 'where the token lives').env('LANTERN_DATA_DIR'));
  if (dryRun) cmd.option('--dry-run', 'print the change as a diff and write nothing');
  return cmd;
}

/** The implementation loads only when the subcommand runs, so `lantern --help` stays fast. */
function action(load: () => Promise<(opts: HooksOptions, io: HooksIo) => Promise<number>>) {
  return async (flags: HooksFlags) => {
    const run = await load();
    const { savedPort } = await import('../saved-port');
    const port = flags.port ?? savedPort(flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir());
    process.exitCode = await run({ ...flags, port }, stdio);
  };
}

export function registerHooks(program: Command): void {
  const hooks = program.command('hooks').description("add, remove or check Lantern's hooks in Claude Code's settings.json");
  withTargetOptions(hooks.command('install').description("add Lantern's HTTP hook to every Claude Code event Lantern maps (idempotent)"), true).action(
    action(async () => (await import('../hooks/hooks-actions')).runHooksInstall),
  );
  withTargetOptions(hooks.command('uninstall').description("remove Lantern's hooks, and only those"), true).action(action(async () => (await import('../hooks/hooks-actions')).runHooksUninstall));
  withTargetOptions(hooks.command('status').description('show which events carry the hook and whether Lantern answers (exit 1 unless installed and consistent)'), false).action(
    action(async () => (await import('../hooks/hooks-status')).runHooksStatus),
  );
}
