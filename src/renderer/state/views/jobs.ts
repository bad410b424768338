/**
 * The Jobs view and the status rail, decided without a DOM: countdown text, the exit badge, the
 * rail's summary and the clock. `now` is passed in (the shared one-second clock), so tests need
 * no timers.
 */
import type { AgentSummary } from '../../../shared/agents';
import type { Job, JobExit, JobLog, JobsSnapshot } from '../../../shared/jobs';
import { age } from '../../format/format';

/** How many log lines the panel asks for, and how often it asks while open and visible. */
export const JOB_LOG_LINES = 80;
export const JOB_LOG_POLL_MS = 2000;

/**
 * "in 42 s", "in 4 m 12 s", "in 3 h 5 m", "in 2 d 3 h" until `iso`; "due" once it is reached,
 * "—" when there is no next run. Seconds are shown below an hour (they tick); above, minutes.
 */
export function countdown(iso: string | null, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '—';
  const s = Math.ceil((at - now) / 1000);
  if (s <= 0) return 'due';
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.floor(s / 60)} m ${s % 60} s`;
  if (s < 86_400) return `in ${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} m`;
  return `in ${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

/** A next run as local date and time (the countdown's title), or undefined. */
export function localTime(iso: string | null): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The rail's clock: local HH:MM:SS, 24-hour (it ticks with the countdowns, so seconds are shown). */
export function clockText(now: number): string {
  if (!Number.isFinite(now)) return '—';
  const d = new Date(now);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export type BadgeKind = 'running' | JobExit['kind'] | 'unknown';

export interface Badge {
  kind: BadgeKind;
  text: string;
  title: string;
}

const FROM_TEXT: Record<JobExit['from'], string> = { systemd: 'systemd', launchd: 'launchd', 'lantern-run': 'lantern run' };

/** How the last run ended, as a badge: success, failed (code), killed (signal), skipped, or unknown (none seen). */
export function exitBadge(exit: JobExit | null): Badge {
  if (!exit) return { kind: 'unknown', text: 'unknown', title: 'No finished run seen yet' };
  const how = exit.signal ? `signal ${exit.signal}` : exit.code !== null ? `exit ${exit.code}` : 'no exit status';
  const title = `${how}, reported by ${FROM_TEXT[exit.from]}`;
  switch (exit.kind) {
    case 'success':
      return { kind: 'success', text: 'success', title };
    case 'skipped':
      return { kind: 'skipped', text: 'skipped', title: `${title}: nothing to do` };
    case 'failed':
      return { kind: 'failed', text: exit.code !== null ? `failed (${exit.code})` : 'failed', title };
    case 'killed':
      return { kind: 'killed', text: exit.signal ? `killed (${exit.signal})` : 'killed', title };
  }
}

/** The state column: running (it pulses) while a run is under way, else how the last one ended. */
export function jobBadge(job: Pick<Job, 'running' | 'lastExit' | 'pids'>): Badge {
  if (job.running) return { kind: 'running', text: 'running', title: job.pids.length ? `running: pid ${job.pids.join(', ')}` : 'running' };
  return exitBadge(job.lastExit);
}

/** The last exit column: "exit 2 · 5m ago", "SIGTERM · 3h ago", "—". */
export function lastExitText(exit: JobExit | null, now: number): string {
  if (!exit) return '—';
  const how = exit.signal ?? (exit.code !== null ? `exit ${exit.code}` : exit.kind);
  return exit.at ? `${how} · ${ago(exit.at, now)}` : how;
}

/** "42s ago", "5m ago", "3h ago", "2d ago". */
export function ago(iso: string, now: number): string {
  const a = age(iso, now);
  return a === '—' ? a : `${a} ago`;
}

/** The job that runs soonest (a past next run counts: it is due), or null when none has a next run. */
export function soonestJob(jobs: readonly Job[]): Job | null {
  let best: Job | null = null;
  let bestAt = Infinity;
  for (const j of jobs) {
    const at = j.nextRun ? Date.parse(j.nextRun) : NaN;
    if (Number.isFinite(at) && at < bestAt) {
      best = j;
      bestAt = at;
    }
  }
  return best;
}

export interface RailSummary {
  /** Agents in state running / blocked. */
  running: number;
  blocked: number;
  /** Null until the jobs table has been read. */
  jobs: { running: number; total: number; next: Job | null } | null;
}

export function railSummary(agents: Iterable<Pick<AgentSummary, 'state'>>, snapshot: JobsSnapshot | null): RailSummary {
  let running = 0;
  let blocked = 0;
  for (const a of agents) {
    if (a.state === 'running') running++;
    else if (a.state === 'blocked') blocked++;
  }
  const jobs = snapshot ? { running: snapshot.jobs.filter((j) => j.running).length, total: snapshot.jobs.length, next: soonestJob(snapshot.jobs) } : null;
  return { running, blocked, jobs };
}

/** A session id as people compare them: its first 8 characters. */
export const shortId = (id: string): string => id.replace(/^[a-z]+:/, '').slice(0, 8);

/** Where the lines came from, for the panel's header. */
export function logSourceText(log: Pick<JobLog, 'from' | 'path'>): string {
  if (log.from === 'file') return log.path ?? 'a file';
  if (log.from === 'journal') return 'the systemd journal';
  return 'no log';
}

/** Two reads of a log say the same thing (the panel keeps the old one and does not re-render). */
export function sameJobLog(a: JobLog | null, b: JobLog): boolean {
  if (!a) return false;
  if (a.id !== b.id || a.path !== b.path || a.from !== b.from || a.size !== b.size || a.note !== b.note) return false;
  return a.lines.length === b.lines.length && a.lines.every((l, i) => l === b.lines[i]);
}

/** The empty state's list of what counts by default (the engine's built-in agent words). */
export const DEFAULT_AGENT_COMMANDS = ['claude', 'codex', 'gemini', 'lantern run'] as const;
