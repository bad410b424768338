/** A scheduler's exit report as a JobExit: the configured "nothing to do" code is `skipped`, not `failed`. */
import type { JobExit } from '../../shared/jobs';
import type { JobLiveState } from './types';

export function schedulerExit(exit: NonNullable<JobLiveState['lastExit']>, from: JobExit['from'], skipExitCode: number | null): JobExit {
  const kind: JobExit['kind'] =
    exit.signal !== null || exit.code === null ? 'killed' : exit.code === 0 ? 'success' : skipExitCode !== null && exit.code === skipExitCode ? 'skipped' : 'failed';
  return { code: exit.code, signal: exit.signal, kind, at: exit.at, from };
}
