/**
 * Where the Gemini CLI writes, and what a path alone tells about a file (FORMATS.md §6). Pure string
 * handling: no filesystem access. Paths may use `/` or `\` (Windows), in any mix.
 *
 * Layout: `<gemini home>/tmp/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<id8>.jsonl` (≥ 0.39, appended) or
 * `.json` (older, one document rewritten whole), and sub-agent chats `chats/<parentSessionId>/<sessionId>.jsonl`.
 * `<project>` is a slug from `<gemini home>/projects.json` in current versions, `sha256(projectRoot)` (64 hex, or
 * its first 16 in some older versions) before the migration that copies hash folders to slug folders.
 */
import { joinPath, type Env } from '../home-paths';


export type GeminiPath =
  /** `<tmp>/<project>/chats/<name>.jsonl|.json` */
  | { kind: 'session'; tmpRoot: string; project: string; name: string; format: 'jsonl' | 'json' }
  /** `<tmp>/<project>/chats/<parentSessionId>/<name>.jsonl|.json` */
  | { kind: 'subagent'; tmpRoot: string; project: string; parentSessionId: string; name: string; format: 'jsonl' | 'json' };

/** Folder names gemini-cli derived from a hash of the project root (older versions). */
const HASH_FOLDER = /^(?:[0-9a-f]{64}|[0-9a-f]{16})$/;

export function isHashFolder(name: string): boolean {
  return HASH_FOLDER.test(name);
}

function formatOf(name: string): 'jsonl' | 'json' | null {
  if (name.endsWith('.jsonl') && name.length > '.jsonl'.length) return 'jsonl';
  if (name.endsWith('.json') && name.length > '.json'.length) return 'json';
  return null;
}

/** The original spelling of the first `k` parts (separators kept as they were). */
function prefix(path: string, parts: string[], k: number): string {
  return path.slice(0, parts.slice(0, k).join('/').length);
}

/** Classify a path; null for anything the Gemini adapter does not read (logs.json, checkpoints, tool outputs). */
export function classifyGeminiPath(path: string): GeminiPath | null {
  const parts = path.split(/[\\/]/);
  const n = parts.length;
  const name = parts[n - 1];
  if (!name) return null;
  const format = formatOf(name);
  if (!format) return null;
  // <tmp>/<project>/chats/<name>
  if (n >= 4 && parts[n - 2] === 'chats' && parts[n - 3] && parts[n - 4] === 'tmp') {
    return { kind: 'session', tmpRoot: prefix(path, parts, n - 3), project: parts[n - 3], name, format };
  }
  // <tmp>/<project>/chats/<parent>/<name>
  if (n >= 5 && parts[n - 3] === 'chats' && parts[n - 2] && parts[n - 4] && parts[n - 5] === 'tmp') {
    return { kind: 'subagent', tmpRoot: prefix(path, parts, n - 4), project: parts[n - 4], parentSessionId: parts[n - 2], name, format };
  }
  return null;
}

/** File name without its `.json` / `.jsonl` extension. */
export function stemOf(name: string): string {
  return name.replace(/\.jsonl?$/, '');
}


/**
 * Candidate Gemini CLI homes, existing or not: `$GEMINI_CLI_HOME/.gemini` when set (gemini-cli's `homedir()` in
 * packages/core/src/utils/paths.ts answers `GEMINI_CLI_HOME` before `os.homedir()`), then `~/.gemini`.
 */
export function defaultGeminiHomes(env: Env, homedir: string): string[] {
  const out: string[] = [];
  const override = env.GEMINI_CLI_HOME?.trim();
  if (override) out.push(joinPath(override, '.gemini'));
  out.push(joinPath(homedir, '.gemini'));
  return [...new Set(out)];
}

/** The directory the adapter reads under a Gemini home. */
export function geminiTmpDir(home: string): string {
  return joinPath(home, 'tmp');
}
