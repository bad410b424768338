/**
 * The UI's state: a factory of signals (STYLE.md practice 9), passed through context, changed only
 * by `apply` (reducer.ts). Components read signals; only the rows a signal feeds re-render.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AgentSummary, Health } from '../../shared/agents';
import type { AgentState, AgentSource, LanternEvent } from '../../shared/events';
import type { JobsSnapshot } from '../../shared/jobs';
import type { NotifyState } from '../../shared/notify';
import type { SettingsView } from '../../shared/settings';
import type { Burn, LiveStats } from '../../shared/stats';
import type { ConnectionState } from '../transport/engine-client';
import { orderAgents, type AgentRowModel } from './agent-order';

/** In key order: 1 is agents, 5 is jobs. */
export const VIEWS = ['agents', 'issues', 'live', 'settings', 'jobs'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Filters {
  /** Matches project, title, model, id (the agent list), case-insensitive. */
  text: string;
  states: AgentState[];
  project: string | null;
  source: AgentSource | null;
  host: string | null;
}
export const NO_FILTERS: Filters = { text: '', states: [], project: null, source: null, host: null };

export interface SearchState {
  query: string;
  status: 'idle' | 'searching' | 'done' | 'error';
  hits: LanternEvent[];
  truncated: boolean;
  error: string | null;
}

export const RECENT_LIMIT = 100;

export interface Store {
  agents: Signal<ReadonlyMap<string, AgentSummary>>;
  /** True once the first agent list has arrived (tells "loading" from "nothing ever seen"). */
  loaded: Signal<boolean>;
  health: Signal<Health | null>;
  connection: Signal<ConnectionState>;
  /** The latest stored event id the UI has applied: the feed's resume point. */
  lastEventId: Signal<number>;
  /** The latest events across agents (no usage), oldest first, at most RECENT_LIMIT. */
  recent: Signal<readonly LanternEvent[]>;
  stats: Signal<LiveStats | null>;
  burn: Signal<Burn | null>;
  settings: Signal<SettingsView | null>;
  /** The notification pause and the off-machine channels' status, as last read or pushed; null until the first. */
  notify: Signal<NotifyState | null>;
  view: Signal<ViewName>;
  /** Highlighted row of the agent list. */
  selectedId: Signal<string | null>;
  /** Agent whose replay is open, or null. */
  openId: Signal<string | null>;
  filters: Signal<Filters>;
  search: Signal<SearchState>;
  /** Replay and live stream stick to the newest event. */
  follow: Signal<boolean>;
  helpOpen: Signal<boolean>;
  /** A message for the user that is not a connection problem (a failed request, a refused setting). */
  notice: Signal<string | null>;
  /** The scheduled agent jobs as the engine last checked them; null until the first read. */
  jobs: Signal<JobsSnapshot | null>;
  /** Highlighted row of the jobs table. */
  jobSelectedId: Signal<string | null>;
  /** Job whose log panel is open, or null. */
  jobOpenId: Signal<string | null>;
  /** The agent list as shown: filtered, ordered, sub-agents nested. */
  rows: ReadonlySignal<AgentRowModel[]>;
}

export function createStore(): Store {
  const agents = signal<ReadonlyMap<string, AgentSummary>>(new Map());
  const filters = signal<Filters>(NO_FILTERS);
  return {
    rows: computed(() => orderAgents(agents.value.values(), filters.value)),
    agents,
    loaded: signal(false),
    health: signal(null),
    connection: signal('connecting'),
    lastEventId: signal(0),
    recent: signal([]),
    stats: signal(null),
    burn: signal(null),
    settings: signal(null),
    notify: signal(null),
    view: signal('agents'),
    selectedId: signal(null),
    openId: signal(null),
    filters,
    search: signal({ query: '', status: 'idle', hits: [], truncated: false, error: null }),
    follow: signal(true),
    helpOpen: signal(false),
    notice: signal(null),
    jobs: signal(null),
    jobSelectedId: signal(null),
    jobOpenId: signal(null),
  };
}
