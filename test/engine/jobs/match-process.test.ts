import { describe, expect, it } from 'vitest';
import { candidateIndex, jobProcessMatcher, jobRoots } from '../../../src/engine/jobs/match-process';
import type { ProcessRow, ProcessTable } from '../../../src/engine/jobs/process-table';

type Row = ProcessRow & { ppid: number };
const row = (pid: number, ppid: number, argv: string[]): Row => ({ pid, ppid, argv, commandLine: argv.join(' ') });
const psRow = (pid: number, ppid: number, line: string): Row => ({ pid, ppid, argv: null, commandLine: line });
const table = (rows: Row[]): ProcessTable => ({ rows, parentOf: (pid) => rows.find((r) => r.pid === pid)?.ppid ?? null });
const roots = (rows: Row[], def: { argv: string[] | null; command: string }) =>
  jobRoots(table(rows), candidateIndex(rows), jobProcessMatcher(def)).map((r) => r.pid);

describe('cron jobs: sh -c <line>', () => {
  const command = 'cd ~/repo && claude -p "triage" >> ~/logs/triage.log 2>&1';
  const matches = jobProcessMatcher({ argv: null, command });

  it('matches the shell cron starts, by its exact -c argument', () => {
    expect(matches(row(1, 0, ['/bin/sh', '-c', command]))).toBe(true);
    expect(matches(row(1, 0, ['bash', '-c', command]))).toBe(true);
    expect(matches(row(1, 0, ['/bin/sh', '-c', command + ' ']))).toBe(false);
    expect(matches(row(1, 0, ['python', '-c', command]))).toBe(false);
    expect(matches(row(1, 0, ['claude', '-p', 'triage']))).toBe(false); // not a simple command: never exec'd as is
  });

  it('matches a ps line (no argv) the same way', () => {
    expect(matches(psRow(1, 0, `/bin/sh -c ${command}`))).toBe(true);
    expect(matches(psRow(1, 0, `/bin/sh -c ${command} extra`))).toBe(false);
  });

  it('matches a lone simple command the shell exec-ed, with or without an interpreter in front', () => {
    const simple = jobProcessMatcher({ argv: null, command: 'codex exec "fix the flaky test"' });
    expect(simple(row(1, 0, ['codex', 'exec', 'fix the flaky test']))).toBe(true);
    expect(simple(row(1, 0, ['node', '/usr/local/bin/codex', 'exec', 'fix the flaky test']))).toBe(true);
    expect(simple(row(1, 0, ['codex', 'exec', 'fix the flaky test', '--yolo']))).toBe(false);
    expect(simple(psRow(1, 0, 'node /usr/local/bin/codex exec fix the flaky test'))).toBe(true);
  });

  it('an empty command matches nothing', () => {
    expect(jobProcessMatcher({ argv: null, command: '  ' })(row(1, 0, ['/bin/sh', '-c', '  ']))).toBe(false);
  });
});

describe('systemd and launchd jobs: argv', () => {
  const matches = jobProcessMatcher({ argv: ['/usr/bin/codex', 'exec', 'triage'], command: '/usr/bin/codex exec triage' });

  it('matches argv[0] as a path or a basename, and a script under its interpreter', () => {
    expect(matches(row(1, 0, ['/usr/bin/codex', 'exec', 'triage']))).toBe(true);
    expect(matches(row(1, 0, ['codex', 'exec', 'triage']))).toBe(true);
    expect(matches(row(1, 0, ['node', '/usr/bin/codex', 'exec', 'triage']))).toBe(true);
    expect(matches(row(1, 0, ['/usr/bin/codex', 'exec']))).toBe(false);
    expect(matches(row(1, 0, ['/usr/bin/gemini', 'exec', 'triage']))).toBe(false);
    expect(matches(row(1, 0, ['env', 'X=1', '/usr/bin/codex', 'exec', 'triage']))).toBe(false);
  });

  it('matches ps lines', () => {
    expect(matches(psRow(1, 0, '/usr/bin/codex exec triage'))).toBe(true);
    expect(matches(psRow(1, 0, 'node /usr/bin/codex exec triage'))).toBe(true);
    expect(matches(psRow(1, 0, 'node /usr/bin/codex exec triage now'))).toBe(false);
  });
});

describe('jobRoots', () => {
  it('finds matches through the candidate index: shells by their -c line, programs by name, interpreters too', () => {
    const rows = [
      row(1, 0, ['/bin/sh', '-c', 'claude -p x >> log']),
      row(2, 0, ['node', '/usr/bin/codex', 'exec', 'y']),
      row(3, 0, ['/usr/bin/gemini', '-p', 'z']),
      psRow(4, 0, '/bin/bash -c claude -p w >> log2'),
      row(5, 0, ['vim', 'notes']),
    ];
    expect(roots(rows, { argv: null, command: 'claude -p x >> log' })).toEqual([1]);
    expect(roots(rows, { argv: ['/usr/bin/codex', 'exec', 'y'], command: '' })).toEqual([2]);
    expect(roots(rows, { argv: null, command: 'gemini -p z' })).toEqual([3]);
    expect(roots(rows, { argv: null, command: 'claude -p w >> log2' })).toEqual([4]);
    expect(roots(rows, { argv: null, command: 'claude -p nothing' })).toEqual([]);
  });

  it('keeps the matching processes that are not below another match', () => {
    const command = 'claude -p hi';
    const rows = [
      row(10, 1, ['/bin/sh', '-c', command]), // cron's shell
      row(11, 10, ['claude', '-p', 'hi']), // the shell's child runs the same words
      row(20, 1, ['/bin/sh', '-c', command]), // a second run (overlapping schedule)
      row(30, 1, ['vim']),
    ];
    expect(roots(rows, { argv: null, command })).toEqual([10, 20]);
  });

  it('survives a cycle in the parent links', () => {
    const rows = [row(5, 6, ['claude']), row(6, 5, ['claude'])];
    expect(roots(rows, { argv: ['claude'], command: 'claude' })).toEqual([]);
  });
});
