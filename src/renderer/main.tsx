/**
 * Entry point: pick the transport (the tray app's preload bridge when there is one, else HTTP +
 * SSE to the page's own origin), connect it to a fresh store, render.
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { BRIDGE_GLOBAL, type LanternBridge, type NavigateTarget } from '../shared/bridge';
import { App } from './components/App';
import { AppContext } from './context';
import { startShell } from './state/shell';
import { createStore } from './state/store';
import { createHttpClient } from './transport/http-client';
import { createIpcClient } from './transport/ipc-client';
import type { EngineClient } from './transport/engine-client';
import './styles/app.css';

const bridge = (window as unknown as Record<string, LanternBridge | undefined>)[BRIDGE_GLOBAL];
const client: EngineClient = bridge ? createIpcClient(bridge) : createHttpClient();
const store = createStore();
const shell = startShell(client, store);

/** The tray app asks for a view or an agent (tray menu, notification click): open it once the list knows it. */
bridge?.onNavigate?.((to: NavigateTarget) => {
  if ('view' in to) return shell.dispatch({ type: 'view', view: to.view });
  let opened = false;
  const stop = effect(() => {
    if (opened || !store.agents.value.has(to.agent)) return;
    opened = true;
    // Outside the effect: the dispatch writes signals this effect reads.
    queueMicrotask(() => {
      stop();
      shell.dispatch({ type: 'open', id: to.agent });
    });
  });
  setTimeout(() => {
    if (!opened) stop();
  }, 10_000);
});

const root = document.getElementById('root');
if (root) {
  render(
    <AppContext.Provider value={{ store, dispatch: shell.dispatch, client, feed: shell.feed, refreshStats: shell.refreshStats }}>
      <App />
    </AppContext.Provider>,
    root,
  );
}
