import { describe, expect, it } from 'vitest';
import { filterChoices, orderAgents, projectOf } from '../../src/renderer/state/agent-order';
import { NO_FILTERS } from '../../src/renderer/state/store';
import { agent } from './helpers/agents';

const ids = (rows: ReturnType<typeof orderAgents>) => rows.map((r) => `${'  '.repeat(r.depth)}${r.agent.id}`);

describe('agent list order', () => {
  it('puts blocked first, then running, idle, failed, done, stale; newest first within a state', () => {
    const rows = orderAgents(
      [
        agent('done1', { state: 'done' }),
        agent('idle-old', { state: 'idle', lastEventAt: '2026-11-20T00:00:00.000Z' }),
        agent('run', { state: 'running' }),
        agent('idle-new', { state: 'idle', lastEventAt: '2026-11-21T11:00:00.000Z' }),
        agent('stale', { state: 'stale' }),
        agent('blocked', { state: 'blocked', stateReason: 'permission' }),
        agent('failed', { state: 'failed' }),
      ],
      NO_FILTERS,
    );
    expect(ids(rows)).toEqual(['blocked', 'run', 'idle-new', 'idle-old', 'failed', 'done1', 'stale']);
  });

  it('nests sub-agents under their parent, whatever their own state', () => {
    const rows = orderAgents(
      [agent('child', { parentId: 'parent', state: 'blocked' }), agent('other', { state: 'running' }), agent('parent', { state: 'idle' }), agent('grandchild', { parentId: 'child' })],
      NO_FILTERS,
    );
    expect(ids(rows)).toEqual(['other', 'parent', '  child', '    grandchild']);
  });

  it('shows a sub-agent on its own when its parent is unknown or filtered out', () => {
    const list = [agent('child', { parentId: 'parent', state: 'running' }), agent('parent', { state: 'done' }), agent('orphan', { parentId: 'gone' })];
    expect(ids(orderAgents(list, { ...NO_FILTERS, states: ['running'] }))).toEqual(['child']);
    expect(ids(orderAgents(list, NO_FILTERS))).toContain('orphan');
  });

  it('survives a parent cycle in bad data', () => {
    const rows = orderAgents([agent('a', { parentId: 'b' }), agent('b', { parentId: 'a' })], NO_FILTERS);
    expect(rows.length).toBeLessThanOrEqual(2);
  });

  it('filters by text, state, project, source and host', () => {
    const list = [
      agent('a1', { cwd: '/w/lantern', title: 'Fix the tray icon', host: 'laptop' }),
      agent('a2', { cwd: '/w/other', source: 'milestone', host: 'ci-runner' }),
      agent('a3', { cwd: '/w/lantern', state: 'blocked' }),
    ];
    const only = (f: Partial<typeof NO_FILTERS>) => orderAgents(list, { ...NO_FILTERS, ...f }).map((r) => r.agent.id);
    expect(only({ text: 'TRAY' })).toEqual(['a1']);
    expect(only({ states: ['blocked'] })).toEqual(['a3']);
    expect(only({ project: 'lantern' }).sort()).toEqual(['a1', 'a3']);
    expect(only({ source: 'milestone' })).toEqual(['a2']);
    expect(only({ host: 'ci-runner' })).toEqual(['a2']);
  });

  it('names the project after the last folder of the cwd, or the milestone issue', () => {
    expect(projectOf({ cwd: '/home/dev/work/lantern/' })).toBe('lantern');
    expect(projectOf({ cwd: 'C:\\work\\app' })).toBe('app');
    expect(projectOf({ cwd: null, milestone: { issue: 'ISSUE-7', phase: 'fix', level: 'info', title: '', prUrl: null, progress: 0, phases: [] } })).toBe('ISSUE-7');
  });

  it('offers each project, host and source once, sorted', () => {
    const c = filterChoices([agent('a', { cwd: '/x/b' }), agent('b', { cwd: '/y/a' }), agent('c', { cwd: '/z/b', host: 'zed' })]);
    expect(c.projects).toEqual(['a', 'b']);
    expect(c.hosts).toEqual(['devbox', 'zed']);
    expect(c.sources).toEqual(['claude']);
  });
});
