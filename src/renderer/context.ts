/** What every component may reach: the store (read), dispatch (change), the client (requests) and the feed. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Dispatch } from './state/actions';
import type { Feed, Shell } from './state/shell';
import type { Store } from './state/store';
import type { EngineClient } from './transport/engine-client';

export interface AppContextValue {
  store: Store;
  dispatch: Dispatch;
  client: EngineClient;
  feed: Feed;
  refreshStats: Shell['refreshStats'];
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useApp outside <AppContext.Provider>');
  return ctx;
}
