import { describe, expect, it } from 'vitest';
import type { MilestoneProgress } from '../../src/shared/agents';
import { issueTiles, localMidnight, opensPr } from '../../src/renderer/state/views/tiles';
import { agent } from './helpers/agents';

const ms = (over: Partial<MilestoneProgress>): MilestoneProgress => ({ issue: 'I', phase: 'fix', level: 'info', title: 't', prUrl: null, progress: 0.3, phases: ['fix'], ...over });

describe('issue tiles', () => {
  const now = new Date(2026, 10, 21, 15, 30).getTime(); // local time
  const todayIso = new Date(2026, 10, 21, 0, 5).toISOString();
  const yesterdayIso = new Date(2026, 10, 20, 23, 55).toISOString();

  it('local midnight is the start of the local day', () => {
    expect(localMidnight(now)).toBe(new Date(2026, 10, 21).getTime());
  });

  it('counts running and blocked over all agents, done since local midnight, and spend today from burn', () => {
    const t = issueTiles(
      [
        agent('a', { state: 'running' }),
        agent('b', { state: 'running' }),
        agent('c', { state: 'blocked' }),
        agent('d', { state: 'done', lastEventAt: todayIso }),
        agent('e', { state: 'done', lastEventAt: yesterdayIso }),
        agent('f', { state: 'done', lastEventAt: null }),
        agent('g', { state: 'idle', lastEventAt: todayIso }),
      ],
      { today: 12.5 },
      now,
    );
    expect(t).toEqual({ running: 2, blocked: 1, prsOpened: 0, doneToday: 1, spendToday: 12.5 });
  });

  it('spend today is null until stats arrive', () => {
    expect(issueTiles([], null, now).spendToday).toBeNull();
  });

  it('a PR counts once per stream with an http(s) pr_url or the pr phase reached', () => {
    expect(opensPr(agent('x'))).toBe(false);
    expect(opensPr(agent('x', { milestone: ms({ prUrl: 'https://github.com/a/b/pull/1' }) }))).toBe(true);
    expect(opensPr(agent('x', { milestone: ms({ phase: 'done', phases: ['fix', 'pr', 'done'] }) }))).toBe(true);
    expect(opensPr(agent('x', { milestone: ms({ phase: 'pr', phases: ['pr'] }) }))).toBe(true);
    expect(opensPr(agent('x', { milestone: ms({ prUrl: 'javascript:x' }) }))).toBe(false);
    const t = issueTiles(
      [
        agent('m1', { milestone: ms({ prUrl: 'https://github.com/a/b/pull/1', phases: ['pr'] }) }),
        agent('m2', { milestone: ms({ phases: ['fix'] }) }),
        agent('m3', { milestone: ms({ phases: ['pr', 'done'], phase: 'done' }) }),
      ],
      null,
      now,
    );
    expect(t.prsOpened).toBe(2);
  });
});
