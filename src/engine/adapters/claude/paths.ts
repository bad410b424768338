/**
 * Where Claude Code writes, and what a path alone tells about a file (FORMATS.md §1.1).
 * Pure string handling: no filesystem access, so callers decide which candidates exist.
 * Paths may use `/` or `\` (Windows), in any mix.
 */
import { joinPath, type Env } from '../home-paths';


/** What kind of Claude Code file a path is. */
export type ClaudePath =
  /** `<root>/projects/<project>/<session>.jsonl` */
  | { kind: 'session'; project: string; sessionId: string }
  /** `<root>/projects/<project>/<session>/subagents/agent-<agentId>.jsonl` (2.1.x) */
  | { kind: 'subagent'; project: string; sessionId: string; agentId: string }
  /** `<root>/projects/<project>/agent-<agentId>.jsonl` beside the sessions (2.0.x): the session is in the records. */
  | { kind: 'legacy-subagent'; project: string; agentId: string }
  /** `<taskroot>/<project>/<session>/tasks/<taskId>.output`, or legacy `<taskroot>/<project>/tasks/<taskId>.output`. */
  | { kind: 'task'; project: string; sessionId: string | null; taskId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// a7c91f4, 17 hex chars, acompact-<hex>, aside_question-<hex>: letters, digits, `-` and `_`.
const AGENT_ID = /^[A-Za-z0-9_-]+$/;
// Bash task ids are `b` + base36; agent tasks reuse the agentId.
const TASK_ID = /^[A-Za-z0-9_-]+$/;

const isUuid = (s: string): boolean => s.length === 36 && UUID.test(s);

/** Agent id from an `agent-<id>.jsonl` file name, or null. */
function agentIdFromName(name: string): string | null {
  if (!name.startsWith('agent-') || !name.endsWith('.jsonl')) return null;
  const id = name.slice('agent-'.length, -'.jsonl'.length);
  return AGENT_ID.test(id) ? id : null;
}

/** Classify a path; null for anything the Claude adapter does not read (`*.meta.json`, `tool-results/*`, …). */
export function classifyClaudePath(path: string): ClaudePath | null {
  const parts = path.split(/[\\/]/);
  const n = parts.length;
  const name = parts[n - 1];
  if (!name) return null;

  if (name.endsWith('.jsonl')) {
    // <projects>/<project>/<file>.jsonl
    if (n >= 3 && parts[n - 3] === 'projects' && parts[n - 2]) {
      const project = parts[n - 2];
      const base = name.slice(0, -'.jsonl'.length);
      if (isUuid(base)) return { kind: 'session', project, sessionId: base };
      const agentId = agentIdFromName(name);
      if (agentId) return { kind: 'legacy-subagent', project, agentId };
      return null;
    }
    // <projects>/<project>/<session>/subagents/agent-<id>.jsonl
    if (n >= 5 && parts[n - 2] === 'subagents' && parts[n - 5] === 'projects' && isUuid(parts[n - 3]) && parts[n - 4]) {
      const agentId = agentIdFromName(name);
      if (agentId) return { kind: 'subagent', project: parts[n - 4], sessionId: parts[n - 3], agentId };
    }
    return null;
  }

  if (name.endsWith('.output') && n >= 3 && parts[n - 2] === 'tasks') {
    const taskId = name.slice(0, -'.output'.length);
    if (!TASK_ID.test(taskId)) return null;
    const above = parts[n - 3];
    // The task root itself is not checked: $CLAUDE_CODE_TMPDIR can be anywhere. The watcher only looks there.
    if (isUuid(above)) {
      const project = n >= 4 ? parts[n - 4] : '';
      if (!project) return null;
      return { kind: 'task', project, sessionId: above, taskId };
    }
    if (!above) return null;
    return { kind: 'task', project: above, sessionId: null, taskId };
  }
  return null;
}


function uniq(list: string[]): string[] {
  return [...new Set(list.filter((s) => s.length > 0))];
}

/**
 * Candidate Claude config roots, existing or not: `$CLAUDE_CONFIG_DIR` (a comma-separated list, as ccusage
 * accepts), then `~/.claude` and `~/.config/claude`. Transcripts are under `<root>/projects`.
 */
export function defaultClaudeRoots(env: Env, homedir: string): string[] {
  const fromEnv = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return uniq([...fromEnv, joinPath(homedir, '.claude'), joinPath(homedir, '.config', 'claude')]);
}

/**
 * Candidate roots of background task output, existing or not: `$CLAUDE_CODE_TMPDIR` or `<tmpdir>/claude-<uid>`,
 * then `/tmp/claude-<uid>` (macOS: os.tmpdir() is a per-user folder, but Claude Code writes to /tmp) and the
 * legacy shared `/tmp/claude` (and `<tmpdir>/claude`, the Windows layout). `uid` is null where there is none.
 */
export function defaultClaudeTaskDirs(env: Env, tmpdir: string, uid: number | null): string[] {
  const out: string[] = [];
  const override = env.CLAUDE_CODE_TMPDIR?.trim();
  if (override) out.push(override);
  else if (uid !== null) out.push(joinPath(tmpdir, `claude-${uid}`));
  else out.push(joinPath(tmpdir, 'claude'));
  if (uid !== null) out.push(`/tmp/claude-${uid}`);
  out.push('/tmp/claude');
  return uniq(out);
}
