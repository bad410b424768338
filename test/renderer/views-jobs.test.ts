/** The Jobs view's and the status rail's pure parts: countdowns, exit badges, the rail summary, the clock. */
import { describe, expect, it } from 'vitest';
import {
  ago,
  clockText,
  countdown,
  exitBadge,
  jobBadge,
  lastExitText,
  localTime,
  logSourceText,
  railSummary,
  sameJobLog,
  shortId,
  soonestJob,
} from '../../src/renderer/state/views/jobs';
import type { JobLog } from '../../src/shared/jobs';
import { exit, job, jobsSnapshot } from './helpers/jobs';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('countdown', () => {
  it('counts seconds below an hour, minutes below a day, hours beyond', () => {
    expect(countdown(at(42_000), NOW)).toBe('in 42 s');
    expect(countdown(at(4 * 60_000 + 12_000), NOW)).toBe('in 4 m 12 s');
    expect(countdown(at(60_000), NOW)).toBe('in 1 m 0 s');
    expect(countdown(at(3 * 3_600_000 + 5 * 60_000 + 30_000), NOW)).toBe('in 3 h 5 m');
    expect(countdown(at(2 * 86_400_000 + 3 * 3_600_000), NOW)).toBe('in 2 d 3 h');
  });

  it('rounds a part second up, so it never says "in 0 s"', () => {
    expect(countdown(at(400), NOW)).toBe('in 1 s');
    expect(countdown(at(59_500), NOW)).toBe('in 1 m 0 s');
  });

  it('says "due" once the time is reached, "—" without one', () => {
    expect(countdown(at(0), NOW)).toBe('due');
    expect(countdown(at(-90_000), NOW)).toBe('due');
    expect(countdown(null, NOW)).toBe('—');
    expect(countdown('not a date', NOW)).toBe('—');
  });

  it('changes every second below an hour', () => {
    const next = at(10 * 60_000);
    expect(countdown(next, NOW)).not.toBe(countdown(next, NOW + 1000));
  });

  it('gives the local time for the title', () => {
    expect(localTime(null)).toBeUndefined();
    expect(localTime('nope')).toBeUndefined();
    expect(localTime(at(0))).toBe(new Date(NOW).toLocaleString([], { dateStyle: 'medium', timeStyle: 'medium' }));
  });
});

describe('exit badge', () => {
  it('names each way a run ends, with code or signal', () => {
    expect(exitBadge(exit('success'))).toMatchObject({ kind: 'success', text: 'success' });
    expect(exitBadge(exit('failed', { code: 2 }))).toMatchObject({ kind: 'failed', text: 'failed (2)' });
    expect(exitBadge(exit('failed', { code: null }))).toMatchObject({ kind: 'failed', text: 'failed' });
    expect(exitBadge(exit('killed', { signal: 'SIGKILL' }))).toMatchObject({ kind: 'killed', text: 'killed (SIGKILL)' });
    expect(exitBadge(exit('skipped', { code: 75 }))).toMatchObject({ kind: 'skipped', text: 'skipped' });
    expect(exitBadge(null)).toMatchObject({ kind: 'unknown', text: 'unknown' });
  });

  it('says in the title how it ended and who reported it', () => {
    expect(exitBadge(exit('failed', { code: 2, from: 'systemd' })).title).toBe('exit 2, reported by systemd');
    expect(exitBadge(exit('killed', { signal: 'SIGTERM', from: 'lantern-run' })).title).toBe('signal SIGTERM, reported by lantern run');
    expect(exitBadge(exit('skipped', { code: 75, from: 'launchd' })).title).toBe('exit 75, reported by launchd: nothing to do');
  });

  it('the state column: running wins over the last exit', () => {
    expect(jobBadge(job('a', { running: true, pids: [12, 13], lastExit: exit('failed') }))).toEqual({ kind: 'running', text: 'running', title: 'running: pid 12, 13' });
    expect(jobBadge(job('a', { lastExit: exit('failed', { code: 3 }) })).text).toBe('failed (3)');
    expect(jobBadge(job('a')).kind).toBe('unknown');
  });

  it('the last exit column: how, and how long ago', () => {
    expect(lastExitText(exit('failed', { code: 2, at: at(-5 * 60_000) }), NOW)).toBe('exit 2 · 5m ago');
    expect(lastExitText(exit('killed', { signal: 'SIGTERM', at: at(-3 * 3_600_000) }), NOW)).toBe('SIGTERM · 3h ago');
    expect(lastExitText(exit('success', { at: null }), NOW)).toBe('exit 0');
    expect(lastExitText(null, NOW)).toBe('—');
    expect(ago(at(-42_000), NOW)).toBe('42s ago');
    expect(ago(at(-2 * 86_400_000), NOW)).toBe('2d ago');
  });
});

describe('status rail', () => {
  const agents = [{ state: 'running' as const }, { state: 'running' as const }, { state: 'blocked' as const }, { state: 'idle' as const }];

  it('counts running and blocked agents, running and listed jobs, and finds the soonest run', () => {
    const soon = job('cron:soon', { nextRun: at(60_000) });
    const snapshot = jobsSnapshot([job('systemd:n.timer', { nextRun: at(3_600_000), running: true }), soon, job('cron:reboot', { nextRun: null })]);
    expect(railSummary(agents, snapshot)).toEqual({ running: 2, blocked: 1, jobs: { running: 1, total: 3, next: soon } });
  });

  it('no job with a next run: next is null; no table yet: jobs is null', () => {
    expect(railSummary([], jobsSnapshot([job('cron:reboot')])).jobs).toEqual({ running: 0, total: 1, next: null });
    expect(railSummary(agents, null)).toEqual({ running: 2, blocked: 1, jobs: null });
  });

  it('a past next run is the soonest (it is due)', () => {
    const due = job('b', { nextRun: at(-5000) });
    expect(soonestJob([job('a', { nextRun: at(5000) }), due])).toBe(due);
    expect(soonestJob([])).toBeNull();
  });

  it('the clock is local HH:MM:SS, 24-hour', () => {
    const t = new Date(2026, 10, 21, 9, 5, 7).getTime();
    expect(clockText(t)).toBe('09:05:07');
    expect(clockText(new Date(2026, 10, 21, 23, 59, 59).getTime())).toBe('23:59:59');
  });
});

describe('job log', () => {
  const log: JobLog = { id: 'cron:1', path: '/tmp/a.log', from: 'file', lines: ['a', 'b'], size: 4 };

  it('tells a changed read from the same one', () => {
    expect(sameJobLog(null, log)).toBe(false);
    expect(sameJobLog(log, { ...log, lines: ['a', 'b'] })).toBe(true);
    expect(sameJobLog(log, { ...log, lines: ['a', 'b', 'c'], size: 6 })).toBe(false);
    expect(sameJobLog(log, { ...log, lines: ['a', 'x'] })).toBe(false);
    expect(sameJobLog(log, { ...log, note: 'gone' })).toBe(false);
  });

  it('names where the lines came from, and shortens session ids', () => {
    expect(logSourceText(log)).toBe('/tmp/a.log');
    expect(logSourceText({ from: 'journal', path: null })).toBe('the systemd journal');
    expect(logSourceText({ from: 'none', path: null })).toBe('no log');
    expect(shortId('7d3f0a52-1c4e-4b8a-9f60-2e5d8c1b7a90')).toBe('7d3f0a52');
    expect(shortId('claude:7d3f0a52-1c4e')).toBe('7d3f0a52');
  });
});
