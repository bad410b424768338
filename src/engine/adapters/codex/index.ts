/**
 * The Codex CLI source adapter: rollouts under `<codex home>/sessions/YYYY/MM/DD/` and
 * `<codex home>/archived_sessions/`, both eras (FORMATS.md §5). See README.md for the quirks.
 */
import type { RootOptions, SourceAdapter, SourceFile, SourceProvider } from '../types';
import { createCodexParser } from './parser';
import { classifyCodexPath, codexRolloutDirs, defaultCodexHomes } from './paths';

export const codexAdapter: SourceAdapter = {
  name: 'codex',
  claims(path: string): SourceFile | null {
    return classifyCodexPath(path) ? { path, adapter: 'codex', mode: 'append' } : null;
  },
  createParser: createCodexParser,
};

/** Codex homes to read: `$CODEX_HOME` or `~/.codex` (unless only given dirs are wanted), plus `--codex-dir`. */
export function codexHomes(opts: RootOptions): string[] {
  const found = opts.discoverRoots === false ? [] : defaultCodexHomes(opts.env, opts.home);
  return [...new Set([...found, ...(opts.codexDirs ?? [])])];
}

export const codexSource: SourceProvider = {
  kind: 'codex',
  dirs: (opts) => codexHomes(opts).flatMap(codexRolloutDirs),
  adapter: codexAdapter,
};

export { codexAgentId, createCodexParser } from './parser';
export { classifyCodexPath, defaultCodexHomes, type CodexPath } from './paths';
export { codexToolId } from './tools';
