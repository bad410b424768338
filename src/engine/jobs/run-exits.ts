/**
 * How cron jobs end. cron keeps no record of exit statuses, but a job that wraps its agent in
 * `lantern run` leaves one: the wrapper notes the scheduler job it runs under (its process's argv)
 * in `runs.jsonl` next to the outcome. This reads the newest such line per job from the end of the
 * file (re-read only when the file changed).
 */
import fs from 'node:fs';
import type { RunOutcome } from '../../shared/sessions';
import { tailLines } from './log-tail';
import type { ProcessRow } from './process-table';

/** Lines read from the end of runs.jsonl: months of a job every 15 minutes. */
const RUN_LINES = 5000;

export interface JobRunExit {
  /** The scheduler job's process as the wrapper saw it. */
  job: Pick<ProcessRow, 'argv' | 'commandLine'>;
  outcome: RunOutcome;
}

/** The job a run record names, in the matcher's shape; null for runs not started by a scheduler. */
function jobOf(raw: unknown): JobRunExit['job'] | null {
  const argv = (raw as { job?: { argv?: unknown } } | null)?.job?.argv;
  if (!Array.isArray(argv) || !argv.length || !argv.every((a) => typeof a === 'string')) return null;
  // Off Linux the wrapper only had `ps`'s joined command line.
  return argv.length === 1 && argv[0].includes(' ') ? { argv: null, commandLine: argv[0] } : { argv, commandLine: argv.join(' ') };
}

export function createRunExitReader(runsFile: string) {
  let seen = '';
  let exits: JobRunExit[] = [];
  return async function runExits(): Promise<JobRunExit[]> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(runsFile);
    } catch {
      return (exits = []);
    }
    const key = `${stat.size}:${stat.mtimeMs}`;
    if (key === seen) return exits;
    seen = key;
    const { lines } = await tailLines(runsFile, RUN_LINES, { maxBytes: 8 * 1024 * 1024, maxLineChars: Infinity });
    const out: JobRunExit[] = [];
    for (const line of lines) {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        continue; // the runs adapter counts malformed lines; here they are just not an exit
      }
      const job = jobOf(raw);
      const outcome = (raw as { outcome?: RunOutcome }).outcome;
      if (job && outcome && typeof outcome.kind === 'string' && typeof outcome.endedAt === 'string') out.push({ job, outcome });
    }
    return (exits = out);
  };
}
