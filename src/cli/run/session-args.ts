/**
 * Which session a wrapped command will write, decided before it starts. For Claude Code we choose
 * the id ourselves (`--session-id <uuid>`, FORMATS.md §4) so the transcript path is known from the
 * first second; a caller who picked the session (`--session-id`, `--resume`, `--continue`) keeps it.
 */
import path from 'node:path';
import { SESSION_ID } from '../../engine/sidecars/sidecar-file';

export interface SessionPlan {
  sessionId: string;
  /** The command to run, with `--session-id` added when we chose the id for Claude Code. */
  command: string[];
  /** True when the session id was injected; false when the caller's or merely exported. */
  injected: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLAUDE_NAMES = new Set(['claude', 'claude.exe', 'claude.cmd']);

export function isClaudeCommand(executable: string): boolean {
  return CLAUDE_NAMES.has(path.basename(executable.replace(/\\/g, '/')).toLowerCase());
}

/** The value of `--flag X` or `--flag=X` among `args`, or undefined when absent (null: flag without value). */
function flagValue(args: readonly string[], names: readonly string[]): string | null | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined; // what follows is not Claude Code's to parse
    for (const n of names) {
      if (a === n) return args[i + 1] !== undefined && !args[i + 1].startsWith('-') ? args[i + 1] : null;
      if (n.startsWith('--') && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

export function planSession(command: readonly string[], newId: () => string): SessionPlan {
  const fresh = newId();
  const [exe, ...args] = command;
  if (!exe || !isClaudeCommand(exe)) return { sessionId: fresh, command: [...command], injected: false };

  const given = flagValue(args, ['--session-id']);
  if (given !== undefined) return { sessionId: given && SESSION_ID.test(given) ? given : fresh, command: [...command], injected: false };
  // `--resume <uuid>` keeps appending to that session unless forked; an id we cannot see (the picker,
  // `--continue`) is learned later from stream-json `system/init`, when there is one.
  const resumed = flagValue(args, ['--resume', '-r']);
  if (resumed !== undefined || flagValue(args, ['--continue', '-c']) !== undefined) {
    const forked = flagValue(args, ['--fork-session']) !== undefined;
    const id = resumed && UUID.test(resumed) && !forked ? resumed : fresh;
    return { sessionId: id, command: [...command], injected: false };
  }
  // Before a `--` so the flag is never taken for a prompt word.
  const dashDash = args.indexOf('--');
  const withId = dashDash < 0 ? [...args, '--session-id', fresh] : [...args.slice(0, dashDash), '--session-id', fresh, ...args.slice(dashDash)];
  return { sessionId: fresh, command: [exe, ...withId], injected: true };
}
