/**
 * Scheduled agent jobs (issue 8): crontab lines, systemd user timers and launchd agents whose
 * command runs an agent. What `GET /api/jobs` answers and the Jobs view shows.
 */

export const JOB_KINDS = ['cron', 'systemd', 'launchd'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** How a job's last run ended. */
export interface JobExit {
  /** Exit status; null when it died of a signal. */
  code: number | null;
  signal: string | null;
  /** `skipped` = the configured "nothing to do" exit code (settings `jobs.skipExitCode`, or the run's `--skip-exit-code`). */
  kind: 'success' | 'skipped' | 'failed' | 'killed';
  /** When it ended (ISO-8601), when known. */
  at: string | null;
  /** Who reported it: the scheduler itself, or a `lantern run` wrapper inside the job. */
  from: 'systemd' | 'launchd' | 'lantern-run';
}

export interface Job {
  /** Stable across refreshes: `cron:<hash>`, `systemd:<timer unit>`, `launchd:<label>`. */
  id: string;
  kind: JobKind;
  /** Crontab: a comment line right above, else the command's agent word; systemd: the timer unit; launchd: the Label. */
  label: string;
  /** The command as the scheduler runs it (a shell line for cron; ExecStart / ProgramArguments joined for the others). */
  command: string;
  /** The schedule as written (`*\/15 * * * *`, `OnCalendar=daily`, `StartInterval=900`). */
  schedule: string;
  /** The next run (ISO-8601), in the job's time zone; null when it cannot be known (`@reboot`, a monotonic timer never run). */
  nextRun: string | null;
  running: boolean;
  /** The job's own processes (the scheduler's child), oldest first. */
  pids: number[];
  /** Agent sessions running under those processes (`lantern run` sidecars, Claude Code's session registry). */
  sessionIds: string[];
  /** The store's agent ids for those sessions (for the replay), same order. */
  agentIds: string[];
  lastExit: JobExit | null;
  /** Where its output goes, when it goes to a file. Null for the journal or nowhere. */
  logPath: string | null;
  /** The definition's file (crontab, unit, plist), or `crontab -l`. */
  source: string;
  /** Read but partly not understood (an unknown schedule field): shown on the row, the job still listed. */
  problems: string[];
}

export interface JobSourceStatus {
  kind: JobKind;
  /** The file or directory read, or `crontab -l`. */
  path: string;
  /** Read now (a missing directory is not an error: nothing is scheduled there). */
  ok: boolean;
  error?: string;
  /** Whether the scheduler's live state (`systemctl --user`, `launchctl list`) answered. */
  live?: boolean;
}

export interface JobsSnapshot {
  /** Agent jobs only (see settings `jobs.patterns`), soonest next run first. */
  jobs: Job[];
  /** When the snapshot was taken (ISO-8601). */
  checkedAt: string;
  /** The IANA time zone next runs are computed in. */
  timeZone: string;
  sources: JobSourceStatus[];
}

export interface JobLogQuery {
  /** 1-1000, default 80. */
  lines?: number;
}

export interface JobLog {
  id: string;
  /** The file read; null when the lines came from the journal. */
  path: string | null;
  from: 'file' | 'journal' | 'none';
  /** The last lines, oldest first, without line ends. */
  lines: string[];
  /** The file's size in bytes when read (the view polls and re-reads when it grows). */
  size: number | null;
  /** Why there is nothing to show (no log target, file missing), when `lines` is empty for a reason. */
  note?: string;
}
