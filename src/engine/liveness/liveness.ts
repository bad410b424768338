/**
 * Keeps every agent's state current: re-derives it on a timer (states decay with time: running
 * → idle/stale/done) and right after new lines land. Each change is stored as a `status` event
 * and published on the bus.
 */
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import { readClaudeRegistry, type RegistryEntry } from './claude-registry';
import type { AgentRow } from '../store/agent-rows';
import { deriveState, type DerivedState, type LivenessOptions } from './derive-state';

export interface LivenessDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  claudeRoots: () => readonly string[];
  /** Transcript mtime by path, as last seen by the ingest loop. */
  mtimeOf: (path: string) => number | null;
  /** Read at every evaluation: the running window is a setting that can change while the engine runs. */
  options: () => LivenessOptions;
}

export interface Liveness {
  /** Re-derive every agent (or the given ones) now. */
  evaluate(ids?: Iterable<string>): void;
  /** Read Claude Code's session registry again (it changed on disk). */
  refreshRegistry(): void;
  registry(): ReadonlyMap<string, RegistryEntry>;
  start(intervalMs: number): void;
  stop(): void;
}

/**
 * A milestone stream has no transcript to watch: the last phase it reported holds (a long `fix`
 * between two reports is still running) until it has been silent for `doneAfter`.
 */
function milestoneState(row: AgentRow, now: number, doneAfterMs: number): DerivedState {
  if (row.hookState && row.hookAt !== null && now - row.hookAt <= doneAfterMs) {
    return { state: row.hookState, reason: row.hookReason, evidence: 'hook' };
  }
  return { state: 'done', reason: null, evidence: 'age' };
}

export function createLiveness(deps: LivenessDeps): Liveness {
  let registry = new Map<string, RegistryEntry>();
  let timer: NodeJS.Timeout | null = null;

  function evaluateRow(row: AgentRow, now: number, options: LivenessOptions): void {
    // Codex rollouts and Gemini chats carry the same evidence as Claude transcripts (turn markers,
    // writes, hooks), so every transcript source goes through the same rules.
    const derived = row.source === 'milestone' ? milestoneState(row, now, options.doneAfterMs) : deriveState(
      {
        marker: row.marker,
        lastEventAt: row.lastEventAt,
        mtimeMs: row.transcript ? deps.mtimeOf(row.transcript) : null,
        isChild: row.parentId !== null,
        hook: row.hookState && row.hookAt !== null ? { state: row.hookState, reason: row.hookReason, at: row.hookAt } : null,
      },
      row.parentId === null && row.sessionId ? registry.get(row.sessionId) : undefined,
      now,
      options,
    );
    const changed = deps.store.setState(row.id, derived.state, derived.reason, derived.evidence, now);
    if (!changed) return;
    deps.bus.emit('events', changed.events);
    for (const a of changed.agents) deps.bus.emit('agent', a);
  }

  /** Every agent (on the timer), or just the given ones: a hook or an append names one or two, looked up by id. */
  function evaluate(ids?: Iterable<string>) {
    const now = deps.clock.now();
    const options = deps.options();
    if (!ids) {
      for (const row of deps.store.agentRows()) evaluateRow(row, now, options);
      return;
    }
    for (const id of new Set(ids)) {
      const row = deps.store.agentRow(id);
      if (row) evaluateRow(row, now, options);
    }
  }

  return {
    evaluate,
    refreshRegistry() {
      registry = readClaudeRegistry(deps.claudeRoots());
    },
    registry: () => registry,
    start(intervalMs) {
      registry = readClaudeRegistry(deps.claudeRoots());
      evaluate();
      timer = setInterval(() => {
        registry = readClaudeRegistry(deps.claudeRoots());
        evaluate();
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
