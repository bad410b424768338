/**
 * The one place the store changes. Each action is applied inside `batch`, so a burst of feed
 * events re-renders once, and only the components whose signals changed.
 */
import { batch } from '@preact/signals';
import type { AgentSummary } from '../../shared/agents';
import type { LanternEvent } from '../../shared/events';
import type { JobsSnapshot } from '../../shared/jobs';
import type { Action } from './actions';
import { RECENT_LIMIT, VIEWS, type Store } from './store';

/** Usage events show as cost; the live stream and the "recent" list leave them out. */
export const showsInStream = (e: LanternEvent): boolean => e.kind !== 'usage';

function appendRecent(current: readonly LanternEvent[], events: LanternEvent[]): readonly LanternEvent[] {
  const fresh = events.filter(showsInStream);
  if (fresh.length === 0) return current;
  const next = current.length + fresh.length > RECENT_LIMIT ? [...current, ...fresh].slice(-RECENT_LIMIT) : [...current, ...fresh];
  return next;
}

/** A status event changes an agent's state before its next summary arrives (summaries are coalesced). */
function applyStatuses(agents: ReadonlyMap<string, AgentSummary>, events: LanternEvent[]): ReadonlyMap<string, AgentSummary> {
  let next: Map<string, AgentSummary> | null = null;
  for (const e of events) {
    if (e.kind !== 'status') continue;
    const a = (next ?? agents).get(e.agentId);
    if (!a || (a.state === e.state && a.stateReason === (e.reason ?? null))) continue;
    next ??= new Map(agents);
    next.set(a.id, { ...a, state: e.state, stateReason: e.reason ?? null });
  }
  return next ?? agents;
}

/** Moves the jobs table's selection, in the order the engine sent the rows. */
function moveJobSelection(store: Store, to: (index: number, length: number) => number): void {
  const jobs = store.jobs.value?.jobs ?? [];
  if (jobs.length === 0) return;
  const current = jobs.findIndex((j) => j.id === store.jobSelectedId.value);
  const index = Math.max(0, Math.min(jobs.length - 1, to(current, jobs.length)));
  store.jobSelectedId.value = jobs[index].id;
}

/** A new jobs table: the selection stays on its job while it is listed, else the first row; a vanished job's log closes. */
function applyJobs(store: Store, snapshot: JobsSnapshot): void {
  store.jobs.value = snapshot;
  const has = (id: string | null) => id !== null && snapshot.jobs.some((j) => j.id === id);
  if (!has(store.jobSelectedId.value)) store.jobSelectedId.value = snapshot.jobs[0]?.id ?? null;
  if (store.jobOpenId.value !== null && !has(store.jobOpenId.value)) store.jobOpenId.value = null;
}

function moveSelection(store: Store, to: (index: number, length: number) => number): void {
  const rows = store.rows.value;
  if (rows.length === 0) return;
  const current = rows.findIndex((r) => r.agent.id === store.selectedId.value);
  const index = Math.max(0, Math.min(rows.length - 1, to(current, rows.length)));
  store.selectedId.value = rows[index].agent.id;
}

export function apply(store: Store, action: Action): void {
  batch(() => {
    switch (action.type) {
      case 'snapshot': {
        store.agents.value = new Map(action.agents.map((a) => [a.id, a]));
        store.health.value = action.health;
        store.recent.value = appendRecent([], action.recent);
        const last = action.recent[action.recent.length - 1];
        if (last && last.id > store.lastEventId.value) store.lastEventId.value = last.id;
        store.loaded.value = true;
        if (store.selectedId.value === null) store.selectedId.value = store.rows.value[0]?.agent.id ?? null;
        break;
      }
      case 'agents':
        store.agents.value = new Map(action.agents.map((a) => [a.id, a]));
        store.loaded.value = true;
        break;
      case 'events': {
        const events = action.events.filter((e) => e.id > store.lastEventId.value);
        if (events.length === 0) break;
        store.lastEventId.value = events[events.length - 1].id;
        store.recent.value = appendRecent(store.recent.value, events);
        store.agents.value = applyStatuses(store.agents.value, events);
        break;
      }
      case 'agent': {
        const next = new Map(store.agents.value);
        next.set(action.agent.id, action.agent);
        store.agents.value = next;
        if (store.selectedId.value === null) store.selectedId.value = action.agent.id;
        break;
      }
      case 'health':
        store.health.value = action.health;
        break;
      case 'stats':
        store.stats.value = action.stats;
        store.burn.value = action.stats.burn;
        break;
      case 'burn':
        store.burn.value = action.tick.burn;
        break;
      case 'settings':
        store.settings.value = action.view;
        break;
      case 'notify':
        store.notify.value = action.state;
        break;
      case 'channelStatus': {
        const n = store.notify.value;
        if (!n) break;
        const { status } = action;
        const listed = n.channels.some((c) => c.id === status.id);
        store.notify.value = { ...n, channels: listed ? n.channels.map((c) => (c.id === status.id ? status : c)) : [...n.channels, status] };
        break;
      }
      case 'connection':
        store.connection.value = action.state;
        break;
      case 'view':
        if (VIEWS.includes(action.view)) store.view.value = action.view;
        store.openId.value = null;
        break;
      case 'select':
        store.selectedId.value = action.id;
        break;
      case 'move':
        moveSelection(store, (i, n) => (i < 0 ? (action.by > 0 ? 0 : n - 1) : i + action.by));
        break;
      case 'moveTo':
        moveSelection(store, (_i, n) => (action.where === 'first' ? 0 : n - 1));
        break;
      case 'open': {
        const id = action.id ?? store.selectedId.value;
        if (id && store.agents.value.has(id)) {
          store.selectedId.value = id;
          store.openId.value = id;
          store.view.value = 'agents';
        }
        break;
      }
      case 'close':
        store.openId.value = null;
        break;
      case 'filters':
        store.filters.value = { ...store.filters.value, ...action.filters };
        break;
      case 'search':
        store.search.value = { ...store.search.value, ...action.search };
        break;
      case 'follow':
        store.follow.value = action.on ?? !store.follow.value;
        break;
      case 'help':
        store.helpOpen.value = action.open ?? !store.helpOpen.value;
        break;
      case 'notice':
        store.notice.value = action.text;
        break;
      case 'jobs':
        applyJobs(store, action.snapshot);
        break;
      case 'selectJob':
        store.jobSelectedId.value = action.id;
        break;
      case 'moveJob':
        moveJobSelection(store, (i, n) => (i < 0 ? (action.by > 0 ? 0 : n - 1) : i + action.by));
        break;
      case 'moveJobTo':
        moveJobSelection(store, (_i, n) => (action.where === 'first' ? 0 : n - 1));
        break;
      case 'openJob': {
        const id = action.id ?? store.jobSelectedId.value;
        if (id && store.jobs.value?.jobs.some((j) => j.id === id)) {
          store.jobSelectedId.value = id;
          store.jobOpenId.value = id;
        }
        break;
      }
      case 'closeJob':
        store.jobOpenId.value = null;
        break;
    }
  });
}
