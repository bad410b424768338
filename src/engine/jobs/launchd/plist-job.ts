/**
 * One launchd agent plist (already parsed) as a job definition. Pure and forgiving: a key of the
 * wrong type becomes a problem on the row, never a throw, since one odd plist must not hide the
 * others. Only a missing Label makes it no job at all: launchd itself refuses such a plist.
 *
 * Schedules: StartCalendarInterval (computed like cron, the earliest of its entries), StartInterval
 * (seconds after the last start, so unknown until it has run), else what starts it on its own
 * (RunAtLoad, KeepAlive), which no clock predicts.
 */
import path from 'node:path';
import { quote } from 'shell-quote';
import { compileCron, type NextRunIn } from '../cron/cron-schedule';
import type { JobDefinition } from '../types';
import { isDict, readCalendarInterval } from './calendar-interval';

export interface PlistJobOptions {
  /** The plist file. */
  source: string;
  /** For `~` in StandardOutPath. */
  home: string;
}

type NextRun = JobDefinition['nextRun'];

export function launchdJobFromPlist(obj: unknown, opts: PlistJobOptions): JobDefinition | null {
  if (!isDict(obj) || typeof obj.Label !== 'string' || obj.Label.trim() === '') return null;
  const problems: string[] = [];
  const argv = programArguments(obj, problems);
  const { schedule, nextRun } = scheduleOf(obj, problems);
  if (obj.Disabled === true) problems.push('disabled in the plist');
  else if (obj.Disabled !== undefined && typeof obj.Disabled !== 'boolean') problems.push('Disabled is not a boolean');
  return {
    id: `launchd:${obj.Label}`,
    kind: 'launchd',
    label: obj.Label,
    command: argv.length > 0 ? quote(argv) : '',
    argv,
    schedule,
    nextRun,
    logPath: logPathOf(obj, opts.home, problems),
    source: opts.source,
    problems,
  };
}

/** ProgramArguments is the process's argv (launchd runs Program, when given, with it); Program alone runs with no arguments. */
function programArguments(obj: Record<string, unknown>, problems: string[]): string[] {
  const { Program: program, ProgramArguments: args } = obj;
  if (program !== undefined && typeof program !== 'string') problems.push('Program is not a string');
  if (args !== undefined && !Array.isArray(args)) problems.push('ProgramArguments is not an array');
  if (Array.isArray(args) && args.length > 0) {
    if (args.some((a) => typeof a !== 'string')) problems.push('ProgramArguments holds a value that is not a string');
    return args.filter((a): a is string => typeof a === 'string');
  }
  if (typeof program === 'string') return [program];
  problems.push('no Program or ProgramArguments');
  return [];
}

function scheduleOf(obj: Record<string, unknown>, problems: string[]): { schedule: string; nextRun: NextRun } {
  const parts: string[] = [];
  const runs: NextRun[] = [];
  if (obj.StartCalendarInterval !== undefined) {
    const calendar = readCalendarInterval(obj.StartCalendarInterval);
    problems.push(...calendar.problems);
    if (calendar.entries.length > 0) {
      parts.push(`StartCalendarInterval ${calendar.entries.map((e) => e.text).join('; ')}`);
      const compiled: NextRunIn[] = calendar.entries.map((e) => compileCron(e.cron));
      runs.push((from, timeZone) => earliest(compiled.map((next) => next(from, timeZone))));
    }
  }
  const interval = obj.StartInterval;
  if (interval !== undefined) {
    if (typeof interval === 'number' && Number.isInteger(interval) && interval > 0) {
      parts.push(`StartInterval=${interval}`);
      runs.push((from, _zone, lastRun) => intervalAfter(from, lastRun, interval * 1000));
    } else problems.push(`StartInterval must be a positive integer of seconds, got ${JSON.stringify(interval)}`);
  }
  if (parts.length === 0) {
    const triggers = ['RunAtLoad', 'KeepAlive'].filter((k) => obj[k] !== undefined && obj[k] !== false);
    parts.push(triggers.join(', ') || 'on demand');
  }
  return { schedule: parts.join('; '), nextRun: (from, zone, lastRun) => earliest(runs.map((r) => r(from, zone, lastRun))) };
}

/** launchd starts the job every interval from its last start; the first start strictly after `from`. */
function intervalAfter(from: Date, lastRun: Date | null, ms: number): Date | null {
  if (!lastRun) return null;
  const behind = from.getTime() - lastRun.getTime();
  const steps = behind < 0 ? 1 : Math.floor(behind / ms) + 1;
  return new Date(lastRun.getTime() + steps * ms);
}

function earliest(dates: Array<Date | null>): Date | null {
  return dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);
}

function logPathOf(obj: Record<string, unknown>, home: string, problems: string[]): string | null {
  for (const key of ['StandardOutPath', 'StandardErrorPath']) {
    const v = obj[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') {
      problems.push(`${key} is not a path`);
      continue;
    }
    return v === '~' ? home : v.startsWith('~/') ? path.posix.join(home, v.slice(2)) : v;
  }
  return null;
}
