/**
 * What the running user manager says about timers: one `systemctl --user show` call for all of
 * them (is the service running, how did it last end, the manager's own next elapse, which beats
 * ours because it knows boot and last-trigger times), and the journal for services that log there.
 * No user bus (a container, an SSH session without lingering) is normal: the answer is null.
 */
import os from 'node:os';
import type { CommandRunner, JobLiveState } from '../types';
import { instantFromZoned, localTimeZone } from '../zoned-time';

const PROPERTIES = 'Id,ActiveState,SubState,MainPID,ExecMainStatus,ExecMainCode,ExecMainStartTimestamp,ExecMainExitTimestamp,NextElapseUSecRealtime,LastTriggerUSec,Result';

/** `ExecMainCode` is a `siginfo` `si_code`. */
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;

export interface TimerUnits {
  timer: string;
  service: string;
}

/** Keyed by timer unit name; null when systemctl is missing or cannot reach the user manager. */
export async function systemdLiveState(units: TimerUnits[], run: CommandRunner): Promise<Map<string, JobLiveState> | null> {
  const out = new Map<string, JobLiveState>();
  if (units.length === 0) return out;
  const names = [...new Set(units.flatMap((u) => [u.timer, u.service]))];
  const show = (extra: string[]) => run('systemctl', ['--user', 'show', ...extra, `--property=${PROPERTIES}`, ...names]);
  let result = await show(['--timestamp=unix']);
  // systemd before 247 has no --timestamp and prints `Sat 2026-11-21 02:00:00 UTC` instead.
  if (result && result.code !== 0 && /timestamp/i.test(result.stderr)) result = await show([]);
  if (!result || result.code !== 0) return null;

  const blocks = parseShowBlocks(result.stdout);
  const byName = new Map(blocks.map((b, i) => [b.get('Id') ?? names[i], b]));
  const block = (name: string): Map<string, string> => byName.get(name) ?? blocks[names.indexOf(name)] ?? new Map<string, string>();
  for (const { timer, service } of units) out.set(timer, liveState(block(timer), block(service)));
  return out;
}

/** `systemctl show` output: one `Key=Value` block per unit, blank lines between. */
export function parseShowBlocks(stdout: string): Map<string, string>[] {
  const blocks: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    if (!current) blocks.push((current = new Map()));
    current.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return blocks;
}

function liveState(timer: Map<string, string>, service: Map<string, string>): JobLiveState {
  const pid = Number(service.get('MainPID') ?? 0);
  const active = ['active', 'activating', 'deactivating'].includes(service.get('ActiveState') ?? '');
  const running = active && pid > 0;
  return {
    pid: running ? pid : null,
    running,
    lastExit: lastExitOf(service),
    nextRun: parseSystemdTimestamp(timer.get('NextElapseUSecRealtime')),
    lastRun: parseSystemdTimestamp(timer.get('LastTriggerUSec')) ?? parseSystemdTimestamp(service.get('ExecMainStartTimestamp')),
  };
}

function lastExitOf(service: Map<string, string>): JobLiveState['lastExit'] {
  const at = parseSystemdTimestamp(service.get('ExecMainExitTimestamp'));
  if (!at) return null; // never ran (or is on its first run)
  const how = Number(service.get('ExecMainCode'));
  const status = Number(service.get('ExecMainStatus') ?? NaN);
  if (how === CLD_EXITED) return { code: Number.isFinite(status) ? status : null, signal: null, at: at.toISOString() };
  if (how === CLD_KILLED || how === CLD_DUMPED) return { code: null, signal: signalName(status), at: at.toISOString() };
  return null;
}

function signalName(n: number): string | null {
  const hit = Object.entries(os.constants.signals).find(([, v]) => v === n);
  return hit ? hit[0] : Number.isFinite(n) ? `signal ${n}` : null;
}

/**
 * `@1700000000` (with `--timestamp=unix`) or `Sat 2026-11-21 02:00:00 UTC` (older systemd, in
 * UTC or the machine's zone); empty and `n/a` mean never.
 */
export function parseSystemdTimestamp(text: string | undefined, localZone: string = localTimeZone()): Date | null {
  const s = (text ?? '').trim();
  if (s === '' || s === 'n/a' || s === '0') return null;
  const unix = /^@(\d+(?:\.\d+)?)$/.exec(s);
  if (unix) return Number(unix[1]) > 0 ? new Date(Math.round(Number(unix[1]) * 1000)) : null;
  const m = /^(?:[A-Za-z]{3} )?(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?: (\S+))?$/.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const wall = { year, month, day, hour, minute, second };
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const zone = m[8] !== undefined && /^(UTC|GMT)$/i.test(m[8]) ? 'UTC' : localZone;
  return new Date(instantFromZoned(wall, zone).getTime() + Math.round(fraction));
}

/** The unit's last journal lines (`-o cat`: messages only); null when journalctl is missing or fails. */
export async function journalTail(unit: string, lines: number, run: CommandRunner): Promise<string[] | null> {
  const result = await run('journalctl', ['--user', '-u', unit, '-n', String(lines), '--no-pager', '-o', 'cat']);
  if (!result || result.code !== 0) return null;
  const out = result.stdout.split(/\r?\n/);
  if (out.at(-1) === '') out.pop();
  return out.filter((l) => l !== '-- No entries --');
}
