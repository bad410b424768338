/** Event search results (Enter in the search field): one line each, click or Enter opens the agent. */
import { useApp } from '../../context';
import { clockTime } from '../../format/format';
import { eventSummary, KIND_LABEL } from '../../format/event-summary';
import { projectOf } from '../../state/agent-order';
import { visibleControls } from '../../text/ansi';

export function SearchHits() {
  const { store, dispatch } = useApp();
  const s = store.search.value;
  if (s.status === 'idle') return null;
  return (
    <section class="search-hits" aria-label="Event search results" data-testid="search-hits">
      <header>
        {s.status === 'searching' && <span>Searching events for “{s.query}”…</span>}
        {s.status === 'error' && <span class="error-text">Search failed: {s.error}</span>}
        {s.status === 'done' && (
          <span>
            {s.hits.length} event{s.hits.length === 1 ? '' : 's'} matching “{s.query}”{s.truncated ? ' (older events not searched)' : ''}
          </span>
        )}
        <button type="button" class="chip" onClick={() => dispatch({ type: 'search', search: { status: 'idle', hits: [], query: '' } })}>
          close
        </button>
      </header>
      <ul>
        {s.hits.map((e) => {
          const agent = store.agents.value.get(e.agentId);
          return (
            <li key={e.id}>
              <button type="button" class={`hit kind-${e.kind}`} data-testid="search-hit" onClick={() => dispatch({ type: 'open', id: e.agentId })}>
                <span class="time">{clockTime(e.ts)}</span>
                <span class="kind">{KIND_LABEL[e.kind]}</span>
                <span class="project">{visibleControls(agent ? projectOf(agent) : e.agentId)}</span>
                <span class="summary">{eventSummary(e)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
