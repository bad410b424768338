/**
 * `listActiveSessions()`: live `lantern run` sidecars merged with Claude Code's own registry.
 * One entry per session id; the sidecar wins (it knows tag, attempt, command and the job it runs
 * under) but keeps the registry's `status`, which only Claude Code itself knows.
 */
import type { ActiveSession } from '../../shared/sessions';
import { schedulerJobPid } from './find-session';
import type { Sidecar } from './sidecar-file';

export interface MergeDeps {
  /** The live transcript path of a session, from the store (agent `claude:<id>`). */
  transcriptOf(sessionId: string): string | null;
  /** The scheduler job a wrapper runs under, if any. */
  jobPidOf(sidecar: Sidecar): number | null;
}

export function sidecarSession(s: Sidecar, deps: MergeDeps): ActiveSession {
  const session: ActiveSession = {
    sessionId: s.sessionId,
    tag: s.tag,
    pid: s.pid,
    startedAt: s.startedAt,
    attempt: s.attempt,
    source: 'sidecar',
    transcript: deps.transcriptOf(s.sessionId),
    command: s.command,
  };
  const jobPid = deps.jobPidOf(s);
  if (jobPid !== null) session.jobPid = jobPid;
  return session;
}

export function mergeActiveSessions(sidecars: readonly Sidecar[], registry: readonly ActiveSession[], deps: MergeDeps): ActiveSession[] {
  const byId = new Map<string, ActiveSession>();
  for (const r of registry) byId.set(r.sessionId, r);
  for (const s of sidecars) {
    const fromSidecar = sidecarSession(s, deps);
    const known = byId.get(s.sessionId);
    if (known?.status !== undefined) fromSidecar.status = known.status;
    if (!fromSidecar.transcript && known?.transcript) fromSidecar.transcript = known.transcript;
    byId.set(s.sessionId, fromSidecar);
  }
  return [...byId.values()];
}

/**
 * `schedulerJobPid` costs a walk of the tree (a `ps` call per level off Linux), and a running
 * wrapper's ancestry does not change, so the answer is kept per wrapper (pid + start time) for as
 * long as that wrapper is listed.
 */
export function createJobPidCache(resolve: (pid: number) => number | null = schedulerJobPid) {
  let cache = new Map<string, number | null>();
  return {
    jobPidOf(s: Sidecar): number | null {
      const key = `${s.pid}:${s.procStart ?? ''}`;
      if (!cache.has(key)) cache.set(key, resolve(s.pid));
      return cache.get(key) ?? null;
    },
    /** Forget wrappers no longer listed. */
    retain(live: readonly Sidecar[]): void {
      const keep = new Set(live.map((s) => `${s.pid}:${s.procStart ?? ''}`));
      cache = new Map([...cache].filter(([k]) => keep.has(k)));
    },
  };
}
