import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCrontab } from '../../../src/engine/jobs/cron/crontab';
import { readCronJobs } from '../../../src/engine/jobs/cron/read-crontab';
import { runCommand } from '../../../src/engine/jobs/run-command';
import type { CommandRunner, JobDefinition } from '../../../src/engine/jobs/types';
import { tempDir } from '../../helpers/temp-dir';

const HOME = '/home/ada';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function parse(text: string, env?: NodeJS.ProcessEnv) {
  return parseCrontab(text, { source: 'crontab -l', home: HOME, env });
}

/** The only job of a one-line crontab. */
function job(line: string): JobDefinition {
  const { jobs } = parse(line);
  expect(jobs).toHaveLength(1);
  return jobs[0];
}

/** The next run after `from` in `zone`, as an ISO instant (or null). */
function next(line: string, from: string, zone = 'UTC'): string | null {
  return job(line).nextRun(new Date(from), zone, null)?.toISOString() ?? null;
}

/** The next `count` runs after `from`, each strictly after the one before. */
function runs(line: string, from: string, zone: string, count: number): string[] {
  const j = job(line);
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const n = j.nextRun(at, zone, null);
    if (!n) break;
    out.push(n.toISOString());
    at = n;
  }
  return out;
}

describe('parseCrontab: line kinds', () => {
  const text = [
    '# m h dom mon dow command',
    'SHELL=/bin/bash',
    'MAILTO = "ops@example.com"',
    '',
    '@reboot ~/bin/start-agents',
    '@daily claude -p "tidy the backlog"',
    '  */15 9-17 * jan-mar,oct mon-fri   codex exec "check CI"  ',
    '0 3 1,15 * * gemini -p report',
  ].join('\n');

  it('reads nicknames, 5-field entries with names, ranges, lists and steps; skips blanks, comments and environment lines', () => {
    const { jobs, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(jobs.map((j) => [j.schedule, j.command])).toEqual([
      ['@reboot', '~/bin/start-agents'],
      ['@daily', 'claude -p "tidy the backlog"'],
      ['*/15 9-17 * jan-mar,oct mon-fri', 'codex exec "check CI"'],
      ['0 3 1,15 * *', 'gemini -p report'],
    ]);
    for (const j of jobs) {
      expect(j).toMatchObject({ kind: 'cron', argv: null, source: 'crontab -l', problems: [], logPath: null });
      expect(j.id).toMatch(/^cron:[0-9a-f]{12}$/);
    }
  });

  it('computes each kind of schedule', () => {
    const { jobs } = parse(text);
    const from = new Date('2026-01-05T09:50:00Z'); // a Monday
    expect(jobs.map((j) => j.nextRun(from, 'UTC', null)?.toISOString() ?? null)).toEqual([
      null, // @reboot: no clock predicts a boot
      '2026-01-06T00:00:00.000Z',
      '2026-01-05T10:00:00.000Z',
      '2026-01-15T03:00:00.000Z',
    ]);
  });

  it('knows every nickname', () => {
    const from = '2026-01-07T12:34:00Z'; // a Wednesday
    expect(next('@yearly x', from)).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@annually x', from)).toBe('2027-01-01T00:00:00.000Z');
    expect(next('@monthly x', from)).toBe('2026-02-01T00:00:00.000Z');
    expect(next('@weekly x', from)).toBe('2026-01-11T00:00:00.000Z'); // Sunday
    expect(next('@daily x', from)).toBe('2026-01-08T00:00:00.000Z');
    expect(next('@midnight x', from)).toBe('2026-01-08T00:00:00.000Z');
    expect(next('@hourly x', from)).toBe('2026-01-07T13:00:00.000Z');
    expect(next('@reboot x', from)).toBeNull();
  });

  it('hashes the schedule and the command into the id', () => {
    const hash = createHash('sha256').update('*/5 * * * *\nclaude -p hi').digest('hex').slice(0, 12);
    expect(job('*/5   *  * * *   claude -p hi').id).toBe(`cron:${hash}`);
  });

  it('numbers identical lines so each keeps a distinct id', () => {
    const { jobs } = parse('0 * * * * claude -p x\n0 * * * * claude -p x\n5 * * * * claude -p x\n0 * * * * claude -p x');
    const base = jobs[0].id;
    expect(jobs.map((j) => j.id)).toEqual([base, `${base}-2`, jobs[2].id, `${base}-3`]);
    expect(jobs[2].id).not.toBe(base);
  });
});

describe('parseCrontab: labels', () => {
  it('takes the comment line directly above, trimmed and without #', () => {
    const { jobs } = parse('#   Nightly triage  \n0 2 * * * claude -p "triage"\n# not mine\n\n0 3 * * * claude -p "review"');
    expect(jobs.map((j) => j.label)).toEqual(['Nightly triage', 'claude review']);
  });

  it('does not take a comment separated by an environment line', () => {
    expect(parse('# paths\nPATH=/usr/bin\n0 3 * * * codex exec fix').jobs[0].label).toBe('codex exec');
  });

  it('derives a label from the command: program name and first non-option argument, past setup steps and wrappers', () => {
    expect(job('0 2 * * * /usr/local/bin/claude -p "Review open PRs" --max-turns 3').label).toBe('claude Review open PRs');
    expect(job('0 2 * * * cd ~/repo && nice -n 10 timeout 30m codex exec --full-auto "fix"').label).toBe('codex exec');
    expect(job('0 2 * * * FOO=1 gemini >> ~/g.log 2>&1').label).toBe('gemini');
    expect(job('0 2 * * * lantern run --tag nightly-triage -- claude -p x').label).toBe('nightly-triage');
    expect(job('0 2 * * * lantern run -- claude -p "sweep"').label).toBe('claude sweep');
  });

  it('keeps a derived label short', () => {
    const label = job(`0 2 * * * claude -p "${'word '.repeat(40)}"`).label;
    expect(label.length).toBe(60);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('parseCrontab: environment lines', () => {
  it('reads NAME=value, NAME = "value" and quoted values, and lets HOME feed expansion', () => {
    const { jobs } = parse("HOME = '/srv/bot'\n0 1 * * * claude -p x >> ~/log/a.log\n0 2 * * * claude -p y > $HOME/b.log\n0 3 * * * claude -p z > ${HOME}/c.log");
    expect(jobs.map((j) => j.logPath)).toEqual(['/srv/bot/log/a.log', '/srv/bot/b.log', '/srv/bot/c.log']);
  });

  it('expands other variables from the crontab, then from opts.env, and leaves unknown ones as written', () => {
    const { jobs } = parse('LOGS=/var/log/agents\n0 1 * * * a > $LOGS/a.log\n0 1 * * * b > $OUT/b.log\n0 1 * * * c > $NOPE/c.log', { OUT: '/tmp/out' });
    expect(jobs.map((j) => j.logPath)).toEqual(['/var/log/agents/a.log', '/tmp/out/b.log', '$NOPE/c.log']);
  });
});

describe('parseCrontab: the command and %', () => {
  it('ends the command at the first unescaped % (the rest is stdin)', () => {
    const j = job('0 9 * * * claude -p "standup notes"%line one%line two');
    expect(j.command).toBe('claude -p "standup notes"');
  });

  it('reads \\% as a literal %', () => {
    expect(job('0 9 * * * claude -p "log $(date +\\%F)" >> ~/runs/\\%Y.log').command).toBe('claude -p "log $(date +%F)" >> ~/runs/%Y.log');
  });

  it('keeps a line whose command is empty after % as a job with a problem', () => {
    expect(job('0 9 * * * %only stdin').problems).toEqual(['empty command']);
  });
});

describe('parseCrontab: logPath', () => {
  const log = (command: string): string | null => job(`0 * * * * ${command}`).logPath;

  it('is the first stdout redirection, with ~ expanded, not 2>&1', () => {
    expect(log('claude -p x >> ~/logs/claude.log 2>&1')).toBe('/home/ada/logs/claude.log');
    expect(log('claude -p x 2>&1 >> /var/log/c.log')).toBe('/var/log/c.log');
    expect(log('claude -p x 2>/tmp/err.log >/tmp/out.log')).toBe('/tmp/out.log');
    expect(log('claude -p x 1>>/tmp/one.log')).toBe('/tmp/one.log');
    expect(log('claude -p x &> /tmp/both.log')).toBe('/tmp/both.log');
    expect(log('claude -p x &>>/tmp/both.log')).toBe('/tmp/both.log');
    expect(log('claude -p x > "/tmp/my logs/c.log"')).toBe('/tmp/my logs/c.log');
  });

  it('is null for stderr only, a descriptor duplication, or no redirection', () => {
    expect(log('claude -p x 2>/tmp/err.log')).toBeNull();
    expect(log('claude -p x 2>>/tmp/err.log 1>&2')).toBeNull();
    expect(log('claude -p x >&2')).toBeNull();
    expect(log('claude -p "a > b"')).toBeNull();
    expect(log('claude -p x')).toBeNull();
  });

  it('tells a descriptor written against > from an argument before it', () => {
    expect(log('echo 2 > /tmp/two.log')).toBe('/tmp/two.log');
  });

  it('resolves a relative target against HOME, or the directory a cd moved to', () => {
    expect(log('claude -p x >> logs/c.log')).toBe('/home/ada/logs/c.log');
    expect(log('cd /srv/repo && claude -p x >> out.log 2>&1')).toBe('/srv/repo/out.log');
  });

  it('falls back to a tee target', () => {
    expect(log('claude -p x 2>&1 | tee -a ~/tee.log')).toBe('/home/ada/tee.log');
  });
});

describe('parseCrontab: lines it cannot use', () => {
  it('keeps a line with a bad schedule as a job with the problem and no next run', () => {
    const { jobs, problems } = parse('61 * * * * claude -p x\n0 0 * * mooday codex exec y\n@fortnightly gemini -p z');
    expect(problems).toEqual([]);
    expect(jobs.map((j) => j.command)).toEqual(['claude -p x', 'codex exec y', 'gemini -p z']);
    expect(jobs[0].problems).toEqual(['bad schedule "61 * * * *": Invalid value for minute: 61']);
    expect(jobs[1].problems).toHaveLength(1);
    expect(jobs[1].problems[0]).toMatch(/^bad schedule "0 0 \* \* mooday": /);
    expect(jobs[2].problems).toEqual(['unknown schedule @fortnightly']);
    for (const j of jobs) expect(j.nextRun(new Date('2026-01-01T00:00:00Z'), 'UTC', null)).toBeNull();
  });

  it('skips a line too short to hold a command and reports it by line number', () => {
    const { jobs, problems } = parse('# header\nnonsense words here\n* * * * *\n@daily\n0 1 * * * ok');
    expect(jobs.map((j) => j.command)).toEqual(['ok']);
    expect(problems).toEqual(['line 2: not a crontab entry: "nonsense words here"', 'line 3: not a crontab entry: "* * * * *"', 'line 4: not a crontab entry: "@daily"']);
  });

  it('reports an unknown CRON_TZ on the jobs it governs', () => {
    const { jobs } = parse('CRON_TZ=Mars/Olympus\n0 1 * * * x');
    expect(jobs[0].problems).toEqual(['unknown time zone "Mars/Olympus" (CRON_TZ)']);
    expect(jobs[0].nextRun(new Date('2026-01-01T00:00:00Z'), 'UTC', null)).toBeNull();
    expect(parse('TZ=Nowhere\n0 1 * * * x').jobs[0].problems).toEqual(['unknown time zone "Nowhere" (TZ)']);
  });

  it('reads CRLF line ends', () => {
    expect(parse('# label\r\n0 1 * * * claude -p x > /tmp/x.log\r\n').jobs.map((j) => [j.label, j.command, j.logPath])).toEqual([['label', 'claude -p x > /tmp/x.log', '/tmp/x.log']]);
  });
});

describe('next run', () => {
  it('is strictly after from', () => {
    expect(next('0 0 * * * x', '2026-01-01T00:00:00.000Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('0 0 * * * x', '2025-12-31T23:59:59.999Z')).toBe('2026-01-01T00:00:00.000Z');
  });

  it('runs a job in the New York spring-forward gap right after the change', () => {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z); 02:30 does not exist.
    expect(runs('30 2 * * * x', '2026-03-08T05:00:00Z', 'America/New_York', 2)).toEqual(['2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('runs a fixed-time job once in the New York fall-back repeated hour', () => {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z); 01:30 happens twice (05:30Z, 06:30Z).
    expect(runs('30 1 * * * x', '2026-11-01T04:00:00Z', 'America/New_York', 2)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('treats a list of fixed times as fixed too (Vixie: wild only when minute or hour starts with *)', () => {
    expect(runs('30 1,13 * * * x', '2026-11-01T04:00:00Z', 'America/New_York', 2)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T18:30:00.000Z']);
  });

  it('runs a wildcard job in both copies of the repeated hour, and skips the gap', () => {
    expect(runs('*/30 * * * * x', '2026-11-01T05:00:00Z', 'America/New_York', 4)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
    expect(runs('*/30 * * * * x', '2026-03-08T06:15:00Z', 'America/New_York', 2)).toEqual(['2026-03-08T06:30:00.000Z', '2026-03-08T07:00:00.000Z']);
  });

  it('handles the Berlin changes the same way', () => {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z). 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z).
    expect(runs('30 2 * * * x', '2026-03-28T23:00:00Z', 'Europe/Berlin', 2)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(runs('30 2 * * * x', '2026-10-24T23:00:00Z', 'Europe/Berlin', 2)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  it('skips months without a 31st', () => {
    expect(runs('0 0 31 * * x', '2026-03-31T12:00:00Z', 'UTC', 3)).toEqual(['2026-05-31T00:00:00.000Z', '2026-07-31T00:00:00.000Z', '2026-08-31T00:00:00.000Z']);
  });

  it('finds Feb 29 only in a leap year', () => {
    expect(next('0 0 29 2 * x', '2027-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 29 2 * x', '2028-02-29T00:00:00Z')).toBe('2032-02-29T00:00:00.000Z');
  });

  it('runs a 28-31 job on each day a month has (the usual last-day idiom)', () => {
    expect(runs('59 23 28-31 * * x', '2027-02-27T00:00:00Z', 'UTC', 3)).toEqual(['2027-02-28T23:59:00.000Z', '2027-03-28T23:59:00.000Z', '2027-03-29T23:59:00.000Z']);
    expect(runs('59 23 28-31 * * x', '2028-02-27T00:00:00Z', 'UTC', 3)).toEqual(['2028-02-28T23:59:00.000Z', '2028-02-29T23:59:00.000Z', '2028-03-28T23:59:00.000Z']);
  });

  it('matches either day field when both are restricted (cron OR)', () => {
    // 2026-01-01 is a Thursday: the 13th or any Friday.
    expect(runs('0 0 13 * fri x', '2026-01-01T00:00:00Z', 'UTC', 3)).toEqual(['2026-01-02T00:00:00.000Z', '2026-01-09T00:00:00.000Z', '2026-01-13T00:00:00.000Z']);
    expect(next('0 0 * * 7 x', '2026-01-01T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z'); // 7 is Sunday
  });

  it('ANDs the day fields when one starts with * (Vixie cron)', () => {
    // Odd days that are Mondays: Jan 5 2026 (OR would give Jan 3).
    expect(next('0 0 */2 * mon x', '2026-01-01T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
  });

  it('uses CRON_TZ (or TZ) over the given zone for the lines after it', () => {
    const { jobs } = parse('0 9 * * * before\nCRON_TZ=Asia/Tokyo\n0 9 * * * tokyo\nTZ=Europe/Berlin\n0 9 * * * berlin\nCRON_TZ=\n0 9 * * * after');
    const from = new Date('2026-01-10T12:00:00Z');
    expect(jobs.map((j) => j.nextRun(from, 'America/New_York', null)?.toISOString())).toEqual([
      '2026-01-10T14:00:00.000Z',
      '2026-01-11T00:00:00.000Z',
      '2026-01-11T08:00:00.000Z',
      '2026-01-10T14:00:00.000Z',
    ]);
  });
});

describe('readCronJobs', () => {
  const noRun: CommandRunner = async () => {
    throw new Error('must not run a program when a file is given');
  };

  function fakeProgram(body: string): CommandRunner {
    const dir = tempDir('lantern-cron-');
    cleanups.push(dir.cleanup);
    const script = path.join(dir.path, 'crontab');
    fs.writeFileSync(script, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return (_file, args, o) => runCommand(script, args, o);
  }

  it('reads a crontab file', async () => {
    const dir = tempDir('lantern-cron-');
    cleanups.push(dir.cleanup);
    const file = path.join(dir.path, 'ada');
    fs.writeFileSync(file, '# triage\n0 2 * * * claude -p triage >> ~/t.log\nbad line\n');
    const result = await readCronJobs({ file, run: noRun, home: HOME });
    expect(result.sources).toEqual([{ kind: 'cron', path: file, ok: true, error: 'line 3: not a crontab entry: "bad line"' }]);
    expect(result.jobs.map((j) => [j.label, j.logPath, j.source])).toEqual([['triage', '/home/ada/t.log', file]]);
  });

  it('says a missing file is missing', async () => {
    const file = '/nonexistent/lantern/crontab';
    expect(await readCronJobs({ file, run: noRun, home: HOME })).toEqual({ jobs: [], sources: [{ kind: 'cron', path: file, ok: false, error: `no such file: ${file}` }] });
  });

  describe.runIf(process.platform !== 'win32')('crontab -l', () => {
    it('reads what it prints, and passes -l', async () => {
      const run = fakeProgram('[ "$1" = "-l" ] || exit 9\nprintf "%s\\n" "@hourly codex exec sweep" "0 1 * * * claude -p x"');
      const result = await readCronJobs({ file: null, run, home: HOME });
      expect(result.sources).toEqual([{ kind: 'cron', path: 'crontab -l', ok: true }]);
      expect(result.jobs.map((j) => [j.schedule, j.command, j.source])).toEqual([
        ['@hourly', 'codex exec sweep', 'crontab -l'],
        ['0 1 * * *', 'claude -p x', 'crontab -l'],
      ]);
    });

    it('reads "no crontab for <user>" as nothing scheduled', async () => {
      const run = fakeProgram('echo "no crontab for root" >&2\nexit 1');
      expect(await readCronJobs({ file: null, run, home: HOME })).toEqual({ jobs: [], sources: [{ kind: 'cron', path: 'crontab -l', ok: true }] });
    });

    it('reports another failure with the first line of stderr', async () => {
      const run = fakeProgram('printf "\\ncrontab: cannot open /var/spool: Permission denied\\nmore\\n" >&2\nexit 1');
      expect((await readCronJobs({ file: null, run, home: HOME })).sources).toEqual([
        { kind: 'cron', path: 'crontab -l', ok: false, error: 'crontab: cannot open /var/spool: Permission denied' },
      ]);
    });

    it('reports crontab as not installed when the program is missing', async () => {
      const run: CommandRunner = (_file, args, o) => runCommand('/nonexistent/lantern/crontab', args, o);
      expect(await readCronJobs({ file: null, run, home: HOME })).toEqual({ jobs: [], sources: [{ kind: 'cron', path: 'crontab -l', ok: false, error: 'crontab is not installed' }] });
    });
  });
});
