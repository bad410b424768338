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
import { ancestorPids } from '../sidecars/process-tree';
import type { ProcessRow, ProcessTable } from './process-table';
import type { JobDefinition } from './types';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'busybox']);

/**
 * Tests one process, and names the index keys a matching process must have (see `candidateIndex`),
 * so a check tests a handful of candidates per job instead of the whole table.
 */
export interface JobMatcher {
  (p: Pick<ProcessRow, 'argv' | 'commandLine'>): boolean;
  keys: string[];
}

const shellKey = (command: string) => `c:${command}`;
const programKey = (word: string) => `p:${path.basename(word)}`;

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

const withKeys = (test: (p: Pick<ProcessRow, 'argv' | 'commandLine'>) => boolean, keys: string[]): JobMatcher => Object.assign(test, { keys });

export function jobProcessMatcher(def: Pick<JobDefinition, 'argv' | 'command'>): JobMatcher {
  if (def.argv && def.argv.length) {
    const want = def.argv;
    return withKeys((p) => (p.argv ? argvRuns(p.argv, want) : lineRuns(p.commandLine, want)), [programKey(want[0])]);
  }
  const command = def.command;
  if (!command.trim()) return withKeys(() => false, []);
  const exec = simpleWords(command);
  const keys = exec ? [shellKey(command), programKey(exec[0])] : [shellKey(command)];
  return withKeys((p) => {
    if (p.argv) {
      if (p.argv.length === 3 && SHELLS.has(path.basename(p.argv[0])) && p.argv[1] === '-c' && p.argv[2] === command) return true;
      return exec !== null && argvRuns(p.argv, exec);
    }
    const line = p.commandLine;
    const shell = line.split(' ', 1)[0];
    if (SHELLS.has(path.basename(shell)) && line === `${shell} -c ${command}`) return true;
    return exec !== null && lineRuns(line, exec);
  }, keys);
}

/**
 * Every process under the keys a matcher can ask for: the `-c` line of a shell, and the program
 * name of its first two words (a script's interpreter comes first). Built once per check.
 */
export function candidateIndex(rows: readonly ProcessRow[]): Map<string, ProcessRow[]> {
  const index = new Map<string, ProcessRow[]>();
  const add = (key: string, row: ProcessRow) => {
    const list = index.get(key);
    if (!list) index.set(key, [row]);
    else if (list.at(-1) !== row) list.push(row);
  };
  for (const row of rows) {
    const words = row.argv ?? row.commandLine.split(' ');
    if (words[0]) add(programKey(words[0]), row);
    if (words[1]) add(programKey(words[1]), row);
    if (row.argv) {
      if (row.argv.length === 3 && row.argv[1] === '-c') add(shellKey(row.argv[2]), row);
    } else {
      const at = row.commandLine.indexOf(' -c ');
      if (at > 0) add(shellKey(row.commandLine.slice(at + 4)), row);
    }
  }
  return index;
}

/** The matching processes that are not below another match (a job's own process, not its children). */
export function jobRoots(table: ProcessTable, index: ReadonlyMap<string, readonly ProcessRow[]>, matches: JobMatcher): ProcessRow[] {
  const candidates = new Set(matches.keys.flatMap((k) => index.get(k) ?? []));
  const hit = [...candidates].filter((r) => matches(r));
  if (hit.length < 2) return hit;
  const hitPids = new Set(hit.map((r) => r.pid));
  return hit.filter((r) => !ancestorPids(r.pid, table.parentOf).some((p) => hitPids.has(p)));
}
