/**
 * What agents push to Lantern over HTTP (milestones, Claude Code hooks), into the same store and
 * onto the same bus as transcript events. Synchronous on purpose: a commit is one small SQLite
 * transaction, so the route can answer as soon as the data is safe, and nothing here awaits.
 */
import type { MilestoneInput } from '../../shared/schemas/milestone';
import type { ParseOutput } from '../adapters/types';
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { ClaudeHookPayload } from '../hooks/claude-hook-schema';
import { claudeHookOutput } from '../hooks/claude-hooks';
import type { CodexHookPayload } from '../hooks/codex-hook-schema';
import { codexHookOutput } from '../hooks/codex-hooks';
import type { Liveness } from '../liveness/liveness';
import { milestoneAgentId, milestoneOutput } from '../milestones/milestone-output';
import type { CommitResult, Store } from '../store/store';

export interface DirectIngestDeps {
  store: Store;
  bus: Bus;
  liveness: Liveness;
  clock: Clock;
}

export interface DirectIngest {
  /** Store one validated milestone; returns its event's store id. */
  milestone(input: MilestoneInput): { id: number };
  /** Apply one validated Claude Code hook payload. */
  claudeHook(payload: ClaudeHookPayload): void;
  /** Apply one validated Codex notify / hook payload. */
  codexHook(payload: CodexHookPayload): void;
}

export function createDirectIngest(deps: DirectIngestDeps): DirectIngest {
  const { store, bus, liveness, clock } = deps;

  /** Commit, publish like the file ingest loop does (store first, then bus), then re-derive state at once. */
  function commit(output: ParseOutput, agentIds: string[]): CommitResult {
    const committed = store.commit(output);
    if (committed.events.length) bus.emit('events', committed.events);
    for (const agent of committed.agents) bus.emit('agent', agent);
    liveness.evaluate(agentIds);
    return committed;
  }

  return {
    milestone(input) {
      const id = milestoneAgentId(input);
      const output = milestoneOutput(input, store.agentRow(id)?.meta.milestone, clock.now());
      const committed = commit(output, [id]);
      const event = committed.events.find((e) => e.kind === 'milestone');
      if (!event) throw new Error('the milestone event was not stored');
      return { id: event.id };
    },
    claudeHook(payload) {
      const { output, agentId, timing } = claudeHookOutput(payload, clock.now());
      const patch = output.agents.get(agentId);
      // The file the watcher reads is the transcript of record; a hook's path (possibly from
      // another machine, or spelled differently) only fills in an agent that has none.
      if (patch?.transcript !== undefined && store.agentRow(agentId)?.transcript) delete patch.transcript;
      // Timing first: a hook that beats the transcript creates the tool_calls row the transcript's
      // tool_call and tool_result then find (one call, the hook's duration).
      if (timing) store.recordToolTiming(agentId, timing);
      commit(output, [agentId]);
      if (payload.hook_event_name === 'PermissionRequest' && payload.tool_name) {
        store.markPermissionRequested(agentId, payload.tool_name, clock.now());
      }
    },
    codexHook(payload) {
      const { output, agentId, timing, permissionTools } = codexHookOutput(payload, clock.now());
      const patch = output.agents.get(agentId);
      // As for Claude: the rollout the watcher reads is the transcript of record.
      if (patch?.transcript !== undefined && store.agentRow(agentId)?.transcript) delete patch.transcript;
      if (timing) store.recordToolTiming(agentId, timing);
      commit(output, [agentId]);
      for (const name of permissionTools) store.markPermissionRequested(agentId, name, clock.now());
    },
  };
}
