import { describe, expect, it } from 'vitest';
import type { MilestoneProgress } from '../../src/shared/agents';
import { issueRails, RAIL_PHASES, railSteps, safeHttpUrl } from '../../src/renderer/state/views/issue-rails';
import { agent } from './helpers/agents';

const ms = (over: Partial<MilestoneProgress> = {}): MilestoneProgress => ({
  issue: 'ISSUE-1',
  phase: 'fix',
  level: 'info',
  title: 'found it',
  prUrl: null,
  progress: 2 / 6,
  phases: ['setup', 'repro', 'fix'],
  ...over,
});

const stream = (issue: string, over: Partial<MilestoneProgress> = {}, state: 'running' | 'blocked' | 'done' | 'idle' = 'running', lastEventAt = '2026-11-21T10:00:00.000Z') =>
  agent(`milestone:${issue}`, { source: 'milestone', cwd: null, state, lastEventAt, milestone: ms({ issue, ...over }) });

describe('issue rails', () => {
  it('has the seven phases in order', () => {
    expect(RAIL_PHASES).toEqual(['setup', 'repro', 'fix', 'test', 'lint', 'pr', 'done']);
  });

  it('marks reached phases, the current one, and fills up to the furthest', () => {
    const steps = railSteps({ phase: 'fix', phases: ['setup', 'fix'] });
    expect(steps.map((s) => [s.phase, s.reached, s.passed, s.current, s.blocked])).toEqual([
      ['setup', true, true, false, false],
      ['repro', false, true, false, false], // skipped, but the rail is past it
      ['fix', true, true, true, false],
      ['test', false, false, false, false],
      ['lint', false, false, false, false],
      ['pr', false, false, false, false],
      ['done', false, false, false, false],
    ]);
  });

  it('current follows the latest phase even when it went back (test failed, fixing again)', () => {
    const steps = railSteps({ phase: 'fix', phases: ['setup', 'fix', 'test'] });
    expect(steps.find((s) => s.current)?.phase).toBe('fix');
    expect(steps.filter((s) => s.passed).map((s) => s.phase)).toEqual(['setup', 'repro', 'fix', 'test']);
  });

  it('a blocked milestone marks the furthest step reached as blocked and current', () => {
    const steps = railSteps({ phase: 'blocked', phases: ['setup', 'repro', 'blocked'] });
    expect(steps.filter((s) => s.blocked).map((s) => s.phase)).toEqual(['repro']);
    expect(steps.filter((s) => s.current).map((s) => s.phase)).toEqual(['repro']);
    expect(steps.find((s) => s.phase === 'repro')?.reached).toBe(true);
  });

  it('blocked before any phase: the first step carries the mark, unreached', () => {
    const steps = railSteps({ phase: 'blocked', phases: ['blocked'] });
    expect(steps[0]).toMatchObject({ phase: 'setup', reached: false, current: true, blocked: true });
    expect(steps.filter((s) => s.blocked)).toHaveLength(1);
  });

  it('an agent blocked by a hook (session-joined stream) is blocked on its current phase', () => {
    const [rail] = issueRails([agent('claude:s1', { state: 'blocked', milestone: ms({ phase: 'test', phases: ['setup', 'test'] }) })]);
    expect(rail.blocked).toBe(true);
    expect(rail.steps.filter((s) => s.blocked).map((s) => s.phase)).toEqual(['test']);
  });

  it('lists only agents with milestone progress, blocked first, then running, newest first', () => {
    const rails = issueRails([
      agent('claude:plain'),
      stream('A', {}, 'done', '2026-11-21T12:00:00.000Z'),
      stream('B', {}, 'running', '2026-11-21T09:00:00.000Z'),
      stream('C', {}, 'running', '2026-11-21T11:00:00.000Z'),
      stream('D', { phase: 'blocked', phases: ['setup', 'blocked'] }, 'blocked', '2026-11-21T08:00:00.000Z'),
    ]);
    expect(rails.map((r) => r.issue)).toEqual(['D', 'C', 'B', 'A']);
    expect(rails[0]).toMatchObject({ agentId: 'milestone:D', blocked: true, phase: 'blocked', level: 'info', title: 'found it' });
  });

  it('links only http(s) PR URLs; anything else stays text', () => {
    const rails = issueRails([
      stream('A', { prUrl: 'https://github.com/acme/shop/pull/7' }),
      stream('B', { prUrl: 'javascript:alert(1)' }),
      stream('C', { prUrl: null }),
      stream('D', { prUrl: 'HTTP://example.com/pr/1' }),
    ]);
    const byIssue = Object.fromEntries(rails.map((r) => [r.issue, r]));
    expect(byIssue.A).toMatchObject({ prHref: 'https://github.com/acme/shop/pull/7', prText: null });
    expect(byIssue.B).toMatchObject({ prHref: null, prText: 'javascript:alert(1)' });
    expect(byIssue.C).toMatchObject({ prHref: null, prText: null });
    expect(byIssue.D.prHref).toBe('http://example.com/pr/1');
  });

  it('safeHttpUrl refuses other schemes and junk', () => {
    for (const bad of ['', 'data:text/html,x', 'javascript:alert(1)', ' vbscript:x', 'https://', 'ftp://x', '//evil.example', null, undefined]) expect(safeHttpUrl(bad)).toBeNull();
    expect(safeHttpUrl('http://localhost:3000/x?y=1')).toBe('http://localhost:3000/x?y=1');
  });

  it('clamps progress to 0..1', () => {
    expect(issueRails([stream('A', { progress: 1.5 })])[0].progress).toBe(1);
    expect(issueRails([stream('A', { progress: -1 })])[0].progress).toBe(0);
  });
});
