import { describe, expect, it } from 'vitest';
import type { RegistryEntry } from '../../src/engine/liveness/claude-registry';
import { deriveState, type LivenessInput } from '../../src/engine/liveness/derive-state';

const NOW = 1_000_000_000;
const opts = { runningWindowMs: 90_000, doneAfterMs: 6 * 3600_000 };
const input = (over: Partial<LivenessInput>): LivenessInput => ({ marker: 'turn_end', lastEventAt: NOW - 1000, mtimeMs: NOW - 1000, isChild: false, hook: null, ...over });
const reg = (status: string, alive = true, waitingFor: string | null = null): RegistryEntry => ({
  pid: 1,
  sessionId: 's',
  status,
  waitingFor,
  cwd: null,
  alive,
  file: '/x',
});

describe('deriveState', () => {
  it('is running while the transcript was written within the window', () => {
    expect(deriveState(input({ mtimeMs: NOW - 89_000, lastEventAt: 0 }), undefined, NOW, opts)).toMatchObject({ state: 'running', evidence: 'mtime' });
  });

  it('is idle after a finished turn once the window has passed, and done for a finished sub-agent', () => {
    const quiet = { mtimeMs: NOW - 91_000, lastEventAt: NOW - 91_000 };
    expect(deriveState(input(quiet), undefined, NOW, opts)).toMatchObject({ state: 'idle', evidence: 'transcript' });
    expect(deriveState(input({ ...quiet, isChild: true }), undefined, NOW, opts).state).toBe('done');
  });

  it('is stale when silent mid-turn, failed after an API error, done when old', () => {
    const quiet = { mtimeMs: NOW - 600_000, lastEventAt: NOW - 600_000 };
    expect(deriveState(input({ ...quiet, marker: 'tool_pending' }), undefined, NOW, opts)).toMatchObject({ state: 'stale', reason: 'tool_pending' });
    expect(deriveState(input({ ...quiet, marker: 'api_error' }), undefined, NOW, opts).state).toBe('failed');
    expect(deriveState(input({ mtimeMs: NOW - 7 * 3600_000, lastEventAt: 0 }), undefined, NOW, opts).state).toBe('done');
    expect(deriveState(input({ mtimeMs: null, lastEventAt: null }), undefined, NOW, opts).state).toBe('done');
  });

  it('trusts a live registry entry over the mtime guess', () => {
    const old = input({ mtimeMs: NOW - 7 * 3600_000 });
    expect(deriveState(old, reg('busy'), NOW, opts)).toMatchObject({ state: 'running', evidence: 'registry' });
    expect(deriveState(input({}), reg('waiting', true, 'permission for Bash'), NOW, opts)).toMatchObject({ state: 'blocked', reason: 'permission' });
    expect(deriveState(input({}), reg('waiting'), NOW, opts)).toMatchObject({ state: 'blocked', reason: 'input' });
    expect(deriveState(input({}), reg('idle'), NOW, opts)).toMatchObject({ state: 'idle', evidence: 'registry' });
  });

  it('ignores a registry entry whose process is gone', () => {
    expect(deriveState(input({ mtimeMs: NOW - 600_000, lastEventAt: NOW - 600_000 }), reg('busy', false), NOW, opts).state).toBe('idle');
  });

  it('believes the agent\'s own hook until newer activity contradicts it', () => {
    const blocked = { state: 'blocked' as const, reason: 'permission', at: NOW - 30_000 };
    // The tool_use record landed just after the PermissionRequest hook: still blocked.
    expect(deriveState(input({ mtimeMs: NOW - 29_000, lastEventAt: NOW - 29_000, hook: blocked }), undefined, NOW, opts)).toMatchObject({ state: 'blocked', reason: 'permission', evidence: 'hook' });
    // The transcript moved on well after the hook (the tool ran): the hook no longer applies.
    expect(deriveState(input({ mtimeMs: NOW - 5_000, hook: blocked }), undefined, NOW, opts)).toMatchObject({ state: 'running', evidence: 'mtime' });
    // Stop: idle at once, although the transcript was written seconds ago.
    expect(deriveState(input({ mtimeMs: NOW - 2_000, hook: { state: 'idle', reason: null, at: NOW - 1_000 } }), undefined, NOW, opts)).toMatchObject({ state: 'idle', evidence: 'hook' });
    // SessionStart says running, but that decays like a write would.
    const started = { state: 'running' as const, reason: null, at: NOW - 200_000 };
    expect(deriveState(input({ mtimeMs: NOW - 300_000, lastEventAt: NOW - 300_000, hook: started }), undefined, NOW, opts).state).toBe('idle');
    // A live registry entry still outranks hooks.
    expect(deriveState(input({ hook: blocked }), reg('busy'), NOW, opts).state).toBe('running');
    // A blocked session that went silent for longer than doneAfter is done.
    expect(deriveState(input({ mtimeMs: NOW - 8 * 3600_000, lastEventAt: 0, hook: { ...blocked, at: NOW - 7 * 3600_000 } }), undefined, NOW, opts).state).toBe('done');
  });
});
