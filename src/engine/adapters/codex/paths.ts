/**
 * Where the Codex CLI writes its rollouts, and what a path alone tells (FORMATS.md §5). Pure string
 * handling, no filesystem access: the provider lists candidate dirs, the watcher decides what exists.
 *
 * - `<home>/sessions/YYYY/MM/DD/rollout-<local time>-<thread uuid>.jsonl` (the date dirs are local time)
 * - `<home>/archived_sessions/rollout-….jsonl` (flat; an archived thread's file moves here)
 */
import { joinPath, type Env } from '../home-paths';


export type CodexPath = { kind: 'session' | 'archived'; threadId: string | null };

const UUID_TAIL = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;
const DIGITS = /^\d+$/;

/** The thread id a rollout's file name ends with, lower-cased; null when it has none. */
export function threadIdFromName(name: string): string | null {
  const m = UUID_TAIL.exec(name);
  return m ? m[1].toLowerCase() : null;
}

/** Classify a path; null for anything this adapter does not read (`history.jsonl`, logs, config). */
export function classifyCodexPath(p: string): CodexPath | null {
  const parts = p.split(/[\\/]/);
  const n = parts.length;
  const name = parts[n - 1];
  if (!name || !name.endsWith('.jsonl') || n < 2) return null;
  if (parts[n - 2] === 'archived_sessions') return { kind: 'archived', threadId: threadIdFromName(name) };
  if (!name.startsWith('rollout-')) return null;
  // sessions/YYYY/MM/DD/rollout-*.jsonl; only date folders may sit between `sessions` and the file.
  for (let i = n - 2; i >= 0; i--) {
    if (parts[i] === 'sessions') return { kind: 'session', threadId: threadIdFromName(name) };
    if (!DIGITS.test(parts[i])) return null;
  }
  return null;
}


/**
 * Codex homes, existing or not: `$CODEX_HOME` (a comma-separated list, as ccusage accepts) when set,
 * else `~/.codex`. Codex itself uses only `$CODEX_HOME` when it is set.
 */
export function defaultCodexHomes(env: Env, homedir: string): string[] {
  const fromEnv = (env.CODEX_HOME ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return fromEnv.length ? [...new Set(fromEnv)] : [joinPath(homedir, '.codex')];
}

/** The dirs of one Codex home that hold rollouts. */
export function codexRolloutDirs(home: string): string[] {
  return [joinPath(home, 'sessions'), joinPath(home, 'archived_sessions')];
}
