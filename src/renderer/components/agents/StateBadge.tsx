/** The state pill: running pulses (about 1.5 s), blocked is its own colour and says why. */
import type { AgentSummary } from '../../../shared/agents';

const REASON_TEXT: Record<string, string> = { permission: 'needs permission', question: 'has a question', input: 'waiting for input' };

export function stateLabel(a: Pick<AgentSummary, 'state' | 'stateReason'>): string {
  if (a.state === 'blocked') return a.stateReason ? `blocked: ${REASON_TEXT[a.stateReason] ?? a.stateReason}` : 'blocked';
  return a.state;
}

export function StateBadge({ agent }: { agent: Pick<AgentSummary, 'state' | 'stateReason'> }) {
  return (
    <span class={`badge state-${agent.state}`} data-state={agent.state} title={stateLabel(agent)}>
      {agent.state === 'running' && <span class="pulse" aria-hidden="true" />}
      {stateLabel(agent)}
    </span>
  );
}
