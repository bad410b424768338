/** The replay's header: back, the agent (project, title, state), cost, model, counts, follow. */
import { useApp } from '../../context';
import { money, shortModel } from '../../format/format';
import { projectOf } from '../../state/agent-order';
import { visibleControls } from '../../text/ansi';
import { StateBadge } from '../agents/StateBadge';
import type { RateLimits } from '../../../shared/agents';

const pct = (v: number | null) => (v === null ? '–' : `${v}%`);
const windowName = (min: number | null) => (min === null ? 'window' : min % 1440 === 0 ? `${min / 1440} d window` : min % 60 === 0 ? `${min / 60} h window` : `${min} min window`);

/** "15% of the 5 h window used (resets …); 3.5% of the 7 d window …", from the agent's latest report. */
function limitsTitle(r: RateLimits): string {
  const part = (p: number | null, min: number | null, resets: string | null) => `${pct(p)} of the ${windowName(min)} used${resets ? ` (resets ${resets})` : ''}`;
  return `Usage limits: ${part(r.primaryPct, r.primaryWindowMin, r.primaryResetsAt)}; ${part(r.secondaryPct, r.secondaryWindowMin, r.secondaryResetsAt)}`;
}

/** `total`: the replay's length once known (null while the first page loads). */
export function ReplayHeader({ agentId, total }: { agentId: string; total: number | null }) {
  const { store, dispatch } = useApp();
  const agent = store.agents.value.get(agentId);
  const follow = store.follow.value;
  const model = agent?.models[agent.models.length - 1];
  return (
    <header class="replay-head" data-testid="replay-head">
      <button type="button" class="replay-back" data-testid="replay-back" title="Back to the agents (Esc)" onClick={() => dispatch({ type: 'close' })}>
        <span aria-hidden="true">← </span>Agents
      </button>
      {agent ? (
        <>
          <StateBadge agent={agent} />
          <h1 class="replay-title">
            <span class="project" title={agent.cwd ?? undefined}>
              {visibleControls(projectOf(agent))}
            </span>
            <span class="title">{visibleControls(agent.title ?? agent.milestone?.title ?? agent.id)}</span>
          </h1>
          <span class="replay-facts">
            {model && <span title={agent.models.join(', ')}>{shortModel(model)}</span>}
            <span title={agent.usage.costSource === 'estimate' ? 'estimated from tokens' : agent.usage.costSource} data-testid="replay-cost">
              {money(agent.usage.displayCostUsd)}
            </span>
            <span data-testid="replay-count">{`${(total ?? agent.counts.events).toLocaleString('en-US')} events`}</span>
            <span>{`${agent.counts.toolCalls.toLocaleString('en-US')} tool ${agent.counts.toolCalls === 1 ? 'call' : 'calls'}`}</span>
            {agent.counts.toolErrors > 0 && <span class="error-text">{`${agent.counts.toolErrors.toLocaleString('en-US')} ${agent.counts.toolErrors === 1 ? 'error' : 'errors'}`}</span>}
            {agent.rateLimits && (
              <span data-testid="replay-limits" title={limitsTitle(agent.rateLimits)}>
                {`limits ${pct(agent.rateLimits.primaryPct)} / ${pct(agent.rateLimits.secondaryPct)}`}
              </span>
            )}
          </span>
        </>
      ) : (
        <h1 class="replay-title">
          <span class="title">{visibleControls(agentId)}</span>
        </h1>
      )}
      <button
        type="button"
        class="follow-toggle"
        data-testid="follow-toggle"
        aria-pressed={follow ? 'true' : 'false'}
        title="Keep the newest event in view (f)"
        onClick={() => dispatch({ type: 'follow' })}
      >
        follow
      </button>
    </header>
  );
}
