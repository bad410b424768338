/** Runs an event search and records it in the store; a newer search supersedes an older one. */
import type { EngineClient } from '../transport/engine-client';
import type { Dispatch } from './actions';
import type { Store } from './store';

export const MIN_SEARCH_CHARS = 2;

export async function runSearch(client: EngineClient, store: Store, dispatch: Dispatch, text: string): Promise<void> {
  const query = text.trim();
  if (query.length < MIN_SEARCH_CHARS) {
    dispatch({ type: 'search', search: { query, status: 'idle', hits: [], truncated: false, error: null } });
    return;
  }
  dispatch({ type: 'search', search: { query, status: 'searching', error: null } });
  try {
    const result = await client.searchEvents({ q: query, limit: 50 });
    if (store.search.value.query !== query) return;
    dispatch({ type: 'search', search: { status: 'done', hits: result.hits, truncated: result.truncated } });
  } catch (err) {
    if (store.search.value.query !== query) return;
    dispatch({ type: 'search', search: { status: 'error', hits: [], error: err instanceof Error ? err.message : String(err) } });
  }
}
