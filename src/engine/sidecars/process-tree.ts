/**
 * Walking the process tree upwards: which process started which. `/proc/<pid>/stat` on Linux,
 * one `ps` call per pid elsewhere (macOS, BSD). Windows has neither: every lookup answers null,
 * so callers simply find no ancestors there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ProcInfo {
  ppid: number | null;
  /** Executable name (`comm`), basename only. */
  name: string | null;
  /** Whether it has a controlling terminal; null when unknown. Scheduler jobs have none. */
  hasTty: boolean | null;
}

export type ProcInfoOf = (pid: number) => ProcInfo | null;

/** Deeper than any real tree (a login shell is ~5 levels down); bounds a corrupt or cyclic lookup. */
export const MAX_ANCESTOR_DEPTH = 64;

let hasProc: boolean | undefined;

export function procInfo(pid: number): ProcInfo | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  hasProc ??= fs.existsSync('/proc/self/stat');
  return hasProc ? fromProcStat(pid) : fromPs(pid);
}

function fromProcStat(pid: number): ProcInfo | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone
  }
  // `pid (comm) state ppid pgrp session tty_nr …`; comm may hold spaces and parentheses.
  const close = stat.lastIndexOf(')');
  const name = stat.slice(stat.indexOf('(') + 1, close);
  const rest = stat.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  const tty = Number(rest[4]);
  return { ppid: Number.isInteger(ppid) ? ppid : null, name, hasTty: Number.isInteger(tty) ? tty !== 0 : null };
}

function fromPs(pid: number): ProcInfo | null {
  let out: string;
  try {
    out = execFileSync('ps', ['-o', 'ppid=,tty=,comm=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null; // gone (ps exits 1), or no ps at all
  }
  const m = /^\s*(\d+)\s+(\S+)\s+(.*?)\s*$/.exec(out.split('\n')[0] ?? '');
  if (!m) return null;
  const tty = m[2];
  return { ppid: Number(m[1]), name: path.basename(m[3]), hasTty: tty !== '??' && tty !== '?' && tty !== '-' };
}

export function parentPid(pid: number): number | null {
  return procInfo(pid)?.ppid ?? null;
}

/**
 * The parent, grandparent, … of `pid`, nearest first, not including `pid`. Stops at the root
 * (ppid 0), an unknown parent, a repeated pid (cycle) or `maxDepth` steps.
 */
export function ancestorPids(pid: number, ppidOf: (pid: number) => number | null = parentPid, maxDepth = MAX_ANCESTOR_DEPTH): number[] {
  const out: number[] = [];
  const seen = new Set<number>([pid]);
  let cur = pid;
  while (out.length < maxDepth) {
    const ppid = ppidOf(cur);
    if (ppid === null || ppid <= 0 || seen.has(ppid)) break;
    out.push(ppid);
    seen.add(ppid);
    cur = ppid;
  }
  return out;
}
