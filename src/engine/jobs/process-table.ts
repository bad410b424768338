/**
 * A snapshot of the process table: pid, parent and command line of every process we can see.
 * Linux reads `/proc` (the exact argv, NUL-separated); elsewhere one `ps` call gives the command
 * line as one string, which the matcher compares as text. Reads are asynchronous and batched: a
 * machine with thousands of processes must not hold up the hook endpoints (DESIGN.md: < 5 ms).
 */
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { CommandRunner } from './types';

export interface ProcessRow {
  pid: number;
  ppid: number | null;
  /** The exact argv (Linux); null where only the joined command line is known (`ps`). */
  argv: string[] | null;
  /** argv joined with spaces (or `ps`'s command column). */
  commandLine: string;
}

const BATCH = 64;

export async function readProcessTable(run: CommandRunner): Promise<ProcessRow[]> {
  return existsSync('/proc/self/cmdline') ? fromProc() : fromPs(run);
}

async function fromProc(): Promise<ProcessRow[]> {
  const names = await fs.readdir('/proc').catch(() => [] as string[]);
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const rows: ProcessRow[] = [];
  for (let i = 0; i < pids.length; i += BATCH) {
    const batch = await Promise.all(pids.slice(i, i + BATCH).map(procRow));
    for (const r of batch) if (r) rows.push(r);
  }
  return rows;
}

async function procRow(pid: number): Promise<ProcessRow | null> {
  try {
    const [stat, cmdline] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, 'utf8'), fs.readFile(`/proc/${pid}/cmdline`, 'utf8')]);
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = cmdline.split('\0');
    if (argv.at(-1) === '') argv.pop();
    if (!argv.length) return null; // kernel threads have no command line
    return { pid, ppid: Number.isInteger(ppid) ? ppid : null, argv, commandLine: argv.join(' ') };
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

async function fromPs(run: CommandRunner): Promise<ProcessRow[]> {
  const out = await run('ps', ['-axo', 'pid=,ppid=,command='], { timeoutMs: 5000 });
  if (!out || out.code !== 0) return [];
  const rows: ProcessRow[] = [];
  for (const line of out.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*?)\s*$/.exec(line);
    if (m) rows.push({ pid: Number(m[1]), ppid: Number(m[2]), argv: null, commandLine: m[3] });
  }
  return rows;
}

/** The argv of one process (`lantern run` records the scheduler job it runs under), or null. */
export async function processArgv(pid: number, run: CommandRunner): Promise<string[] | null> {
  if (existsSync('/proc/self/cmdline')) return (await procRow(pid))?.argv ?? null;
  const out = await run('ps', ['-o', 'command=', '-p', String(pid)]);
  const line = out?.code === 0 ? out.stdout.trim() : '';
  return line ? [line] : null;
}

/** Children of each pid, for walking down from a job's process to the sessions it runs. */
export function childrenIndex(rows: readonly ProcessRow[]): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const r of rows) {
    if (r.ppid === null) continue;
    const list = children.get(r.ppid);
    if (list) list.push(r.pid);
    else children.set(r.ppid, [r.pid]);
  }
  return children;
}

/** `pid` and every process below it. */
export function descendantsOf(pid: number, children: ReadonlyMap<number, readonly number[]>): Set<number> {
  const out = new Set<number>([pid]);
  const stack = [pid];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (out.has(c)) continue;
      out.add(c);
      stack.push(c);
    }
  }
  return out;
}
