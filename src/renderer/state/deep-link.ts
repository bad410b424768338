/**
 * Links into the dashboard. Off-machine alerts (webhook, ntfy, Slack, Discord, email) link to
 * `<dashboard>/#agent=<url-encoded agent id>`; on load and on `hashchange` such a hash opens that
 * agent's replay (the same `open` action the agent list and the tray's navigate use), and is then
 * cleared with `history.replaceState`, so a reload does not open it again.
 */
import { effect } from '@preact/signals';
import type { Dispatch } from './actions';
import type { Store } from './store';

/** The agent id of a `#agent=<id>` hash (URL-encoded), or null for any other hash. */
export function parseAgentHash(hash: string): string | null {
  const m = /^#?agent=(.+)$/.exec(hash);
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]);
    return id.trim() === '' ? null : id;
  } catch {
    return null; // A malformed escape (`%E0%A4%A`) names no agent.
  }
}

/** How long to wait for an agent the list does not know yet (the first read, or indexing). */
export const OPEN_WAIT_MS = 10_000;

/**
 * Opens an agent's replay as soon as the agent list knows it; calls `onMissing` if it does not
 * within `waitMs`. Returns a cancel function.
 */
export function openAgentWhenKnown(store: Store, dispatch: Dispatch, id: string, onMissing?: () => void, waitMs = OPEN_WAIT_MS): () => void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = effect(() => {
    if (done || !store.agents.value.has(id)) return;
    done = true;
    // Outside the effect: the dispatch writes signals this effect reads.
    queueMicrotask(() => {
      stop();
      if (timer) clearTimeout(timer);
      dispatch({ type: 'open', id });
    });
  });
  timer = setTimeout(() => {
    if (done) return;
    done = true;
    stop();
    onMissing?.();
  }, waitMs);
  return () => {
    done = true;
    stop();
    if (timer) clearTimeout(timer);
  };
}

/** The few parts of `window` the hash handling uses (a fake in tests). */
export interface HashWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

/** Follows `#agent=` links now and on every `hashchange`. Returns a stop function. */
export function followAgentLinks(win: HashWindow, store: Store, dispatch: Dispatch): () => void {
  let cancel: (() => void) | null = null;
  const check = () => {
    const id = parseAgentHash(win.location.hash);
    if (id === null) return;
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    cancel?.();
    cancel = openAgentWhenKnown(store, dispatch, id, () => dispatch({ type: 'notice', text: `The linked agent ${id} is not in the list.` }));
  };
  check();
  win.addEventListener('hashchange', check);
  return () => {
    win.removeEventListener('hashchange', check);
    cancel?.();
  };
}
