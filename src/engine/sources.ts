/**
 * Which files the engine reads: the roots (Claude Code config dirs, background-task dirs, Lantern's
 * own run dir) and the adapters that claim paths under them. Adding an agent means adding an adapter
 * here, not `if (agent === …)` branches elsewhere (STYLE.md practice 12).
 */
import os from 'node:os';
import path from 'node:path';
import type { SourceHealth } from '../shared/agents';
import { claudeAdapter, defaultClaudeRoots, defaultClaudeTaskDirs } from './adapters/claude';
import { createRunsAdapter } from './adapters/lantern-runs';
import { SOURCE_PROVIDERS } from './adapters/registry';
import type { SourceAdapter, SourceFile } from './adapters/types';
import { ensureRunDir } from './sidecars';

export interface SourceOptions {
  dataDir: string;
  claudeDirs?: string[];
  discoverRoots?: boolean;
  taskDirs?: string[];
  /** Codex homes (`$CODEX_HOME`, `~/.codex`) besides the discovered ones. */
  codexDirs?: string[];
  /** Gemini CLI homes (`~/.gemini`) besides the discovered ones. */
  geminiDirs?: string[];
  env?: NodeJS.ProcessEnv;
  homedir?: string;
}

export interface Sources {
  claudeRoots: string[];
  /** `lantern run` sidecars and runs.jsonl. */
  runDir: string;
  /** Directories holding files some adapter reads. */
  fileRoots: string[];
  /** Claude Code's session registry dirs (`<root>/sessions`). */
  registryDirs: string[];
  /** Per root, for /api/health; `exists` is filled in by the scan. */
  health: SourceHealth[];
  claim(p: string): { adapter: SourceAdapter; file: SourceFile } | null;
  /** The directory to scan for a health entry. */
  scanRoot(s: SourceHealth): string;
}

export function resolveSources(opts: SourceOptions): Sources {
  const env = opts.env ?? process.env;
  const home = opts.homedir ?? os.homedir();
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const claudeRoots = unique([...(opts.discoverRoots === false ? [] : defaultClaudeRoots(env, home)), ...(opts.claudeDirs ?? [])]);
  const taskDirs = unique(opts.taskDirs ?? defaultClaudeTaskDirs(env, os.tmpdir(), uid));
  // Created now so the watcher has it before the first `lantern run` writes into it.
  const runDir = ensureRunDir(opts.dataDir);
  const rootOpts = { codexDirs: opts.codexDirs, geminiDirs: opts.geminiDirs, discoverRoots: opts.discoverRoots, env, home };
  const provided = SOURCE_PROVIDERS.map((p) => ({ kind: p.kind, dirs: unique(p.dirs(rootOpts)) }));
  const adapters: SourceAdapter[] = [claudeAdapter, createRunsAdapter(opts.dataDir), ...SOURCE_PROVIDERS.map((p) => p.adapter)];
  return {
    claudeRoots,
    runDir,
    fileRoots: [...claudeRoots.map((r) => path.join(r, 'projects')), ...taskDirs, runDir, ...provided.flatMap((p) => p.dirs)],
    registryDirs: claudeRoots.map((r) => path.join(r, 'sessions')),
    health: [
      ...claudeRoots.map((root) => ({ kind: 'claude', root, exists: false })),
      ...taskDirs.map((root) => ({ kind: 'claude-tasks', root, exists: false })),
      { kind: 'lantern-runs', root: runDir, exists: false },
      ...provided.flatMap((p) => p.dirs.map((root) => ({ kind: p.kind, root, exists: false }))),
    ],
    claim(p) {
      for (const adapter of adapters) {
        const file = adapter.claims(p);
        if (file) return { adapter, file };
      }
      return null;
    },
    scanRoot: (s) => (s.kind === 'claude' ? path.join(s.root, 'projects') : s.root),
  };
}

function unique(list: string[]): string[] {
  return [...new Set(list.map((p) => path.resolve(p)))];
}
