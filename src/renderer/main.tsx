/**
 * Entry point: pick the transport (the tray app's preload bridge when there is one, else HTTP +
 * SSE to the page's own origin), connect it to a fresh store, render.
 */
import { render } from 'preact';
import { BRIDGE_GLOBAL, type LanternBridge, type NavigateTarget } from '../shared/bridge';
import { App } from './components/App';
import { AppContext } from './context';
import { followAgentLinks, openAgentWhenKnown } from './state/deep-link';
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
  openAgentWhenKnown(store, shell.dispatch, to.agent);
});
/** Off-machine alerts link to `#agent=<id>`. */
followAgentLinks(window, store, shell.dispatch);

const root = document.getElementById('root');
if (root) {
  render(
    <AppContext.Provider value={{ store, dispatch: shell.dispatch, client, feed: shell.feed, refreshStats: shell.refreshStats }}>
      <App />
    </AppContext.Provider>,
    root,
  );
}
