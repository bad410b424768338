/** View 1: filters, event search hits, the agent list, or how to connect an agent when none was ever seen. */
import { useApp } from '../../context';
import { EmptyState } from '../views/EmptyState';
import { AgentList } from './AgentList';
import { FilterBar } from './FilterBar';
import { SearchHits } from './SearchHits';

export function AgentsView() {
  const { store } = useApp();
  if (store.loaded.value && store.agents.value.size === 0) return <EmptyState />;
  return (
    <section class="agents-view" aria-label="Agents">
      <FilterBar />
      <SearchHits />
      {!store.loaded.value ? <p class="muted">Loading agents…</p> : store.rows.value.length === 0 ? <p class="muted">No agent matches these filters.</p> : <AgentList />}
    </section>
  );
}
