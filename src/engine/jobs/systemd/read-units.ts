/**
 * systemd user timers as jobs: every `*.timer` in a unit directory (normally
 * ~/.config/systemd/user), the service it starts, and when it next runs. Files only; what the
 * running manager says (last exit, its own next elapse) comes from systemctl.ts. A timer that is
 * partly not understood is still listed, with the reason in `problems`.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { quote } from 'shell-quote';
import type { JobDefinition, JobReadResult } from '../types';
import { nextElapse, parseCalendar, type CalendarSpec } from './calendar';
import { parseExecStart, expandSpecifiers, type UnitContext } from './exec-line';
import { parseTimespan } from './timespan';
import { loadUnit, type UnitFile } from './unit-file';

export interface ReadSystemdOptions {
  dir: string;
  /** For `%h`. */
  home: string;
  /** For `%u` / `%U`; defaults to the current user. */
  user?: { name: string; uid: number };
}

/** Monotonic triggers, in the order the schedule text lists them. */
const MONOTONIC = ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec'] as const;
/** The ones counted from the unit's last start, which is the only reference point we know. */
const FROM_LAST_RUN = new Set<string>(['OnUnitActiveSec', 'OnUnitInactiveSec']);

export async function readSystemdJobs(opts: ReadSystemdOptions): Promise<JobReadResult> {
  let names: string[];
  try {
    names = await readdir(opts.dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { jobs: [], sources: [{ kind: 'systemd', path: opts.dir, ok: true }] };
    return { jobs: [], sources: [{ kind: 'systemd', path: opts.dir, ok: false, error: (err as Error).message }] };
  }
  const user = opts.user ?? currentUser();
  const jobs: JobDefinition[] = [];
  const errors: string[] = [];
  // Template timers (`foo@.timer`) run only as instances someone enabled; the files do not say which.
  for (const name of names.filter((n) => n.endsWith('.timer') && !n.endsWith('@.timer')).sort()) {
    try {
      const job = await readTimer(opts.dir, name, opts.home, user);
      if (job) jobs.push(job);
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`); // unreadable (permissions): the others still count
    }
  }
  const source = { kind: 'systemd' as const, path: opts.dir, ok: errors.length === 0 };
  return { jobs, sources: [errors.length > 0 ? { ...source, error: errors.join('; ') } : source] };
}

function currentUser(): { name: string; uid: number } {
  try {
    const info = os.userInfo();
    return { name: info.username, uid: info.uid };
  } catch {
    return { name: process.env.USER ?? '', uid: -1 }; // no passwd entry (some containers)
  }
}

async function readTimer(dir: string, name: string, home: string, user: { name: string; uid: number }): Promise<JobDefinition | null> {
  const timer = await loadUnit(dir, name);
  if (!timer) return null; // vanished between readdir and read, or a dangling symlink
  const ctx = (unitName: string): UnitContext => ({ unitName, home, user: user.name, uid: user.uid });
  const problems: string[] = [];
  const unit = expandSpecifiers(timer.last('Timer', 'Unit') ?? name.replace(/\.timer$/, '.service'), ctx(name));

  const lines: string[] = [];
  const calendars: CalendarSpec[] = [];
  for (const expr of timer.get('Timer', 'OnCalendar')) {
    lines.push(`OnCalendar=${expr}`);
    try {
      calendars.push(parseCalendar(expr));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  const fromLastRun: number[] = [];
  for (const key of MONOTONIC) {
    for (const text of timer.get('Timer', key)) {
      lines.push(`${key}=${text}`);
      const span = parseTimespan(text);
      if (span === null) problems.push(`${key}=${text}: not a time span`);
      else if (FROM_LAST_RUN.has(key)) fromLastRun.push(span);
    }
  }
  if (lines.length === 0) problems.push('no trigger (OnCalendar=, OnUnitActiveSec=, …): it only runs when started by hand');
  const delay = timer.last('Timer', 'RandomizedDelaySec');
  const schedule = lines.join('; ') + (delay && lines.length > 0 ? ` (±RandomizedDelaySec=${delay})` : '');

  const service = await loadUnit(dir, unit);
  if (!service) problems.push('service file not found');
  const argv = service ? execArgv(service, ctx(unit)) : [];
  if (service && argv.length === 0) problems.push('the service has no ExecStart=');

  return {
    id: `systemd:${name}`,
    kind: 'systemd',
    label: timer.last('Unit', 'Description') ?? name.replace(/\.timer$/, ''),
    command: argv.length > 0 ? quote(argv) : '',
    argv,
    schedule,
    nextRun: (from, timeZone, lastRun) => earliest([
      ...calendars.map((spec) => nextElapse(spec, from, timeZone)),
      ...fromLastRun.map((span) => (lastRun && lastRun.getTime() + span > from.getTime() ? new Date(lastRun.getTime() + span) : null)),
    ]),
    logPath: service ? logPathOf(service, ctx(unit)) : null,
    source: path.join(dir, name),
    problems,
    unit,
  };
}

function execArgv(service: UnitFile, ctx: UnitContext): string[] {
  const first = service.get('Service', 'ExecStart')[0];
  return first === undefined ? [] : parseExecStart(first, ctx);
}

/** `StandardOutput=append:/path` and its `file:` / `truncate:` siblings; anything else is the journal or nowhere. */
function logPathOf(service: UnitFile, ctx: UnitContext): string | null {
  const m = /^(?:append|file|truncate):(.+)$/.exec(service.last('Service', 'StandardOutput') ?? '');
  return m ? expandSpecifiers(m[1], ctx) : null;
}

function earliest(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d < best)) best = d;
  return best;
}
