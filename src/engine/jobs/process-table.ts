/**
 * A snapshot of the process table: pid, parent and command line of every process we can see.
 * Linux reads `/proc` (the exact argv, NUL-separated); elsewhere one `ps` call gives the command
 * line as one string, which the matcher compares as text.
 *
 * `/proc` files are read synchronously, in slices with a yield to the event loop between them: a
 * synchronous read of a `/proc` file is a few microseconds, its promise version (open, fstat,
 * read, close through the thread pool) costs ten times that, and on two cores that work competes
 * with the main thread anyway. A slice stays far under the hook endpoints' budget (DESIGN.md: well
 * under 5 ms), whatever the number of processes (measured by `npm run bench -- --only jobs-check`).
 */
import fs from 'node:fs';
import { parentPid } from '../sidecars/process-tree';
import type { CommandRunner } from './types';

export interface ProcessRow {
  pid: number;
  /** The exact argv (Linux); null where only the joined command line is known (`ps`). */
  argv: string[] | null;
  /** argv joined with spaces (or `ps`'s command column). */
  commandLine: string;
}

export interface ProcessTable {
  rows: ProcessRow[];
  /**
   * A process's parent. Read when asked (and then kept for this snapshot): only the few processes
   * that matched a job and the sessions' processes need one, so the scan reads one file per process.
   */
  parentOf(pid: number): number | null;
}

/** Processes read between two yields to the event loop. */
const SLICE = 16;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function readProcessTable(run: CommandRunner): Promise<ProcessTable> {
  return fs.existsSync('/proc/self/cmdline') ? { rows: await fromProc(), parentOf: memoParent() } : fromPs(run);
}

function memoParent(): (pid: number) => number | null {
  const known = new Map<number, number | null>();
  return (pid) => {
    if (!known.has(pid)) known.set(pid, parentPid(pid));
    return known.get(pid) ?? null;
  };
}

async function fromProc(): Promise<ProcessRow[]> {
  const names = await fs.promises.readdir('/proc').catch(() => [] as string[]);
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const rows: ProcessRow[] = [];
  for (let i = 0; i < pids.length; i += SLICE) {
    if (i > 0) await yieldToLoop();
    for (const pid of pids.slice(i, i + SLICE)) {
      const r = procRow(pid);
      if (r) rows.push(r);
    }
  }
  return rows;
}

function procRow(pid: number): ProcessRow | null {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (argv.at(-1) === '') argv.pop();
    if (!argv.length) return null; // kernel threads have no command line
    return { pid, argv, commandLine: argv.join(' ') };
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

async function fromPs(run: CommandRunner): Promise<ProcessTable> {
  const out = await run('ps', ['-axo', 'pid=,ppid=,command='], { timeoutMs: 5000 });
  const rows: ProcessRow[] = [];
  const parents = new Map<number, number>();
  for (const line of out?.code === 0 ? out.stdout.split('\n') : []) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    rows.push({ pid: Number(m[1]), argv: null, commandLine: m[3] });
    parents.set(Number(m[1]), Number(m[2]));
  }
  return { rows, parentOf: (pid) => parents.get(pid) ?? null };
}

/** The argv of one process (`lantern run` records the scheduler job it runs under), or null. */
export async function processArgv(pid: number, run: CommandRunner): Promise<string[] | null> {
  if (fs.existsSync('/proc/self/cmdline')) return procRow(pid)?.argv ?? null;
  const out = await run('ps', ['-o', 'command=', '-p', String(pid)]);
  const line = out?.code === 0 ? out.stdout.trim() : '';
  return line ? [line] : null;
}
