import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { launchdLiveState, parseLaunchctlList } from '../../../src/engine/jobs/launchd/launchctl';
import { launchdJobFromPlist } from '../../../src/engine/jobs/launchd/plist-job';
import { readLaunchdJobs } from '../../../src/engine/jobs/launchd/read-launch-agents';
import { runCommand } from '../../../src/engine/jobs/run-command';
import type { CommandRunner, JobDefinition } from '../../../src/engine/jobs/types';
import { tempDir } from '../../helpers/temp-dir';

const HOME = '/Users/ada';
const SOURCE = '/Users/ada/Library/LaunchAgents/dev.ada.triage.plist';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function fromPlist(obj: unknown): JobDefinition {
  const job = launchdJobFromPlist(obj, { source: SOURCE, home: HOME });
  expect(job).not.toBeNull();
  return job!;
}

const base = { Label: 'dev.ada.triage', ProgramArguments: ['/usr/local/bin/claude', '-p', 'triage'] };

function next(obj: object, from: string, zone = 'UTC', lastRun: string | null = null): string | null {
  return fromPlist({ ...base, ...obj }).nextRun(new Date(from), zone, lastRun ? new Date(lastRun) : null)?.toISOString() ?? null;
}

/** A hand-written XML plist around `body` (the top-level dict's keys and values). */
function plistXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
${body}
</dict>
</plist>
`;
}

const TRIAGE_PLIST = plistXml(`  <key>Label</key>
  <string>dev.ada.triage</string>
  <key>ProgramArguments</key>
  <array>
    <string>/usr/local/bin/claude</string>
    <string>-p</string>
    <string>Triage today's issues</string>
  </array>
  <key>StartCalendarInterval</key>
  <dict>
    <key>Hour</key>
    <integer>2</integer>
    <key>Minute</key>
    <integer>0</integer>
  </dict>
  <key>StandardOutPath</key>
  <string>~/Library/Logs/triage.log</string>`);

function tempAgents(): string {
  const dir = tempDir('lantern-launchd-');
  cleanups.push(dir.cleanup);
  return dir.path;
}

/** A CommandRunner that runs `script` (a shell script written to a temp dir) whatever program is asked for. */
function fakeProgram(name: string, body: string): CommandRunner {
  const script = path.join(tempAgents(), name);
  fs.writeFileSync(script, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return (_file, args, o) => runCommand(script, args, o);
}

const missingProgram: CommandRunner = (_file, args, o) => runCommand('/nonexistent/lantern/program', args, o);

describe('launchdJobFromPlist', () => {
  it('reads label, argv, command, calendar schedule and log path', () => {
    const job = fromPlist({
      Label: 'dev.ada.triage',
      ProgramArguments: ['/usr/local/bin/claude', '-p', 'Review the PRs', "it's"],
      StartCalendarInterval: { Hour: 2, Minute: 0 },
      StandardOutPath: '~/Library/Logs/triage.log',
    });
    expect(job).toMatchObject({
      id: 'launchd:dev.ada.triage',
      kind: 'launchd',
      label: 'dev.ada.triage',
      argv: ['/usr/local/bin/claude', '-p', 'Review the PRs', "it's"],
      command: `/usr/local/bin/claude -p 'Review the PRs' "it's"`,
      schedule: 'StartCalendarInterval Hour=2 Minute=0',
      logPath: '/Users/ada/Library/Logs/triage.log',
      source: SOURCE,
      problems: [],
    });
    // 02:00 in Berlin (CEST, UTC+2) on the next day.
    expect(job.nextRun(new Date('2026-06-01T10:00:00Z'), 'Europe/Berlin', null)?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
  });

  it('runs Program alone with no arguments', () => {
    expect(fromPlist({ Label: 'x', Program: '/opt/bin/codex-nightly' })).toMatchObject({ argv: ['/opt/bin/codex-nightly'], command: '/opt/bin/codex-nightly', problems: [] });
  });

  it('takes the earliest of an array of calendar dicts', () => {
    const cal = { StartCalendarInterval: [{ Weekday: 1, Hour: 9, Minute: 0 }, { Weekday: 5, Hour: 17, Minute: 30 }] };
    expect(fromPlist({ ...base, ...cal }).schedule).toBe('StartCalendarInterval Weekday=1 Hour=9 Minute=0; Weekday=5 Hour=17 Minute=30');
    // 2026-01-01 is a Thursday: Friday 17:30 comes first, then Monday 09:00.
    expect(next(cal, '2026-01-01T00:00:00Z')).toBe('2026-01-02T17:30:00.000Z');
    expect(next(cal, '2026-01-02T17:30:00Z')).toBe('2026-01-05T09:00:00.000Z');
  });

  it('reads Weekday 0 and 7 as Sunday', () => {
    expect(next({ StartCalendarInterval: { Weekday: 0, Hour: 10, Minute: 0 } }, '2026-01-01T00:00:00Z')).toBe('2026-01-04T10:00:00.000Z');
    expect(next({ StartCalendarInterval: { Weekday: 7, Hour: 10, Minute: 0 } }, '2026-01-01T00:00:00Z')).toBe('2026-01-04T10:00:00.000Z');
  });

  it('reads a missing key as every value', () => {
    expect(next({ StartCalendarInterval: { Minute: 15 } }, '2026-01-01T10:20:00Z')).toBe('2026-01-01T11:15:00.000Z');
    expect(next({ StartCalendarInterval: { Day: 1, Month: 3, Hour: 4 } }, '2026-01-01T00:00:00Z')).toBe('2026-03-01T04:00:00.000Z');
    expect(fromPlist({ ...base, StartCalendarInterval: {} }).schedule).toBe('StartCalendarInterval every minute');
  });

  it('matches Day or Weekday when both are given, as crontab does', () => {
    expect(next({ StartCalendarInterval: { Day: 13, Weekday: 5, Hour: 0, Minute: 0 } }, '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
  });

  it('counts StartInterval from the last run, and knows nothing without one', () => {
    const job = fromPlist({ ...base, StartInterval: 900 });
    expect(job.schedule).toBe('StartInterval=900');
    expect(job.nextRun(new Date('2026-01-01T12:00:00Z'), 'UTC', null)).toBeNull();
    expect(next({ StartInterval: 900 }, '2026-01-01T12:05:00Z', 'UTC', '2026-01-01T12:00:00Z')).toBe('2026-01-01T12:15:00.000Z');
    // Missed starts (asleep): the next one on the same grid, strictly after `from`.
    expect(next({ StartInterval: 900 }, '2026-01-01T13:00:00Z', 'UTC', '2026-01-01T12:00:00Z')).toBe('2026-01-01T13:15:00.000Z');
  });

  it('takes the earlier of StartInterval and StartCalendarInterval', () => {
    const both = { StartInterval: 3600, StartCalendarInterval: { Hour: 12, Minute: 30 } };
    expect(fromPlist({ ...base, ...both }).schedule).toBe('StartCalendarInterval Hour=12 Minute=30; StartInterval=3600');
    expect(next(both, '2026-01-01T12:00:00Z', 'UTC', '2026-01-01T11:50:00Z')).toBe('2026-01-01T12:30:00.000Z');
    expect(next(both, '2026-01-01T12:00:00Z', 'UTC', '2026-01-01T11:20:00Z')).toBe('2026-01-01T12:20:00.000Z');
  });

  it('names RunAtLoad and KeepAlive jobs by what starts them, with no next run', () => {
    expect(fromPlist({ ...base, RunAtLoad: true }).schedule).toBe('RunAtLoad');
    expect(fromPlist({ ...base, KeepAlive: { SuccessfulExit: false } }).schedule).toBe('KeepAlive');
    expect(fromPlist({ ...base, RunAtLoad: true, KeepAlive: true }).schedule).toBe('RunAtLoad, KeepAlive');
    expect(fromPlist({ ...base, RunAtLoad: false }).schedule).toBe('on demand');
    expect(next({ RunAtLoad: true }, '2026-01-01T00:00:00Z')).toBeNull();
  });

  it('falls back to StandardErrorPath for the log, and has none without either', () => {
    expect(fromPlist({ ...base, StandardErrorPath: '/tmp/err.log' }).logPath).toBe('/tmp/err.log');
    expect(fromPlist({ ...base, StandardOutPath: '/tmp/out.log', StandardErrorPath: '/tmp/err.log' }).logPath).toBe('/tmp/out.log');
    expect(fromPlist(base).logPath).toBeNull();
  });

  it('flags Disabled', () => {
    expect(fromPlist({ ...base, Disabled: true }).problems).toEqual(['disabled in the plist']);
    expect(fromPlist({ ...base, Disabled: false }).problems).toEqual([]);
  });

  it('is no job without a Label', () => {
    expect(launchdJobFromPlist({ ProgramArguments: ['x'] }, { source: SOURCE, home: HOME })).toBeNull();
    expect(launchdJobFromPlist({ Label: '', Program: 'x' }, { source: SOURCE, home: HOME })).toBeNull();
    expect(launchdJobFromPlist({ Label: 42, Program: 'x' }, { source: SOURCE, home: HOME })).toBeNull();
    expect(launchdJobFromPlist(['not', 'a', 'dict'], { source: SOURCE, home: HOME })).toBeNull();
    expect(launchdJobFromPlist(null, { source: SOURCE, home: HOME })).toBeNull();
  });

  it('turns keys of the wrong type into problems, never a throw', () => {
    const job = fromPlist({
      Label: 'odd',
      ProgramArguments: 'claude -p x',
      Program: 7,
      StartInterval: 'often',
      StartCalendarInterval: [{ Hour: 25 }, 'noon', { Hour: '2' }, { Minute: 5, Second: 0 }],
      StandardOutPath: 5,
      Disabled: 'yes',
    });
    expect(job.problems).toEqual([
      'Program is not a string',
      'ProgramArguments is not an array',
      'no Program or ProgramArguments',
      'StartCalendarInterval[0]: Hour must be an integer 0-23, got 25',
      'StartCalendarInterval[1] is not a dictionary',
      'StartCalendarInterval[2]: Hour must be an integer 0-23, got "2"',
      'StartCalendarInterval[3]: unknown key Second',
      'StartInterval must be a positive integer of seconds, got "often"',
      'Disabled is not a boolean',
      'StandardOutPath is not a path',
    ]);
    expect(job.command).toBe('');
    expect(job.schedule).toBe('StartCalendarInterval Minute=5');
    expect(job.nextRun(new Date('2026-01-01T00:00:00Z'), 'UTC', null)?.toISOString()).toBe('2026-01-01T00:05:00.000Z');
  });
});

describe('readLaunchdJobs', () => {
  it('reads every plist in the directory, and names each file it could not use', async () => {
    const dir = tempAgents();
    fs.writeFileSync(path.join(dir, 'dev.ada.triage.plist'), TRIAGE_PLIST);
    fs.writeFileSync(path.join(dir, 'broken.plist'), '<?xml version="1.0"?><plist><dict><key>Label</key>');
    fs.writeFileSync(path.join(dir, 'nolabel.plist'), plistXml('<key>Program</key><string>/bin/true</string>'));
    fs.writeFileSync(path.join(dir, 'binary.plist'), Buffer.concat([Buffer.from('bplist00'), Buffer.alloc(40, 1)]));
    fs.writeFileSync(path.join(dir, 'README.txt'), 'not a plist');
    const consoleError = vi.spyOn(console, 'error');
    cleanups.push(() => consoleError.mockRestore());
    const result = await readLaunchdJobs({ dir, run: missingProgram, home: HOME });
    expect(consoleError).not.toHaveBeenCalled(); // the XML parser's complaint is in the source's error, not on stderr
    expect(result.jobs.map((j) => [j.id, j.command, j.schedule, j.logPath, j.source])).toEqual([
      ['launchd:dev.ada.triage', `/usr/local/bin/claude -p "Triage today's issues"`, 'StartCalendarInterval Hour=2 Minute=0', '/Users/ada/Library/Logs/triage.log', path.join(dir, 'dev.ada.triage.plist')],
    ]);
    expect(result.sources).toHaveLength(1);
    const [source] = result.sources;
    expect(source).toMatchObject({ kind: 'launchd', path: dir, ok: true });
    const errors = source.error!.split('; ');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBe('binary.plist: a binary plist, and no plutil to convert it');
    expect(errors[1]).toBe('broken.plist: not a plist (unclosed xml tag(s): plist, dict)');
    expect(errors[2]).toBe('nolabel.plist: no Label');
  });

  it.runIf(process.platform !== 'win32')('converts a binary plist with plutil', async () => {
    const dir = tempAgents();
    const file = path.join(dir, 'dev.ada.bin.plist');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('bplist00'), Buffer.alloc(40, 1)]));
    const xml = plistXml('<key>Label</key><string>dev.ada.bin</string><key>Program</key><string>/opt/codex</string><key>StartInterval</key><integer>600</integer>');
    const run = fakeProgram('plutil', `[ "$*" = "-convert xml1 -o - ${file}" ] || { echo "bad args: $*" >&2; exit 2; }\ncat <<'EOF'\n${xml}EOF`);
    const result = await readLaunchdJobs({ dir, run, home: HOME });
    expect(result.sources).toEqual([{ kind: 'launchd', path: dir, ok: true }]);
    expect(result.jobs.map((j) => [j.id, j.argv, j.schedule])).toEqual([['launchd:dev.ada.bin', ['/opt/codex'], 'StartInterval=600']]);
  });

  it.runIf(process.platform !== 'win32')('reports what plutil says when it cannot convert', async () => {
    const dir = tempAgents();
    fs.writeFileSync(path.join(dir, 'x.plist'), Buffer.from('bplist00garbage'));
    const run = fakeProgram('plutil', 'echo "x.plist: Property List error: bad" >&2\nexit 1');
    expect((await readLaunchdJobs({ dir, run, home: HOME })).sources[0].error).toBe('x.plist: plutil could not convert it: x.plist: Property List error: bad');
  });

  it('skips a file over 1 MB unread', async () => {
    const dir = tempAgents();
    fs.writeFileSync(path.join(dir, 'huge.plist'), plistXml(`<key>Label</key><string>huge</string><key>Pad</key><string>${'x'.repeat(1024 * 1024)}</string>`));
    const result = await readLaunchdJobs({ dir, run: missingProgram, home: HOME });
    expect(result.jobs).toEqual([]);
    expect(result.sources[0]).toEqual({ kind: 'launchd', path: dir, ok: true, error: 'huge.plist: larger than 1 MB, skipped' });
  });

  it('keeps the first of two plists with the same Label, as launchd does', async () => {
    const dir = tempAgents();
    fs.writeFileSync(path.join(dir, 'a.plist'), TRIAGE_PLIST);
    fs.writeFileSync(path.join(dir, 'b.plist'), TRIAGE_PLIST);
    const result = await readLaunchdJobs({ dir, run: missingProgram, home: HOME });
    expect(result.jobs.map((j) => j.source)).toEqual([path.join(dir, 'a.plist')]);
    expect(result.sources[0].error).toBe('b.plist: Label dev.ada.triage is already used by another plist');
  });

  it('reads a missing directory as nothing scheduled', async () => {
    const dir = path.join(tempAgents(), 'LaunchAgents');
    expect(await readLaunchdJobs({ dir, run: missingProgram, home: HOME })).toEqual({ jobs: [], sources: [{ kind: 'launchd', path: dir, ok: true }] });
  });

  it('reports a path that is not a directory', async () => {
    const file = path.join(tempAgents(), 'file');
    fs.writeFileSync(file, '');
    const result = await readLaunchdJobs({ dir: file, run: missingProgram, home: HOME });
    expect(result.jobs).toEqual([]);
    expect(result.sources[0]).toMatchObject({ kind: 'launchd', path: file, ok: false });
    expect(result.sources[0].error).toMatch(/^cannot read .*ENOTDIR/);
  });
});

const LAUNCHCTL_LIST = ['PID\tStatus\tLabel', '-\t0\tdev.ada.triage', '4242\t-\tdev.ada.watch', '-\t-9\tdev.ada.killed', '-\t78\tdev.ada.config', '812\t0\tcom.apple.Finder', ''].join('\n');

describe('parseLaunchctlList', () => {
  it('reads running pids, exit codes and signals, and skips the header', () => {
    expect(Object.fromEntries(parseLaunchctlList(LAUNCHCTL_LIST))).toEqual({
      'dev.ada.triage': { running: false, pid: null, lastExit: { code: 0, signal: null, at: null } },
      'dev.ada.watch': { running: true, pid: 4242, lastExit: null },
      'dev.ada.killed': { running: false, pid: null, lastExit: { code: null, signal: 'SIGKILL', at: null } },
      'dev.ada.config': { running: false, pid: null, lastExit: { code: 78, signal: null, at: null } },
      'com.apple.Finder': { running: true, pid: 812, lastExit: { code: 0, signal: null, at: null } },
    });
  });

  it('names SIGTERM, and an unknown signal by its number', () => {
    const jobs = parseLaunchctlList('PID\tStatus\tLabel\n-\t-15\ta\n-\t-250\tb\n');
    expect(jobs.get('a')?.lastExit).toEqual({ code: null, signal: 'SIGTERM', at: null });
    expect(jobs.get('b')?.lastExit).toEqual({ code: null, signal: 'signal 250', at: null });
  });

  it('ignores lines that are not rows', () => {
    expect(parseLaunchctlList('garbage\n\n12 0 spaces.not.tabs\n').size).toBe(0);
  });
});

describe.runIf(process.platform !== 'win32')('launchdLiveState', () => {
  it('runs launchctl list and parses it', async () => {
    const body = `[ "$*" = "list" ] || exit 3\nprintf '${LAUNCHCTL_LIST.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}'`;
    const live = await launchdLiveState(fakeProgram('launchctl', body));
    expect(live?.get('dev.ada.watch')).toEqual({ running: true, pid: 4242, lastExit: null });
    expect(live?.size).toBe(5);
  });

  it('is null when launchctl fails or is missing', async () => {
    expect(await launchdLiveState(fakeProgram('launchctl', 'echo "Could not connect" >&2\nexit 1'))).toBeNull();
    expect(await launchdLiveState(missingProgram)).toBeNull();
  });
});
