/** State chips and project / source / host menus for the agent list. */
import { AGENT_STATES, type AgentSource, type AgentState } from '../../../shared/events';
import { useApp } from '../../context';
import { filterChoices } from '../../state/agent-order';
import { NO_FILTERS } from '../../state/store';

export function FilterBar() {
  const { store, dispatch } = useApp();
  const f = store.filters.value;
  const choices = filterChoices(store.agents.value.values());
  const toggle = (s: AgentState) =>
    dispatch({ type: 'filters', filters: { states: f.states.includes(s) ? f.states.filter((x) => x !== s) : [...f.states, s] } });
  const select = (label: string, value: string | null, options: string[], set: (v: string | null) => void, testId: string) => (
    <label class="filter-select">
      <span>{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => set((e.currentTarget as HTMLSelectElement).value || null)}>
        <option value="">all</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
  const active = f.states.length > 0 || f.project || f.source || f.host || f.text;
  return (
    <div class="filter-bar" role="group" aria-label="Filters" data-testid="filter-bar">
      {AGENT_STATES.map((s) => (
        <button type="button" key={s} class={`chip state-${s}`} aria-pressed={f.states.includes(s)} data-testid={`filter-state-${s}`} onClick={() => toggle(s)}>
          {s}
        </button>
      ))}
      {select('project', f.project, choices.projects, (project) => dispatch({ type: 'filters', filters: { project } }), 'filter-project')}
      {select('source', f.source, choices.sources, (source) => dispatch({ type: 'filters', filters: { source: source as AgentSource | null } }), 'filter-source')}
      {select('host', f.host, choices.hosts, (host) => dispatch({ type: 'filters', filters: { host } }), 'filter-host')}
      {active && (
        <button type="button" class="chip clear" onClick={() => dispatch({ type: 'filters', filters: NO_FILTERS })}>
          clear
        </button>
      )}
      <span class="count" aria-live="polite">
        {store.rows.value.length} of {store.agents.value.size}
      </span>
    </div>
  );
}
