/**
 * What an agent is waiting for, remembered for a moment. A status event says only `blocked
 * (permission)`; the hook event just before it (PermissionRequest's tool, a Notification's own
 * text, a `blocked` milestone's title) says what for. Ingest emits the hook's events first and the
 * status change right after, so a hint is needed for a few milliseconds; it is kept a little
 * longer for the registry path, then forgotten.
 */
import type { LanternEvent } from '../../shared/events';

export interface WaitHint {
  at: number;
  /** The tool a PermissionRequest asks about. */
  tool?: string;
  /** A Notification's message ("Claude needs your permission to use Bash"). */
  message?: string;
  /** A `blocked` milestone's title. */
  milestoneTitle?: string;
}

export const HINT_TTL_MS = 30_000;
const MAX_HINTS = 1000;

/** The hint an event carries, or null. */
export function hintOf(e: LanternEvent, now: number): WaitHint | null {
  if (e.kind === 'system' && e.subtype === 'hook:PermissionRequest') {
    const tool = e.data?.tool;
    return typeof tool === 'string' && tool.trim() ? { at: now, tool } : null;
  }
  if (e.kind === 'notification' && e.message.trim()) return { at: now, message: e.message };
  if (e.kind === 'milestone' && e.phase === 'blocked') return { at: now, milestoneTitle: e.title };
  return null;
}

export interface Hints {
  note(agentId: string, hint: WaitHint): void;
  /** The agent's hint if still fresh; it is used once. */
  take(agentId: string, now: number): WaitHint | null;
}

export function createHints(ttlMs = HINT_TTL_MS): Hints {
  const hints = new Map<string, WaitHint>();
  return {
    note(agentId, hint) {
      // A PermissionRequest names the tool; the permission_prompt Notification after it only
      // repeats it in prose: keep the tool.
      const prev = hints.get(agentId);
      hints.delete(agentId);
      hints.set(agentId, prev?.tool && !hint.tool && hint.at - prev.at <= ttlMs ? { ...hint, tool: prev.tool } : hint);
      if (hints.size > MAX_HINTS) for (const [id, h] of hints) if (hint.at - h.at > ttlMs || hints.size > MAX_HINTS) hints.delete(id);
    },
    take(agentId, now) {
      const h = hints.get(agentId);
      hints.delete(agentId);
      return h && now - h.at <= ttlMs ? h : null;
    },
  };
}
