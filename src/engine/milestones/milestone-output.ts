/**
 * One validated milestone → what the store commits: a `milestone` event, the agent it belongs to
 * with its progress, and the state the reporter asserted (through `hook`, the same channel Claude
 * Code hooks use, so liveness weighs it the same way).
 */
import type { MilestoneProgress } from '../../shared/agents';
import type { AgentState } from '../../shared/events';
import { NO_ISSUE, type MilestoneInput } from '../../shared/schemas/milestone';
import { newParseOutput, type AgentPatch, type HookState, type ParseOutput } from '../adapters/types';
import { nextProgress } from './progress';

/** `milestone:<issue>`, or the Claude session the reporter runs in. */
export function milestoneAgentId(m: MilestoneInput): string {
  return m.session ? `claude:${m.session}` : `milestone:${m.issue}`;
}

/**
 * The state a milestone asserts. `blocked` waits for a person (reason `input`); `done` ends the
 * stream. An `error` level on any other phase is still running: reporters send "tests failed"
 * and carry on fixing, so an error report is information, not the end (the level is shown with
 * the milestone, and the notifier alerts on it).
 */
export function milestoneState(m: MilestoneInput): { state: AgentState; reason: string | null } {
  if (m.phase === 'blocked') return { state: 'blocked', reason: 'input' };
  if (m.phase === 'done') return { state: 'done', reason: null };
  return { state: 'running', reason: null };
}

export function milestoneOutput(m: MilestoneInput, prev: MilestoneProgress | undefined, now: number): ParseOutput {
  const out = newParseOutput();
  const agentId = milestoneAgentId(m);
  const { state, reason } = milestoneState(m);
  const hook: HookState = { state, reason, at: now };
  const milestone = nextProgress(prev, m);
  const patch: AgentPatch = m.session
    ? // The transcript owns a Claude session's title; the milestone only adds progress and state.
      { id: agentId, source: 'claude', sessionId: m.session, startedAt: now, hook, meta: { milestone } }
    : {
        id: agentId,
        source: 'milestone',
        startedAt: now,
        hook,
        meta: { milestone },
        // Named streams are titled by their issue, once; the no-issue stream by its latest report.
        title: m.issue === NO_ISSUE ? { text: m.title.slice(0, 120), priority: 1 } : { text: m.issue, priority: 3 },
      };
  out.agents.set(agentId, patch);
  out.events.push({
    agentId,
    kind: 'milestone',
    ts: now,
    source: 'milestone',
    data: { issue: m.issue, phase: m.phase, level: m.level, title: m.title, ...(m.prUrl ? { prUrl: m.prUrl } : {}) },
  });
  return out;
}
