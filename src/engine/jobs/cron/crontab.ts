/**
 * A user crontab (what `crontab -l` prints), line by line, as cronie and Vixie cron read it:
 * environment lines (`NAME=value`, `NAME = "value"`), `#` comments, `@nickname` and 5-field
 * schedules, and the command: the rest of the line up to the first unescaped `%` (the rest is
 * the command's stdin; `\%` is a literal `%`). Pure: the caller reads the text.
 *
 * `CRON_TZ=` (cronie) or `TZ=` sets the zone for the lines after it; the latest wins.
 * A line with a bad schedule is still a job (with the reason in `problems`, and no next run) when it
 * has a command: a schedule field we do not understand must not hide an agent job. A line too short
 * to hold a command is not a job: it is reported in the result's `problems`, by line number.
 */
import { createHash } from 'node:crypto';
import type { JobDefinition } from '../types';
import { commandLabel, stdoutLogPath } from './command-words';
import { compileCron, CRON_NICKNAMES, isKnownTimeZone, type NextRunIn } from './cron-schedule';

export interface CrontabOptions {
  /** The file read, or `crontab -l`. */
  source: string;
  /** The user's home: cron's working directory and HOME unless the crontab sets one. */
  home: string;
  /** Values for `$NAME` in redirection targets the crontab does not set itself. */
  env?: NodeJS.ProcessEnv;
}

export interface CrontabParse {
  jobs: JobDefinition[];
  /** Lines that are not jobs, e.g. `line 4: not a crontab entry: "foo bar"`. */
  problems: string[];
}

const ENV_LINE = /^("[^"]*"|'[^']*'|[^\s=]+)\s*=\s*(.*)$/;
const NICKNAME_LINE = /^(@\S+)\s+(\S.*)$/;
const FIELDS_LINE = /^(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S.*)$/;

export function parseCrontab(text: string, opts: CrontabOptions): CrontabParse {
  const jobs: JobDefinition[] = [];
  const problems: string[] = [];
  const vars = new Map<string, string>();
  const seen = new Map<string, number>();
  let zone: Zone | null = null;
  let comment: string | null = null;

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const aboveComment = comment;
    comment = null;
    if (line === '') return;
    if (line.startsWith('#')) {
      comment = line.slice(1).trim() || null;
      return;
    }
    const env = ENV_LINE.exec(line);
    if (env) {
      const [name, value] = [unquote(env[1]), unquote(env[2].trim())];
      vars.set(name, value);
      if (name === 'CRON_TZ' || name === 'TZ') zone = value ? { name, value } : null;
      return;
    }
    const entry = NICKNAME_LINE.exec(line) ?? FIELDS_LINE.exec(line);
    if (!entry) {
      problems.push(`line ${index + 1}: not a crontab entry: ${JSON.stringify(excerpt(line))}`);
      return;
    }
    const schedule = entry[1].split(/\s+/).join(' ');
    const command = commandPart(entry[2]);
    const home = vars.get('HOME') || opts.home;
    const job = cronJob({ schedule, command, zone, label: aboveComment, source: opts.source });
    job.logPath = stdoutLogPath(command, { home, vars: (name) => (name === 'HOME' ? home : (vars.get(name) ?? opts.env?.[name])) });
    const base = job.id;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    if (n > 1) job.id = `${base}-${n}`;
    jobs.push(job);
  });
  return { jobs, problems };
}

/** The zone a `CRON_TZ=` or `TZ=` line set, and which of the two set it (for the problem text). */
interface Zone {
  name: string;
  value: string;
}

function cronJob(line: { schedule: string; command: string; zone: Zone | null; label: string | null; source: string }): JobDefinition {
  const problems: string[] = [];
  let next: NextRunIn | null = null;
  if (line.schedule.startsWith('@')) {
    const pattern = CRON_NICKNAMES[line.schedule];
    if (pattern === undefined) problems.push(`unknown schedule ${line.schedule}`);
    else if (pattern !== null) next = compileCron(pattern);
  } else {
    try {
      next = compileCron(line.schedule);
    } catch (err) {
      problems.push(`bad schedule "${line.schedule}": ${(err as Error).message}`);
    }
  }
  if (line.zone !== null && !isKnownTimeZone(line.zone.value)) {
    problems.push(`unknown time zone "${line.zone.value}" (${line.zone.name})`);
    next = null;
  }
  if (line.command === '') problems.push('empty command');
  const zone = line.zone?.value ?? null;
  return {
    id: `cron:${createHash('sha256').update(`${line.schedule}\n${line.command}`).digest('hex').slice(0, 12)}`,
    kind: 'cron',
    label: line.label ?? commandLabel(line.command),
    command: line.command,
    argv: null,
    schedule: line.schedule,
    nextRun: (from, timeZone) => (next ? next(from, zone ?? timeZone) : null),
    logPath: null,
    source: line.source,
    problems,
  };
}

/** The shell command: up to the first unescaped `%` (cron feeds the rest to stdin), `\%` unescaped. */
function commandPart(rest: string): string {
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\' && rest[i + 1] === '%') {
      out += '%';
      i++;
    } else if (rest[i] === '%') break;
    else out += rest[i];
  }
  return out.trim();
}

function unquote(s: string): string {
  const q = s[0];
  return s.length >= 2 && (q === '"' || q === "'") && s.endsWith(q) ? s.slice(1, -1) : s;
}

function excerpt(line: string): string {
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
