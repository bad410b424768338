/**
 * Entry point: pick the transport (the tray app's preload bridge when there is one, else HTTP +
 * SSE to the page's own origin), connect it to a fresh store, render.
 */
import { render } from 'preact';
import { BRIDGE_GLOBAL, type LanternBridge } from '../shared/bridge';
import { App } from './components/App';
import { AppContext } from './context';
import { startShell } from './state/shell';
import { createStore } from './state/store';
import { createHttpClient } from './transport/http-client';
import { createIpcClient } from './transport/ipc-client';
import type { EngineClient } from './transport/engine-client';
import './styles/app.css';

function pickClient(): EngineClient {
  const bridge = (window as unknown as Record<string, LanternBridge | undefined>)[BRIDGE_GLOBAL];
  return bridge ? createIpcClient(bridge) : createHttpClient();
}

const client = pickClient();
const store = createStore();
const shell = startShell(client, store);
const root = document.getElementById('root');
if (root) {
  render(
    <AppContext.Provider value={{ store, dispatch: shell.dispatch, client, feed: shell.feed, refreshStats: shell.refreshStats }}>
      <App />
    </AppContext.Provider>,
    root,
  );
}
