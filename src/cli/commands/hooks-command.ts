/**
 * `lantern hooks install | uninstall | status`: Lantern's HTTP hooks in Claude Code's settings.json, or
 * with `--codex` its notify program and hooks in Codex's config.toml / hooks.json; `codex-notify` is
 * the program Codex runs.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';
import type { HooksIo, HooksOptions } from '../hooks/hooks-context';
import { positiveInt } from '../source-options';
import { DEFAULT_PORT } from './serve-command';

interface HooksFlags {
  claudeDir?: string;
  codex?: boolean;
  codexDir?: string;
  dataDir?: string;
  port?: number;
  token?: string;
  dryRun?: boolean;
}

const stdio: HooksIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function withTargetOptions(cmd: Command, dryRun: boolean): Command {
  cmd
    .option('--claude-dir <dir>', 'the Claude Code config dir whose settings.json to edit (default: $CLAUDE_CONFIG_DIR or ~/.claude)')
    .option('--codex', "Codex instead of Claude Code: Lantern's notify program in config.toml and its hooks in hooks.json")
    .option('--codex-dir <dir>', 'with --codex: the Codex home to edit (default: $CODEX_HOME or ~/.codex)')
    .addOption(new Option('--port <port>', `port Lantern listens on (default: settings.json, else ${DEFAULT_PORT})`).env('LANTERN_PORT').argParser(positiveInt('--port')))
    .addOption(new Option('--token <token>', 'API token (default: <data dir>/token)').env('LANTERN_TOKEN'))
    .addOption(new Option('--data-dir <dir>', 'where the token lives').env('LANTERN_DATA_DIR'));
  if (dryRun) cmd.option('--dry-run', 'print the change as a diff and write nothing');
  return cmd;
}

type Run = (opts: HooksOptions, io: HooksIo) => Promise<number>;

/** The implementation loads only when the subcommand runs, so `lantern --help` stays fast. */
function action(load: () => Promise<Run>, loadCodex: () => Promise<Run>) {
  return async (flags: HooksFlags) => {
    const run = flags.codex ? await loadCodex() : await load();
    const { savedPort } = await import('../saved-port');
    const port = flags.port ?? savedPort(flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir());
    process.exitCode = await run({ ...flags, port }, stdio);
  };
}

export function registerHooks(program: Command): void {
  const hooks = program.command('hooks').description("add, remove or check Lantern's hooks in Claude Code's settings.json (or Codex's config, with --codex)");
  withTargetOptions(hooks.command('install').description("add Lantern's HTTP hook to every Claude Code event Lantern maps (idempotent)"), true).action(
    action(async () => (await import('../hooks/hooks-actions')).runHooksInstall, async () => (await import('../hooks/codex-hooks-actions')).runCodexHooksInstall),
  );
  withTargetOptions(hooks.command('uninstall').description("remove Lantern's hooks, and only those"), true).action(action(
      async () => (await import('../hooks/hooks-actions')).runHooksUninstall,
      async () => (await import('../hooks/codex-hooks-actions')).runCodexHooksUninstall,
    ),
  );
  withTargetOptions(hooks.command('status').description('show which events carry the hook and whether Lantern answers (exit 1 unless installed and consistent)'), false).action(
    action(async () => (await import('../hooks/hooks-status')).runHooksStatus, async () => (await import('../hooks/codex-hooks-status')).runCodexHooksStatus),
  );
  hooks
    .command('codex-notify', { hidden: true })
    .description("what Codex's notify runs: forward the turn's JSON to Lantern (and to --chain), never failing")
    .argument('[payload]', 'the JSON Codex appends')
    .addOption(new Option('--port <port>', 'port Lantern listens on').argParser(positiveInt('--port')).default(DEFAULT_PORT))
    .option('--data-dir <dir>', 'where the token lives')
    .option('--token <token>', 'API token (default: <data dir>/token)')
    .option('--chain <json>', "the user's own notify program, a JSON array, run first with the same payload")
    .action(async (payload: string | undefined, flags: { port: number; dataDir?: string; token?: string; chain?: string }) => {
      const { runCodexNotify } = await import('../hooks/codex-notify');
      process.exitCode = await runCodexNotify(payload, flags);
    });
}
