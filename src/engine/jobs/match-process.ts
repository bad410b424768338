/**
 * Does this process run that job? Schedulers start a job one of three ways, and each leaves a
 * recognisable command line:
 * - cron hands the whole line to `/bin/sh -c '<command>'` (and a shell may `exec` a lone simple
 *   command, so the process is then that command itself);
 * - systemd and launchd start ExecStart / ProgramArguments directly, where a script's
 *   interpreter can come first (`node /usr/bin/codex exec …` for `ExecStart=/usr/bin/codex exec …`)
 *   and argv[0] may be a bare name or a full path.
 * `ps` (off Linux) gives one string, so every test also has a text form.
 */
import path from 'node:path';
import { parse } from 'shell-quote';
import type { ProcessRow } from './process-table';
import type { JobDefinition } from './types';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox']);

type Matcher = (p: Pick<ProcessRow, 'argv' | 'commandLine'>) => boolean;

/** The words of a shell line with no operators (`a && b`, `> log`), else null: only those can be exec'd as is. */
function simpleWords(command: string): string[] | null {
  let words: ReturnType<typeof parse>;
  try {
    words = parse(command, (name) => `$${name}`);
  } catch {
    return null;
  }
  return words.length > 0 && words.every((w) => typeof w === 'string') ? (words as string[]) : null;
}

/** argv equals `want`, allowing argv[0] as a basename or path, and an interpreter in front. */
function argvRuns(argv: readonly string[], want: readonly string[]): boolean {
  const same0 = (a: string | undefined, b: string) => a !== undefined && (a === b || path.basename(a) === path.basename(b));
  const restEqual = (from: number) => argv.length - from === want.length && want.every((w, i) => i === 0 || argv[from + i] === w);
  if (same0(argv[0], want[0]) && restEqual(0)) return true;
  return argv.length >= 2 && same0(argv[1], want[0]) && restEqual(1);
}

/** The same on a joined command line (`ps`): exact, or ending with the job's words after an interpreter. */
function lineRuns(line: string, want: readonly string[]): boolean {
  const joined = want.join(' ');
  if (line === joined) return true;
  const tail = want.slice(1).join(' ');
  const head = path.basename(want[0]);
  const words = line.split(' ');
  return words.some((w, i) => path.basename(w) === head && words.slice(i + 1).join(' ') === tail && i <= 1);
}

export function jobProcessMatcher(def: Pick<JobDefinition, 'argv' | 'command'>): Matcher {
  if (def.argv && def.argv.length) {
    const want = def.argv;
    return (p) => (p.argv ? argvRuns(p.argv, want) : lineRuns(p.commandLine, want));
  }
  const command = def.command;
  if (!command.trim()) return () => false;
  const exec = simpleWords(command);
  return (p) => {
    if (p.argv) {
      if (p.argv.length === 3 && SHELLS.has(path.basename(p.argv[0])) && p.argv[1] === '-c' && p.argv[2] === command) return true;
      return exec !== null && argvRuns(p.argv, exec);
    }
    const line = p.commandLine;
    const shell = line.split(' ', 1)[0];
    if (SHELLS.has(path.basename(shell)) && line === `${shell} -c ${command}`) return true;
    return exec !== null && lineRuns(line, exec);
  };
}

/** The matching processes that are not below another match (a job's own process, not its children). */
export function jobRoots(rows: readonly ProcessRow[], matches: Matcher): ProcessRow[] {
  const hit = rows.filter((r) => matches(r));
  if (hit.length < 2) return hit;
  const parentOf = new Map(rows.map((r) => [r.pid, r.ppid]));
  const hitPids = new Set(hit.map((r) => r.pid));
  return hit.filter((r) => {
    const seen = new Set<number>([r.pid]);
    for (let p = parentOf.get(r.pid) ?? null; p !== null && p > 0 && !seen.has(p); p = parentOf.get(p) ?? null) {
      if (hitPids.has(p)) return false;
      seen.add(p);
    }
    return true;
  });
}
