/**
 * The Claude Code source adapter: transcripts under `<claude dir>/projects/**` (main sessions and
 * sub-agents) and background task output under the Claude temp dir. See README.md for the format quirks.
 */
import type { SourceAdapter, SourceFile } from '../types';
import { createClaudeParser } from './parser';
import { classifyClaudePath } from './paths';

export const claudeAdapter: SourceAdapter = {
  name: 'claude',
  claims(path: string): SourceFile | null {
    return classifyClaudePath(path) ? { path, adapter: 'claude', mode: 'append' } : null;
  },
  createParser: createClaudeParser,
};

export { createClaudeParser } from './parser';
export { classifyClaudePath, defaultClaudeRoots, defaultClaudeTaskDirs, type ClaudePath } from './paths';
