/** `lantern serve`'s flags for scheduled jobs (issue 8), and their mapping to the engine's job options. */
import { Command, Option } from 'commander';
import path from 'node:path';
import type { JobsOptions } from '../engine/jobs/jobs-service';

export interface JobFlags {
  crontab?: string;
  systemdUserDir?: string;
  launchAgentsDir?: string;
  jobs: boolean;
  jobsInterval?: number;
  /** From the source options: `--no-default-dirs` reads only the job sources given here too. */
  defaultDirs: boolean;
}

function intervalSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3600) throw new Error(`--jobs-interval must be a whole number of seconds 1-3600, got "${value}"`);
  return n;
}

export function addJobOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--crontab <file>', 'read this crontab instead of `crontab -l`').env('LANTERN_CRONTAB'))
    .addOption(new Option('--systemd-user-dir <dir>', 'systemd user units to read (default ~/.config/systemd/user)').env('LANTERN_SYSTEMD_USER_DIR'))
    .addOption(new Option('--launch-agents-dir <dir>', 'launchd agents to read (default ~/Library/LaunchAgents)').env('LANTERN_LAUNCH_AGENTS_DIR'))
    .addOption(new Option('--jobs-interval <seconds>', 'how often scheduled jobs are checked (default 5)').env('LANTERN_JOBS_INTERVAL').argParser(intervalSeconds))
    .option('--no-jobs', 'do not read or check scheduled jobs');
}

export function jobOptions(flags: JobFlags): JobsOptions {
  const abs = (p: string | undefined) => (p ? path.resolve(p) : undefined);
  return {
    enabled: flags.jobs,
    crontabFile: abs(flags.crontab) ?? null,
    systemdDir: abs(flags.systemdUserDir),
    launchAgentsDir: abs(flags.launchAgentsDir),
    intervalMs: flags.jobsInterval !== undefined ? flags.jobsInterval * 1000 : undefined,
    discover: flags.defaultDirs,
  };
}
