import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../../engine/data-dir';

interface RunFlags {
  tag?: string;
  skipExitCode?: number;
  dataDir?: string;
}

function exitCodeArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`--skip-exit-code must be a whole number 0..255, got "${value}"`);
  return n;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a command (e.g. claude -p …) as a session Lantern tracks: sidecar while it runs, outcome and cost when it ends')
    .usage('[options] -- <command...>')
    .option('--tag <tag>', 'a name for this kind of run (e.g. nightly-triage), shown with the session')
    .addOption(
      new Option('--skip-exit-code <code>', 'an exit code meaning "nothing to do": recorded as skipped, not failed').env('LANTERN_SKIP_EXIT_CODE').argParser(exitCodeArg),
    )
    .addOption(new Option('--data-dir <dir>', 'where sidecars, runs.jsonl and the archive live').env('LANTERN_DATA_DIR'))
    .argument('<command...>', 'the command to run, after --')
    .action(async (command: string[], flags: RunFlags) => {
      const { runWrapped } = await import('../run/run');
      const { claudeRootsFor } = await import('../../engine/sidecars/transcripts');
      const code = await runWrapped({
        command,
        tag: flags.tag ?? null,
        skipExitCode: flags.skipExitCode ?? null,
        dataDir: flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir(),
        claudeRoots: claudeRootsFor({}),
        env: process.env,
        cwd: process.cwd(),
        stdout: process.stdout,
        stderr: process.stderr,
        stdinIsTty: process.stdin.isTTY === true,
        stdoutIsTty: process.stdout.isTTY === true,
      });
      process.exit(code);
    });
}
