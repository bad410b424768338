import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/engine/jobs/run-command';
import { parseExecStart, splitExecWords } from '../../../src/engine/jobs/systemd/exec-line';
import { readSystemdJobs } from '../../../src/engine/jobs/systemd/read-units';
import { journalTail, parseShowBlocks, parseSystemdTimestamp, systemdLiveState } from '../../../src/engine/jobs/systemd/systemctl';
import { parseTimespan } from '../../../src/engine/jobs/systemd/timespan';
import { loadUnit, parseUnitFile } from '../../../src/engine/jobs/systemd/unit-file';
import type { CommandRunner, JobDefinition } from '../../../src/engine/jobs/types';
import { tempDir } from '../../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function scratch(): string {
  const dir = tempDir('lantern-systemd-');
  cleanups.push(dir.cleanup);
  return dir.path;
}

/** Writes `files` (relative path → text) under `dir`, creating folders. */
function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

describe('parseTimespan', () => {
  it.each([
    ['900', 900_000],
    ['15min', 900_000],
    ['1h 30m', 5_400_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['5 minutes', 300_000],
    ['250us', 0.25],
    ['3usec', 0.003],
    ['10s', 10_000],
    ['2sec', 2000],
    ['1second', 1000],
    ['4seconds', 4000],
    ['1m', 60_000],
    ['1minute', 60_000],
    ['2hr', 7_200_000],
    ['1hour', 3_600_000],
    ['3hours', 10_800_000],
    ['1day', 86_400_000],
    ['2days', 172_800_000],
    ['1week', 604_800_000],
    ['2weeks', 1_209_600_000],
    ['1M', 2_630_016_000],
    ['1month', 2_630_016_000],
    ['2months', 5_260_032_000],
    ['1y', 31_557_600_000],
    ['1year', 31_557_600_000],
    ['2years', 63_115_200_000],
    [' 1d 2h 3min 4s ', 93_784_000],
  ])('%j → %d ms', (text, ms) => {
    expect(parseTimespan(text)).toBe(ms);
  });

  it.each(['', 'soon', '5 fortnights', '1h and 5m', '-5s', '1H', 'constructor'])('%j is not a time span', (text) => {
    expect(parseTimespan(text)).toBeNull();
  });
});

describe('unit files', () => {
  it('reads sections, comments, continuations and repeated keys', () => {
    const unit = parseUnitFile(
      [
        '# a comment',
        'Stray=ignored outside any section',
        '[Unit]',
        'Description = Nightly review  ',
        '; another comment',
        '[Timer]',
        'OnCalendar=Mon *-*-* 02:00',
        'OnCalendar=Fri \\',
        '  # comments inside a continuation are skipped',
        '  *-*-* 03:00',
        'Persistent=true',
        '',
        '[Service]',
        'ExecStart=/bin/echo one \\',
        '  two',
      ].join('\r\n'),
    );
    expect(unit.get('Unit', 'Description')).toEqual(['Nightly review']);
    expect(unit.get('Timer', 'OnCalendar')).toEqual(['Mon *-*-* 02:00', 'Fri *-*-* 03:00']);
    expect(unit.last('Timer', 'Persistent')).toBe('true');
    expect(unit.get('Service', 'ExecStart')).toEqual(['/bin/echo one two']);
    expect(unit.get('Timer', 'Missing')).toEqual([]);
    expect(unit.sections.has('Stray')).toBe(false);
  });

  it('clears a list on an empty assignment', () => {
    const unit = parseUnitFile('[Timer]\nOnCalendar=daily\nOnCalendar=weekly\nOnCalendar=\nOnCalendar=monthly\n');
    expect(unit.get('Timer', 'OnCalendar')).toEqual(['monthly']);
  });

  it('applies drop-ins after the main file, in name order', async () => {
    const dir = scratch();
    writeTree(dir, {
      'a.timer': '[Timer]\nOnCalendar=daily\nRandomizedDelaySec=5m\n',
      'a.timer.d/20-late.conf': '[Timer]\nOnCalendar=*-*-* 04:00\n',
      'a.timer.d/10-reset.conf': '[Timer]\nOnCalendar=\nOnCalendar=*-*-* 03:00\n',
      'a.timer.d/notes.txt': '[Timer]\nOnCalendar=hourly\n',
    });
    const unit = await loadUnit(dir, 'a.timer');
    expect(unit?.get('Timer', 'OnCalendar')).toEqual(['*-*-* 03:00', '*-*-* 04:00']);
    expect(unit?.last('Timer', 'RandomizedDelaySec')).toBe('5m');
    expect(await loadUnit(dir, 'missing.timer')).toBeNull();
  });
});

describe('ExecStart', () => {
  const ctx = { unitName: 'review@web-app.service', home: '/home/ada', user: 'ada', uid: 1000 };

  it('splits words with quotes and C escapes, as systemd does', () => {
    expect(splitExecWords(`/bin/sh -c "echo 'hi there' \\"quoted\\"" 'single "inner"' a\\sb tab\\tx \\x41 end`)).toEqual([
      '/bin/sh', '-c', `echo 'hi there' "quoted"`, 'single "inner"', 'a b', 'tab\tx', 'A', 'end',
    ]);
    expect(splitExecWords('/bin/true ; /bin/false')).toEqual(['/bin/true']);
    expect(splitExecWords('"" x')).toEqual(['', 'x']);
  });

  it('strips prefixes and expands specifiers per word', () => {
    expect(parseExecStart('-/usr/bin/claude -p "review %i" --log %h/logs/%n.log 100%%', ctx)).toEqual([
      '/usr/bin/claude', '-p', 'review web-app', '--log', '/home/ada/logs/review@web-app.service.log', '100%',
    ]);
    expect(parseExecStart('+!/usr/bin/codex --user %u --uid %U --prefix %p --unit %N --dir %I %t', ctx)).toEqual([
      '/usr/bin/codex', '--user', 'ada', '--uid', '1000', '--prefix', 'review', '--unit', 'review@web-app', '--dir', 'web/app', '%t',
    ]);
    // `@`: the second word is argv[0] only; the program path is kept instead.
    expect(parseExecStart('@/usr/bin/env agent-job codex exec "x"', ctx)).toEqual(['/usr/bin/env', 'codex', 'exec', 'x']);
  });
});

describe('readSystemdJobs', () => {
  function unitDir(): string {
    const dir = scratch();
    writeTree(dir, {
      'nightly.timer': '[Unit]\nDescription=Nightly agent review\n\n[Timer]\nOnCalendar=*-*-* 02:00:00\nPersistent=true\nRandomizedDelaySec=1h\n\n[Install]\nWantedBy=timers.target\n',
      'nightly.service': [
        '[Service]',
        'Type=oneshot',
        'WorkingDirectory=%h/src/app',
        'ExecStart=-/usr/local/bin/claude -p "review the \\',
        '  repo" --model \'opus 4\'',
        'ExecStart=/bin/echo second-command-ignored',
        'StandardOutput=append:%h/logs/x.log',
      ].join('\n'),
      'docs.timer': '[Timer]\nUnit=docs-agent.service\nOnCalendar=Mon *-*-* 09:00\nOnCalendar=*-*-01 06:00\n',
      'docs-agent.service': '[Service]\nExecStart=/usr/bin/codex exec "update docs"\nStandardOutput=journal\n',
      'docs.timer.d/zone.conf': '[Timer]\nOnCalendar=\nOnCalendar=Mon *-*-* 09:00 Europe/Berlin\n',
      'orphan.timer': '[Timer]\nOnCalendar=hourly\n',
      'per-repo@.timer': '[Timer]\nOnCalendar=daily\n',
      'per-repo@.service': '[Service]\nExecStart=/usr/bin/claude -p %i\n',
      'broken.timer': '[Timer]\nOnCalendar=*-13-01\nOnCalendar=daily\n',
      'broken.service': '[Service]\nExecStart=/usr/bin/aider --yes\nStandardOutput=file:/var/tmp/aider.out\n',
      'interval.timer': '[Timer]\nOnBootSec=5min\nOnUnitActiveSec=1h 30m\n',
      'interval.service': '[Service]\nExecStart=/usr/bin/gemini -p "triage issues"\nStandardOutput=truncate:/tmp/g.log\n',
      'README.md': 'not a unit',
    });
    return dir;
  }

  async function read(dir: string): Promise<Map<string, JobDefinition>> {
    const result = await readSystemdJobs({ dir, home: '/home/ada', user: { name: 'ada', uid: 1000 } });
    expect(result.sources).toEqual([{ kind: 'systemd', path: dir, ok: true }]);
    return new Map(result.jobs.map((j) => [j.id, j]));
  }

  it('lists every timer but templates, with its service command', async () => {
    const dir = unitDir();
    const jobs = await read(dir);
    expect([...jobs.keys()]).toEqual(['systemd:broken.timer', 'systemd:docs.timer', 'systemd:interval.timer', 'systemd:nightly.timer', 'systemd:orphan.timer']);

    const nightly = jobs.get('systemd:nightly.timer')!;
    expect(nightly).toMatchObject({
      kind: 'systemd',
      label: 'Nightly agent review',
      unit: 'nightly.service',
      argv: ['/usr/local/bin/claude', '-p', 'review the repo', '--model', 'opus 4'],
      command: `/usr/local/bin/claude -p 'review the repo' --model 'opus 4'`,
      schedule: 'OnCalendar=*-*-* 02:00:00 (±RandomizedDelaySec=1h)',
      logPath: '/home/ada/logs/x.log',
      source: join(dir, 'nightly.timer'),
      problems: [],
    });
    expect(iso(nightly.nextRun(new Date('2026-03-10T12:00:00Z'), 'Europe/Berlin', null))).toBe('2026-03-11T01:00:00.000Z');
  });

  it('takes Unit=, drop-ins and the earliest of several OnCalendar lines', async () => {
    const docs = (await read(unitDir())).get('systemd:docs.timer')!;
    expect(docs).toMatchObject({ label: 'docs', unit: 'docs-agent.service', command: `/usr/bin/codex exec 'update docs'`, logPath: null, problems: [] });
    expect(docs.schedule).toBe('OnCalendar=Mon *-*-* 09:00 Europe/Berlin');
    // The zone suffix beats the caller's zone: Monday 2026-01-05 09:00 in Berlin.
    expect(iso(docs.nextRun(new Date('2026-01-01T00:00:00Z'), 'America/New_York', null))).toBe('2026-01-05T08:00:00.000Z');

    const dir = scratch();
    writeTree(dir, { 'two.timer': '[Timer]\nOnCalendar=Mon *-*-* 09:00\nOnCalendar=*-*-01 06:00\n', 'two.service': '[Service]\nExecStart=/bin/true\n' });
    const two = (await read(dir)).get('systemd:two.timer')!;
    expect(two.schedule).toBe('OnCalendar=Mon *-*-* 09:00; OnCalendar=*-*-01 06:00');
    expect(iso(two.nextRun(new Date('2026-01-29T00:00:00Z'), 'UTC', null))).toBe('2026-02-01T06:00:00.000Z');
    expect(iso(two.nextRun(new Date('2026-02-01T07:00:00Z'), 'UTC', null))).toBe('2026-02-02T09:00:00.000Z');
  });

  it('keeps a timer whose service is missing or whose OnCalendar is bad, saying why', async () => {
    const jobs = await read(unitDir());
    const orphan = jobs.get('systemd:orphan.timer')!;
    expect(orphan).toMatchObject({ unit: 'orphan.service', command: '', argv: [], logPath: null, problems: ['service file not found'] });
    expect(iso(orphan.nextRun(new Date('2026-01-01T10:20:00Z'), 'UTC', null))).toBe('2026-01-01T11:00:00.000Z');

    const broken = jobs.get('systemd:broken.timer')!;
    expect(broken.problems).toEqual([expect.stringMatching(/\*-13-01.*month "13"/)]);
    expect(broken.schedule).toBe('OnCalendar=*-13-01; OnCalendar=daily');
    expect(broken.logPath).toBe('/var/tmp/aider.out');
    expect(iso(broken.nextRun(new Date('2026-01-01T10:00:00Z'), 'UTC', null))).toBe('2026-01-02T00:00:00.000Z');
  });

  it('counts OnUnitActiveSec from the last run, and knows nothing without one', async () => {
    const interval = (await read(unitDir())).get('systemd:interval.timer')!;
    expect(interval.schedule).toBe('OnBootSec=5min; OnUnitActiveSec=1h 30m');
    expect(interval.logPath).toBe('/tmp/g.log');
    const from = new Date('2026-01-01T10:30:00Z');
    expect(iso(interval.nextRun(from, 'UTC', new Date('2026-01-01T10:00:00Z')))).toBe('2026-01-01T11:30:00.000Z');
    expect(interval.nextRun(from, 'UTC', null)).toBeNull();
  });

  it('answers zero jobs for a missing directory, and says so when it cannot read one', async () => {
    const missing = join(scratch(), 'nope');
    expect(await readSystemdJobs({ dir: missing, home: '/h' })).toEqual({ jobs: [], sources: [{ kind: 'systemd', path: missing, ok: true }] });

    const dir = scratch();
    writeTree(dir, { 'x.timer': '[Timer]\nOnCalendar=daily\n' });
    const file = join(dir, 'x.timer');
    const notADir = await readSystemdJobs({ dir: file, home: '/h' });
    expect(notADir).toEqual({ jobs: [], sources: [{ kind: 'systemd', path: file, ok: true }] });
  });
});

describe('systemctl show output', () => {
  it('splits blocks and parses both timestamp forms', () => {
    expect(parseShowBlocks('Id=a.timer\nResult=success\n\nId=a.service\nMainPID=7\n').map((b) => Object.fromEntries(b))).toEqual([
      { Id: 'a.timer', Result: 'success' },
      { Id: 'a.service', MainPID: '7' },
    ]);
    expect(iso(parseSystemdTimestamp('@1795226400'))).toBe('2026-11-21T02:00:00.000Z');
    expect(iso(parseSystemdTimestamp('Sat 2026-11-21 02:00:00 UTC', 'Europe/Berlin'))).toBe('2026-11-21T02:00:00.000Z');
    expect(iso(parseSystemdTimestamp('Sat 2026-11-21 03:00:00 CET', 'Europe/Berlin'))).toBe('2026-11-21T02:00:00.000Z');
    expect(iso(parseSystemdTimestamp('Sun 2026-03-29 03:30:00 CEST', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    for (const never of ['', 'n/a', '0', '@0', undefined, 'garbage']) expect(parseSystemdTimestamp(never)).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('live state through a fake systemctl', () => {
  /** A shell script standing in for systemctl/journalctl: records its argv, answers from files. */
  function fakeTool(body: string): { run: CommandRunner; argsLog: string } {
    const dir = scratch();
    const script = join(dir, 'tool');
    const argsLog = join(dir, 'args.log');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argsLog}'\n${body}\n`);
    chmodSync(script, 0o755);
    return { run: (_file, args, o) => runCommand(script, args, o), argsLog };
  }

  const units = [
    { timer: 'nightly.timer', service: 'nightly.service' },
    { timer: 'docs.timer', service: 'docs-agent.service' },
  ];

  const unixOutput = [
    'Id=nightly.timer', 'ActiveState=active', 'SubState=waiting', 'NextElapseUSecRealtime=@1795226400', 'LastTriggerUSec=@1795140000', 'Result=success', '',
    'Id=docs.timer', 'ActiveState=active', 'SubState=waiting', 'NextElapseUSecRealtime=', 'LastTriggerUSec=n/a', 'Result=success', '',
    'Id=nightly.service', 'ActiveState=activating', 'SubState=start', 'MainPID=4242', 'ExecMainStatus=0', 'ExecMainCode=0',
    'ExecMainStartTimestamp=@1795140001', 'ExecMainExitTimestamp=', 'Result=success', '',
    'Id=docs-agent.service', 'ActiveState=failed', 'SubState=failed', 'MainPID=0', 'ExecMainStatus=9', 'ExecMainCode=2',
    'ExecMainStartTimestamp=@1795140001', 'ExecMainExitTimestamp=@1795140849', 'Result=signal', '',
  ].join('\n');

  it('asks once for all units and reads running, last exit, next and last run', async () => {
    const { run, argsLog } = fakeTool(`cat <<'EOF'\n${unixOutput}\nEOF`);
    const state = await systemdLiveState(units, run);
    expect(readFileSync(argsLog, 'utf8').trim().split('\n')).toEqual([
      '--user show --timestamp=unix --property=Id,ActiveState,SubState,MainPID,ExecMainStatus,ExecMainCode,ExecMainStartTimestamp,ExecMainExitTimestamp,NextElapseUSecRealtime,LastTriggerUSec,Result nightly.timer nightly.service docs.timer docs-agent.service',
    ]);
    expect(state?.get('nightly.timer')).toEqual({
      pid: 4242,
      running: true,
      lastExit: null,
      nextRun: new Date('2026-11-21T02:00:00Z'),
      lastRun: new Date('2026-11-20T02:00:00Z'),
    });
    expect(state?.get('docs.timer')).toEqual({
      pid: null,
      running: false,
      lastExit: { code: null, signal: 'SIGKILL', at: '2026-11-20T02:14:09.000Z' },
      nextRun: null,
      lastRun: new Date('2026-11-20T02:00:01Z'), // no LastTriggerUSec: the service's own start
    });
  });

  it('reads an exit code, and a core dump as its signal', async () => {
    const out = (code: number, status: number) =>
      `Id=t.timer\nLastTriggerUSec=@1795140000\n\nId=t.service\nActiveState=inactive\nMainPID=0\nExecMainCode=${code}\nExecMainStatus=${status}\nExecMainExitTimestamp=@1795143600\n`;
    const exited = await systemdLiveState([{ timer: 't.timer', service: 't.service' }], fakeTool(`printf '${out(1, 3)}'`).run);
    expect(exited?.get('t.timer')?.lastExit).toEqual({ code: 3, signal: null, at: '2026-11-20T03:00:00.000Z' });
    const dumped = await systemdLiveState([{ timer: 't.timer', service: 't.service' }], fakeTool(`printf '${out(3, 11)}'`).run);
    expect(dumped?.get('t.timer')?.lastExit).toEqual({ code: null, signal: 'SIGSEGV', at: '2026-11-20T03:00:00.000Z' });
  });

  it('retries without --timestamp on an older systemd and reads its dates', async () => {
    const { run, argsLog } = fakeTool(
      [
        'case "$*" in *--timestamp*) echo "systemctl: unrecognized option \'--timestamp=unix\'" >&2; exit 1;; esac',
        "printf 'Id=nightly.timer\\nNextElapseUSecRealtime=Sat 2026-11-21 02:00:00 UTC\\nLastTriggerUSec=Fri 2026-11-20 02:00:00 UTC\\n\\n'",
        "printf 'Id=nightly.service\\nActiveState=inactive\\nMainPID=0\\nExecMainCode=1\\nExecMainStatus=0\\nExecMainExitTimestamp=Fri 2026-11-20 02:14:09 UTC\\n'",
      ].join('\n'),
    );
    const state = await systemdLiveState([units[0]], run);
    expect(readFileSync(argsLog, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(state?.get('nightly.timer')).toEqual({
      pid: null,
      running: false,
      lastExit: { code: 0, signal: null, at: '2026-11-20T02:14:09.000Z' },
      nextRun: new Date('2026-11-21T02:00:00Z'),
      lastRun: new Date('2026-11-20T02:00:00Z'),
    });
  });

  it('answers null with no user bus or no systemctl, and asks nothing for no units', async () => {
    const noBus = fakeTool('echo "Failed to connect to bus: No medium found" >&2; exit 1');
    expect(await systemdLiveState(units, noBus.run)).toBeNull();
    const missing: CommandRunner = (_file, args, o) => runCommand(join(scratch(), 'no-such-systemctl'), args, o);
    expect(await systemdLiveState(units, missing)).toBeNull();
    expect(await systemdLiveState([], noBus.run)).toEqual(new Map());
  });

  it('tails the journal, and answers null when journalctl fails or is missing', async () => {
    const { run, argsLog } = fakeTool("printf 'started review\\nwrote 3 comments\\n'");
    expect(await journalTail('nightly.service', 50, run)).toEqual(['started review', 'wrote 3 comments']);
    expect(readFileSync(argsLog, 'utf8').trim()).toBe('--user -u nightly.service -n 50 --no-pager -o cat');
    expect(await journalTail('x.service', 5, fakeTool("echo '-- No entries --'").run)).toEqual([]);
    expect(await journalTail('x.service', 5, fakeTool('echo "No journal files were found." >&2; exit 1').run)).toBeNull();
    const missing: CommandRunner = (_file, args, o) => runCommand(join(scratch(), 'no-such-journalctl'), args, o);
    expect(await journalTail('x.service', 5, missing)).toBeNull();
  });
});
