/**
 * From processes to `lantern run` sessions and back. A hook or a job's process only knows its own
 * pid; walking its ancestors until one is a wrapper names the session it runs under. The other
 * way, a scheduler job's pid lists the sessions started beneath it (the Jobs view).
 */
import { ancestorPids, MAX_ANCESTOR_DEPTH, parentPid, procInfo, type ProcInfoOf } from './process-tree';
import type { Sidecar } from './sidecar-file';

type PpidOf = (pid: number) => number | null;

/** The sidecar of the nearest wrapper (or wrapped child) at or above `pid`, or null. */
export function findSessionForPid<S extends Sidecar>(pid: number, sidecars: readonly S[], ppidOf: PpidOf = parentPid): S | null {
  if (!sidecars.length) return null;
  for (const p of [pid, ...ancestorPids(pid, ppidOf)]) {
    const hit = sidecars.find((s) => s.pid === p || s.childPid === p);
    if (hit) return hit;
  }
  return null;
}

/** The sessions (sidecars, Claude Code's registry entries) whose process is `jobPid` or runs somewhere beneath it. */
export function sessionsUnderPid<S extends Pick<Sidecar, 'pid'>>(jobPid: number, sidecars: readonly S[], ppidOf: PpidOf = parentPid): S[] {
  return sidecars.filter((s) => s.pid === jobPid || ancestorPids(s.pid, ppidOf).includes(jobPid));
}

const CRON_NAMES = new Set(['cron', 'crond', 'CRON', 'anacron']);

/**
 * The scheduler job a process runs under: the ancestor whose parent is cron (any), a user
 * `systemd` manager (not pid 1, which adopts every orphan) or `launchd`. Desktop terminals are
 * also children of `systemd --user` and `launchd`, so those two count only for a process without
 * a controlling terminal, as scheduled jobs are. Best effort: null when nothing fits.
 */
export function schedulerJobPid(pid: number, infoOf: ProcInfoOf = procInfo): number | null {
  const self = infoOf(pid);
  if (!self) return null;
  const detached = self.hasTty === false;
  const seen = new Set<number>([pid]);
  let cur = pid;
  let info = self;
  for (let depth = 0; depth < MAX_ANCESTOR_DEPTH; depth++) {
    const ppid = info.ppid;
    if (ppid === null || ppid <= 0 || seen.has(ppid)) return null;
    seen.add(ppid);
    const parent = infoOf(ppid);
    if (!parent) return null;
    const name = parent.name ?? '';
    if (CRON_NAMES.has(name)) return cur;
    if (detached && ((name === 'systemd' && ppid !== 1) || name === 'launchd')) return cur;
    cur = ppid;
    info = parent;
  }
  return null;
}
