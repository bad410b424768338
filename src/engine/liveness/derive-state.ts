/**
 * Agent state from evidence, most trusted first (DESIGN.md "Pipeline"): Claude Code's session
 * registry for a live process → what the agent's own hooks last said, while nothing newer
 * contradicts it → recent writes to the transcript → the transcript's own markers.
 * Pure, so every rule is tested with an injected clock.
 */
import type { AgentState } from '../../shared/events';
import type { HookState, TurnMarker } from '../adapters/types';
import type { RegistryEntry } from './claude-registry';

export interface LivenessInput {
  marker: TurnMarker | null;
  /** Latest record timestamp in the transcript. */
  lastEventAt: number | null;
  /** Transcript file mtime. */
  mtimeMs: number | null;
  /** Sub-agents and background tasks never wait for a prompt: a finished turn means done. */
  isChild: boolean;
  /** The last state the agent's hooks (or milestones) asserted. */
  hook: HookState | null;
}

export interface LivenessOptions {
  runningWindowMs: number;
  /** After this long without writes an agent is done, whatever its last marker. */
  doneAfterMs: number;
}

export interface DerivedState {
  state: AgentState;
  reason: string | null;
  evidence: 'registry' | 'hook' | 'mtime' | 'transcript' | 'age';
}

/**
 * Transcript writes this soon after a hook do not contradict it: Claude Code writes transcripts
 * asynchronously, so the record that led to a PermissionRequest or Stop can land just after it.
 */
export const HOOK_SLACK_MS = 2000;

export function deriveState(input: LivenessInput, registry: RegistryEntry | undefined, now: number, opts: LivenessOptions): DerivedState {
  if (registry?.alive) {
    switch (registry.status) {
      case 'busy':
        return { state: 'running', reason: null, evidence: 'registry' };
      case 'waiting':
        return { state: 'blocked', reason: blockedReason(registry.waitingFor), evidence: 'registry' };
      case 'shell': // running a `!` shell command for the user: neither working nor waiting
      case 'idle':
        return { state: 'idle', reason: null, evidence: 'registry' };
    }
  }
  const last = Math.max(input.mtimeMs ?? 0, input.lastEventAt ?? 0);
  const hook = input.hook;
  if (hook && last <= hook.at + HOOK_SLACK_MS && now - hook.at <= opts.doneAfterMs) {
    // Nothing happened since the agent told us its state: believe it. `running` still decays
    // with the running window (a killed session sends no SessionEnd).
    if (hook.state !== 'running') return { state: hook.state, reason: hook.reason, evidence: 'hook' };
    if (now - hook.at <= opts.runningWindowMs) return { state: 'running', reason: null, evidence: 'hook' };
  }
  const age = now - last;
  if (last > 0 && age <= opts.runningWindowMs) return { state: 'running', reason: null, evidence: 'mtime' };
  if (input.marker === 'api_error') return { state: 'failed', reason: 'api_error', evidence: 'transcript' };
  if (last === 0 || age > opts.doneAfterMs) return { state: 'done', reason: null, evidence: 'age' };
  if (input.marker === 'turn_end') return { state: input.isChild ? 'done' : 'idle', reason: null, evidence: 'transcript' };
  // Mid-turn (a prompt unanswered, a tool without result) and silent: the process likely died.
  return { state: 'stale', reason: input.marker, evidence: 'transcript' };
}

function blockedReason(waitingFor: string | null): string {
  if (!waitingFor) return 'input';
  const w = waitingFor.toLowerCase();
  if (w.includes('permission') || w.includes('approval') || w.includes('tool')) return 'permission';
  if (w.includes('question') || w.includes('elicitation')) return 'question';
  return 'input';
}
