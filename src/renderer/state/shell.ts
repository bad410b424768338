/**
 * Connects a transport to the store (STYLE.md practice 10): snapshot first, then the live feed
 * from the snapshot's last event id, so nothing falls between the two. Feed events are applied
 * once per animation frame, so an indexing burst of thousands of events is one render, not
 * thousands. After a reconnect the agent list, health, the notify state and the jobs table are read again (their
 * updates carry no id and are not replayed); events resume from the last id without gaps or
 * duplicates.
 */
import type { LanternEvent } from '../../shared/events';
import type { EngineClient } from '../transport/engine-client';
import type { Action, Dispatch } from './actions';
import { apply } from './reducer';
import { RECENT_LIMIT, type Store } from './store';

export type EventsListener = (events: LanternEvent[]) => void;

export interface Feed {
  /** Every event the store applies, in id order, after the store has it. Returns an unsubscribe. */
  on(listener: EventsListener): () => void;
}

export interface Shell {
  dispatch: Dispatch;
  feed: Feed;
  /** Reads live stats now (views showing stats call it on a timer while they are visible). */
  refreshStats(window?: string): Promise<void>;
  stop(): void;
}

export interface ShellOptions {
  /** Health poll interval; faster while indexing. */
  healthMs?: number;
  indexingHealthMs?: number;
  /** Schedules a flush of queued feed events (requestAnimationFrame in a page). */
  schedule?: (fn: () => void) => void;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function startShell(client: EngineClient, store: Store, opts: ShellOptions = {}): Shell {
  const listeners = new Set<EventsListener>();
  const dispatch: Dispatch = (action: Action) => apply(store, action);
  const schedule = opts.schedule ?? ((fn) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16)));
  let stopped = false;
  let stopFeed: (() => void) | null = null;
  let healthTimer: ReturnType<typeof setTimeout> | null = null;

  let queued: LanternEvent[] = [];
  let flushPending = false;
  const flush = () => {
    flushPending = false;
    if (stopped || queued.length === 0) return;
    const batch = queued;
    queued = [];
    dispatch({ type: 'events', events: batch });
    for (const l of listeners) l(batch);
  };
  const enqueue = (events: LanternEvent[]) => {
    for (const e of events) queued.push(e);
    if (!flushPending) {
      flushPending = true;
      schedule(flush);
    }
  };

  const report = (err: unknown) => dispatch({ type: 'notice', text: errorText(err) });

  const pollHealth = async () => {
    healthTimer = null;
    if (stopped) return;
    try {
      dispatch({ type: 'health', health: await client.health() });
    } catch {
      // The feed's connection state already tells the user the engine is unreachable.
    }
    if (stopped) return;
    const indexing = store.health.value?.indexing.done === false;
    healthTimer = setTimeout(pollHealth, indexing ? (opts.indexingHealthMs ?? 1000) : (opts.healthMs ?? 5000));
  };

  const loadJobs = () =>
    client.listJobs().then((snapshot) => {
      if (!stopped) dispatch({ type: 'jobs', snapshot });
    }, report);

  const loadNotify = () =>
    client.notifyState().then((state) => {
      if (!stopped) dispatch({ type: 'notify', state });
    }, report);

  let everLive = false;
  const resync = async () => {
    void loadJobs();
    void loadNotify();
    try {
      const [{ agents }, health] = await Promise.all([client.listAgents(), client.health()]);
      dispatch({ type: 'agents', agents });
      dispatch({ type: 'health', health });
    } catch (err) {
      report(err);
    }
  };

  const start = async () => {
    try {
      const [health, { agents }, { events }] = await Promise.all([client.health(), client.listAgents(), client.recentEvents({ limit: RECENT_LIMIT })]);
      if (stopped) return;
      dispatch({ type: 'snapshot', agents, health, recent: events });
      client.getSettings().then((view) => dispatch({ type: 'settings', view }), report);
      void loadNotify();
      void loadJobs();
    } catch (err) {
      report(err);
    }
    if (stopped) return;
    stopFeed = client.connect(store.lastEventId.value, {
      events: enqueue,
      agent: (agent) => dispatch({ type: 'agent', agent }),
      burn: (tick) => dispatch({ type: 'burn', tick }),
      settings: (view) => dispatch({ type: 'settings', view }),
      notify: (state) => dispatch({ type: 'notify', state }),
      jobs: (snapshot) => dispatch({ type: 'jobs', snapshot }),
      connection: (state) => {
        dispatch({ type: 'connection', state });
        if (state !== 'live') return;
        if (everLive || !store.loaded.value) void resync();
        everLive = true;
      },
    });
    void pollHealth();
  };
  void start();

  return {
    dispatch,
    feed: {
      on(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    async refreshStats(window) {
      try {
        dispatch({ type: 'stats', stats: await client.liveStats(window ? { window } : {}) });
      } catch (err) {
        report(err);
      }
    },
    stop() {
      stopped = true;
      stopFeed?.();
      if (healthTimer) clearTimeout(healthTimer);
      listeners.clear();
    },
  };
}
