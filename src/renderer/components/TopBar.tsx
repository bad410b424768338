/** Brand, view tabs (1-5), the search field, and today's spend at a glance (agent counts are on the status rail). */
import { useApp } from '../context';
import { money } from '../format/format';
import { SEARCH_INPUT_ID } from '../keys/use-keys';
import { runSearch } from '../state/search';
import { VIEWS, type ViewName } from '../state/store';

const LABELS: Record<ViewName, string> = { agents: 'Agents', issues: 'Issues', live: 'Live', settings: 'Settings', jobs: 'Jobs' };

export function TopBar() {
  const { store, dispatch, client } = useApp();
  const view = store.view.value;
  const burn = store.burn.value;
  return (
    <header class="topbar">
      <span class="brand" aria-label="Lantern">◆ Lantern</span>
      <nav class="tabs" aria-label="Views">
        {VIEWS.map((v, i) => (
          <button
            type="button"
            key={v}
            class={v === view ? 'tab active' : 'tab'}
            aria-current={v === view ? 'page' : undefined}
            data-testid={`tab-${v}`}
            onClick={() => dispatch({ type: 'view', view: v })}
          >
            <kbd>{i + 1}</kbd> {LABELS[v]}
          </button>
        ))}
      </nav>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void runSearch(client, store, dispatch, store.filters.value.text);
        }}
      >
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          placeholder="Filter agents · Enter searches events  ( / )"
          aria-label="Filter agents, Enter to search events"
          autocomplete="off"
          spellcheck={false}
          value={store.filters.value.text}
          data-testid="search-input"
          onInput={(e) => {
            const text = (e.currentTarget as HTMLInputElement).value;
            dispatch({ type: 'filters', filters: { text } });
            if (!text) dispatch({ type: 'search', search: { query: '', status: 'idle', hits: [], error: null } });
          }}
        />
      </form>
      <div class="glance" data-testid="glance">
        <span class="glance-item" title="spend today">{money(burn?.today ?? null)} today</span>
        <button type="button" class="icon-button" aria-label="Keys (?)" onClick={() => dispatch({ type: 'help' })}>
          ?
        </button>
      </div>
    </header>
  );
}
