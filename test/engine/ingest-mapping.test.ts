/** The pure halves of the push ingest: milestone validation and progress, hook → state. */
import { describe, expect, it } from 'vitest';
import { claudeHookSchema } from '../../src/engine/hooks/claude-hook-schema';
import { hookAssertedState } from '../../src/engine/hooks/claude-hook-state';
import { claudeHookOutput } from '../../src/engine/hooks/claude-hooks';
import { nextProgress } from '../../src/engine/milestones/progress';
import { parseMilestone, type MilestoneInput } from '../../src/shared/schemas/milestone';

const hook = (extra: Record<string, unknown>) => claudeHookSchema.parse({ session_id: 's-1', hook_event_name: 'Stop', ...extra });
const m = (phase: MilestoneInput['phase'], extra: Partial<MilestoneInput> = {}): MilestoneInput => ({ issue: 'I', phase, level: 'info', title: phase, ...extra });

describe('parseMilestone', () => {
  it('normalizes: trims, cuts the title, "" issue and pr_url mean none, numbers are issue names', () => {
    const r = parseMilestone({ phase: ' PR ', level: 'Success', title: `  ${'t'.repeat(1500)} `, issue: '', pr_url: '', session: '' });
    expect(r).toEqual({ ok: true, value: { issue: '-', phase: 'pr', level: 'success', title: 't'.repeat(1000) } });
    expect(parseMilestone({ phase: 'fix', level: 'info', title: 'x', issue: 42 })).toMatchObject({ ok: true, value: { issue: '42' } });
  });

  it('names every bad field and what the first one accepts', () => {
    const r = parseMilestone({ phase: 'ship', level: 'loud' });
    expect(r).toMatchObject({ ok: false, accepted: ['setup', 'repro', 'fix', 'test', 'lint', 'pr', 'blocked', 'done'] });
    if (!r.ok) expect(r.detail.split('; ')).toHaveLength(3);
  });
});

describe('nextProgress', () => {
  it('keeps the furthest rail position, the phases in first-arrival order and the PR URL', () => {
    let p = nextProgress(undefined, m('repro'));
    p = nextProgress(p, m('pr', { prUrl: 'https://x.test/1' }));
    p = nextProgress(p, m('test'));
    p = nextProgress(p, m('blocked'));
    p = nextProgress(p, m('repro'));
    expect(p).toEqual({ issue: 'I', phase: 'repro', level: 'info', title: 'repro', prUrl: 'https://x.test/1', progress: 5 / 6, phases: ['repro', 'pr', 'test', 'blocked'] });
  });

  it('starts a fresh rail when a session moves to another issue', () => {
    const p = nextProgress(nextProgress(undefined, m('pr', { prUrl: 'https://x.test/1' })), m('setup', { issue: 'J' }));
    expect(p).toMatchObject({ issue: 'J', progress: 0, phases: ['setup'], prUrl: null });
  });
});

describe('Claude Code hook mapping', () => {
  it.each([
    [{ hook_event_name: 'PermissionRequest' }, 'blocked', 'permission'],
    [{ hook_event_name: 'Notification', notification_type: 'agent_needs_input' }, 'blocked', 'question'],
    [{ hook_event_name: 'Notification', notification_type: 'agent_completed' }, null, null],
    [{ hook_event_name: 'Notification', message: 'Claude is waiting for your input' }, 'blocked', 'input'],
    [{ hook_event_name: 'SubagentStop' }, null, null], // no agent_id: must not end the main session
    [{ hook_event_name: 'SubagentStop', agent_id: 'a1' }, 'done', null],
    [{ hook_event_name: 'SomethingNew' }, null, null],
  ])('%j → %s (%s)', (payload, state, reason) => {
    const s = hookAssertedState(hook(payload));
    expect(s ? [s.state, s.reason] : [null, null]).toEqual([state, reason]);
  });

  it('reads wrong-typed optional fields as absent instead of failing the hook', () => {
    const p = hook({ hook_event_name: 'PostToolUse', tool_use_id: 7, duration_ms: '12', cwd: ['x'], agent_id: '../x' });
    expect(p).toMatchObject({ tool_use_id: undefined, duration_ms: undefined, cwd: undefined, agent_id: undefined });
    const r = claudeHookOutput(p, 1000);
    expect(r.agentId).toBe('claude:s-1');
    expect(r.timing).toBeNull();
    expect(r.output.events).toEqual([]);
  });

  it('routes hooks fired inside a sub-agent to it, with the main transcript left out', () => {
    const r = claudeHookOutput(hook({ hook_event_name: 'PreToolUse', agent_id: 'a1', transcript_path: '/t/main.jsonl', tool_use_id: 'tu', tool_name: 'Grep' }), 1000);
    expect(r.agentId).toBe('claude:s-1/a1');
    expect(r.output.agents.get('claude:s-1/a1')).toMatchObject({ parentId: 'claude:s-1', hook: { state: 'running', at: 1000 } });
    expect(r.output.agents.get('claude:s-1/a1')).not.toHaveProperty('transcript');
    expect(r.timing).toEqual({ toolUseId: 'tu', name: 'Grep', startedAt: 1000 });
  });
});
