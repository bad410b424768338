/**
 * A fake clock and scheduler for the notify policy (time moves only when a test says so), and
 * builders for the events the policy reads, stamped with the fake time.
 */
import type { AgentState, LanternEvent, MilestoneData } from '../../src/shared/events';
import type { Clock } from '../../src/engine/clock';
import type { Scheduler } from '../../src/engine/notify';

export const T0 = Date.UTC(2026, 4, 1, 9, 0, 0);

export interface FakeTime {
  clock: Clock;
  scheduler: Scheduler;
  now(): number;
  /** Moves time forward, running every timer that comes due, in order. */
  advance(ms: number): void;
  /** Timers not yet run or cancelled. */
  pending(): number;
}

export function fakeTime(start = T0): FakeTime {
  let now = start;
  let seq = 0;
  const tasks: Array<{ at: number; seq: number; fn: () => void; cancelled: boolean }> = [];
  const live = () => tasks.filter((t) => !t.cancelled);
  return {
    clock: { now: () => now },
    scheduler: {
      after(ms, fn) {
        const task = { at: now + Math.max(0, ms), seq: seq++, fn, cancelled: false };
        tasks.push(task);
        return () => void (task.cancelled = true);
      },
    },
    now: () => now,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = live()
          .filter((t) => t.at <= end)
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        due.cancelled = true;
        now = Math.max(now, due.at);
        due.fn();
      }
      now = end;
    },
    pending: () => live().length,
  };
}

let nextId = 1;
const header = (agentId: string, at: number, source: LanternEvent['source']) => ({ id: nextId++, agentId, ts: new Date(at).toISOString(), source });

export function statusEvent(
  agentId: string,
  at: number,
  state: AgentState,
  o: { prev?: AgentState; reason?: string; evidence?: string } = {},
): LanternEvent {
  return { ...header(agentId, at, 'engine'), kind: 'status', state, prev: o.prev ?? 'running', evidence: o.evidence ?? 'hook', ...(o.reason ? { reason: o.reason } : {}) };
}

export function milestoneEvent(agentId: string, at: number, m: Partial<MilestoneData> & { title: string }): LanternEvent {
  return { ...header(agentId, at, 'milestone'), kind: 'milestone', issue: m.issue ?? 'ISSUE-1', phase: m.phase ?? 'fix', level: m.level ?? 'info', title: m.title, ...(m.prUrl ? { prUrl: m.prUrl } : {}) };
}

export function permissionRequestEvent(agentId: string, at: number, tool: string): LanternEvent {
  return { ...header(agentId, at, 'hook'), kind: 'system', subtype: 'hook:PermissionRequest', text: `${tool}: x`, data: { tool, input: 'x' } };
}

export function notificationEvent(agentId: string, at: number, type: string, message: string): LanternEvent {
  return { ...header(agentId, at, 'hook'), kind: 'notification', type, message };
}

export function stopFailureEvent(agentId: string, at: number, error: string): LanternEvent {
  return { ...header(agentId, at, 'hook'), kind: 'system', subtype: 'hook:StopFailure', text: error, data: { level: 'error', error } };
}

/** A scheduler that runs nothing by itself: `runPending()` runs what is queued now (for a real clock). */
export function manualScheduler(): { scheduler: Scheduler; runPending(): void; pending(): number } {
  let tasks: Array<{ fn: () => void; cancelled: boolean }> = [];
  return {
    scheduler: {
      after(_ms, fn) {
        const task = { fn, cancelled: false };
        tasks.push(task);
        return () => void (task.cancelled = true);
      },
    },
    runPending() {
      const now = tasks;
      tasks = [];
      for (const t of now) if (!t.cancelled) t.fn();
    },
    pending: () => tasks.filter((t) => !t.cancelled).length,
  };
}
