/** Job and JobsSnapshot builders for renderer state tests. */
import type { Job, JobExit, JobsSnapshot } from '../../../src/shared/jobs';

export function job(id: string, over: Partial<Job> = {}): Job {
  return {
    id,
    kind: 'cron',
    label: `label of ${id}`,
    command: `claude -p "${id}"`,
    schedule: '*/15 * * * *',
    nextRun: null,
    running: false,
    pids: [],
    sessionIds: [],
    agentIds: [],
    lastExit: null,
    logPath: null,
    source: 'crontab -l',
    problems: [],
    ...over,
  };
}

export function exit(kind: JobExit['kind'], over: Partial<JobExit> = {}): JobExit {
  return { code: kind === 'killed' ? null : kind === 'success' ? 0 : 1, signal: kind === 'killed' ? 'SIGTERM' : null, kind, at: null, from: 'lantern-run', ...over };
}

export function jobsSnapshot(jobs: Job[], over: Partial<JobsSnapshot> = {}): JobsSnapshot {
  return { jobs, checkedAt: '2026-11-21T10:00:00.000Z', timeZone: 'UTC', sources: [{ kind: 'cron', path: 'crontab -l', ok: true }], ...over };
}
