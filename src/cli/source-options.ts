/** The flags every command that reads agent files shares, and their mapping to engine options. */
import { Command, Option } from 'commander';
import path from 'node:path';
import { defaultDataDir } from '../engine/data-dir';
import type { EngineOptions } from '../engine/engine';

export interface SourceFlags {
  dataDir?: string;
  claudeDir: string[];
  taskDir: string[];
  codexDir: string[];
  geminiDir: string[];
  defaultDirs: boolean;
  runningWindow?: number;
  poll?: boolean;
}

const collect = (value: string, prev: string[]) => [...prev, value];

export function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

/** A TCP port; 0 asks the OS for any free port (handy for tests and scripts). */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a whole number 0-65535, got "${value}"`);
  return n;
}

export function addSourceOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data-dir <dir>', 'where the store, token and lock live').env('LANTERN_DATA_DIR'))
    .option('--claude-dir <dir>', 'a Claude Code config dir to read (repeatable), besides the discovered ones', collect, [])
    .option('--task-dir <dir>', 'a Claude Code background-task dir (claude-<uid>) to read (repeatable)', collect, [])
    .option('--codex-dir <dir>', 'a Codex home ($CODEX_HOME) to read (repeatable), besides the discovered one', collect, [])
    .option('--gemini-dir <dir>', 'a Gemini CLI home (~/.gemini) to read (repeatable), besides the discovered one', collect, [])
    .option('--no-default-dirs', 'read only the dirs given by --claude-dir / --task-dir / --codex-dir / --gemini-dir')
    .option('--running-window <seconds>', 'an agent whose transcript was written this recently is running (default: settings.json, else 90)', positiveInt('--running-window'))
    .option('--poll', 'poll files instead of native watching (network filesystems)');
}

/**
 * Only what the user actually gave counts as a flag: `claudeDirs` and `runningWindowSec` given here
 * override settings.json for this run; left undefined, the engine takes them from the file.
 * `--no-default-dirs` alone means "only the dirs given", none from the file either.
 */
export function engineOptions(flags: SourceFlags, role: string): EngineOptions {
  return {
    dataDir: flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir(),
    claudeDirs: flags.claudeDir.length > 0 || !flags.defaultDirs ? flags.claudeDir : undefined,
    discoverRoots: flags.defaultDirs,
    taskDirs: flags.defaultDirs ? (flags.taskDir.length ? flags.taskDir : undefined) : flags.taskDir,
    codexDirs: flags.codexDir,
    geminiDirs: flags.geminiDir,
    runningWindowSec: flags.runningWindow,
    polling: flags.poll ?? false,
    role,
  };
}
