/**
 * What launchd says about the user's jobs right now, from `launchctl list`: a table of
 * `PID<TAB>Status<TAB>Label` under a header. PID is `-` when the job is not running; Status is
 * the last exit status, negative for the signal that killed it (-9: SIGKILL), `-` when none.
 *
 * Limits of what launchd tells: no time for the last exit, and a status of 0 also means "has not
 * run since it was loaded", so a job that never ran looks like one that succeeded.
 */
import os from 'node:os';
import type { CommandRunner, JobLiveState } from '../types';

const ROW = /^(-|\d+)\t(-|-?\d+)\t(.+)$/;

export function parseLaunchctlList(text: string): Map<string, JobLiveState> {
  const jobs = new Map<string, JobLiveState>();
  for (const line of text.split(/\r?\n/)) {
    const row = ROW.exec(line);
    if (!row) continue; // the header, a blank line
    const [, pid, status, label] = row;
    const running = pid !== '-';
    const code = status === '-' ? null : Number(status);
    jobs.set(label, {
      running,
      pid: running ? Number(pid) : null,
      lastExit: code === null ? null : code < 0 ? { code: null, signal: signalName(-code), at: null } : { code, signal: null, at: null },
    });
  }
  return jobs;
}

/** Null when launchctl is missing (not macOS) or fails: live state unknown, not "nothing running". */
export async function launchdLiveState(run: CommandRunner): Promise<Map<string, JobLiveState> | null> {
  const result = await run('launchctl', ['list']);
  if (!result || result.code !== 0) return null;
  return parseLaunchctlList(result.stdout);
}

/** This platform's name for a signal number (launchctl runs on macOS, whose numbers these then are). */
function signalName(n: number): string {
  const entry = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return entry ? entry[0] : `signal ${n}`;
}
