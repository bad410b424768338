/**
 * Finding a Claude Code session's transcript by its id alone: `<claude root>/projects/<project>/<id>.jsonl`
 * (FORMATS.md §1.1; the project folder is an encoding of the cwd we do not need to reproduce).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultClaudeRoots } from '../adapters/claude';
import { SESSION_ID } from './sidecar-file';

export function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The transcript of `sessionId` under any of `roots`, or null. The id is checked: never a path. */
export function findClaudeTranscript(roots: readonly string[], sessionId: string): string | null {
  if (!SESSION_ID.test(sessionId)) return null;
  for (const root of roots) {
    const projects = path.join(root, 'projects');
    let dirs: fs.Dirent[];
    try {
      dirs = fs.readdirSync(projects, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of dirs) {
      if (!d.isDirectory()) continue;
      const candidate = path.join(projects, d.name, `${sessionId}.jsonl`);
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}

/** The Claude roots the engine reads, from the same options (`--claude-dir`, `--no-default-dirs`). */
export function claudeRootsFor(opts: { claudeDirs?: string[]; discoverRoots?: boolean; env?: NodeJS.ProcessEnv; homedir?: string }): string[] {
  const found = opts.discoverRoots === false ? [] : defaultClaudeRoots(opts.env ?? process.env, opts.homedir ?? os.homedir());
  return [...new Set([...found, ...(opts.claudeDirs ?? [])].map((p) => path.resolve(p)))];
}
