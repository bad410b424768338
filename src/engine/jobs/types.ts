/**
 * What each scheduler reader produces: job definitions read from files, and the live state its
 * scheduler reports when one is running. `jobs-service.ts` joins them with the process table.
 */
import type { JobKind, JobSourceStatus } from '../../shared/jobs';

export interface JobDefinition {
  /** Stable id (see `Job.id` in src/shared/jobs.ts). */
  id: string;
  kind: JobKind;
  label: string;
  /** As the scheduler runs it: cron's shell line; ExecStart / ProgramArguments joined with shell quoting. */
  command: string;
  /** The argv the scheduler starts without a shell (systemd ExecStart, launchd ProgramArguments); null for cron (`sh -c command`). */
  argv: string[] | null;
  /** The schedule as written, short. */
  schedule: string;
  /**
   * The first run strictly after `from`, computed in `timeZone` (IANA); `lastRun` is the last
   * start when known (interval schedules count from it). Null when the definition alone cannot say.
   */
  nextRun(from: Date, timeZone: string, lastRun: Date | null): Date | null;
  /** Where stdout goes when it is a file (a crontab `>>` redirection, StandardOutput=append:, StandardOutPath). */
  logPath: string | null;
  /** The file it was read from, or `crontab -l`. */
  source: string;
  /** What was not understood (an unknown schedule field): shown on the row; the job is still listed. */
  problems: string[];
  /** systemd: the service unit the timer starts (journal lookups, live state). */
  unit?: string;
}

/** What a scheduler says about one job right now; every field optional (each scheduler knows different things). */
export interface JobLiveState {
  /** The job's main process, when running. */
  pid?: number | null;
  running?: boolean;
  /** Last exit: code (null for a signal), signal name, end time. */
  lastExit?: { code: number | null; signal: string | null; at: string | null } | null;
  /** The scheduler's own next elapse, which beats our computation (it knows boot and last-trigger times). */
  nextRun?: Date | null;
  /** The last time it started (interval schedules count from it). */
  lastRun?: Date | null;
}

export interface JobReadResult {
  jobs: JobDefinition[];
  sources: JobSourceStatus[];
}

/** Runs a program with arguments (never a shell). Null when it does not exist or cannot start. */
export type CommandRunner = (file: string, args: string[], opts?: { timeoutMs?: number }) => Promise<CommandResult | null>;
export interface CommandResult {
  /** Exit status; null when killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}
