/**
 * Pushes from main to the window, held until the renderer says it is ready (STYLE.md practice 8,
 * fiddle's IpcMainManager queue), then: the stored events after the renderer's cursor, read from
 * the store in pages, then what was held, then live. The same resume rule as the SSE stream
 * (src/engine/ingest/sse.ts): every event goes through `lastSent`, so none is sent twice or
 * skipped. Pure: the window's `send` and the store's `eventsAfter` come in, no electron here.
 *
 * Bounded memory: held events past `maxHeldEvents` are thrown away (they are in the store: the
 * replay reads it again before going live). Other pushes are kept as their latest value only (one
 * per agent for `agent`), which bounds them by the number of agents.
 */
import type { LanternEvent } from '../../shared/events';
import type { EngineEventMap } from '../../shared/contract';
import type { NavigateTarget, PushName } from '../../shared/bridge';

export type PushMap = { [K in PushName]: EngineEventMap[K] } & { navigate: NavigateTarget };
export type PushKey = keyof PushMap;
export type SendPush = <K extends PushKey>(name: K, payload: PushMap[K]) => void;

export const DEFAULT_MAX_HELD_EVENTS = 10_000;
export const REPLAY_PAGE_SIZE = 1000;
/** Agent summaries are coalesced per agent and sent at most this often (as the SSE stream does). */
export const AGENT_FLUSH_MS = 250;

export interface PushFeedOptions {
  send: SendPush;
  /** Stored events with id > afterId, ascending, at most `limit`. */
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  maxHeldEvents?: number;
  pageSize?: number;
  agentFlushMs?: number;
  /** Runs the next replay page later, so a long replay does not block main (default setImmediate). */
  defer?: (fn: () => void) => void;
  onError?: (err: unknown) => void;
}

export type FeedState = 'waiting' | 'replaying' | 'live';

export interface PushFeed {
  push<K extends PushKey>(name: K, payload: PushMap[K]): void;
  /** The renderer has subscribed and read up to `afterId`: replay, flush what was held, go live. */
  ready(afterId: number): void;
  /** The renderer is (re)loading: hold pushes again until its next `ready`. */
  reset(): void;
  close(): void;
  state(): FeedState;
}

/** Pushes kept as their latest value while held, in the order they are flushed. */
const LATEST_ONLY = ['settings', 'notify', 'health', 'burn', 'jobs', 'navigate'] as const;
type LatestKey = (typeof LATEST_ONLY)[number];

export function createPushFeed(opts: PushFeedOptions): PushFeed {
  const maxHeld = opts.maxHeldEvents ?? DEFAULT_MAX_HELD_EVENTS;
  const pageSize = opts.pageSize ?? REPLAY_PAGE_SIZE;
  const defer = opts.defer ?? ((fn) => void setImmediate(fn));
  const onError = opts.onError ?? (() => {});

  let state: FeedState = 'waiting';
  let closed = false;
  /** Bumped by ready/reset/close: a replay page of an older generation stops. */
  let generation = 0;
  let lastSent = 0;
  let held: LanternEvent[] = [];
  let heldOverflow = false;
  const agents = new Map<string, EngineEventMap['agent']>();
  let agentTimer: ReturnType<typeof setTimeout> | null = null;
  const latest = new Map<LatestKey, PushMap[LatestKey]>();

  const sendEvents = (events: readonly LanternEvent[]) => {
    const fresh = events.filter((e) => e.id > lastSent);
    if (fresh.length === 0) return;
    lastSent = fresh[fresh.length - 1].id;
    opts.send('events', fresh);
  };
  const flushAgents = () => {
    agentTimer = null;
    if (closed || state !== 'live') return;
    const batch = [...agents.values()];
    agents.clear();
    for (const a of batch) opts.send('agent', a);
  };
  const hold = (events: readonly LanternEvent[]) => {
    for (const e of events) held.push(e); // no spread: an indexing batch can be huge
    if (held.length > maxHeld) {
      held = [];
      heldOverflow = true;
    }
  };

  const goLive = () => {
    state = 'live';
    const rest = held;
    held = [];
    sendEvents(rest);
    flushAgents();
    for (const key of LATEST_ONLY) {
      const value = latest.get(key);
      if (value === undefined) continue;
      latest.delete(key);
      (opts.send as (k: LatestKey, v: unknown) => void)(key, value);
    }
  };

  const replayPage = (gen: number) => {
    if (closed || gen !== generation) return;
    heldOverflow = false;
    let page: LanternEvent[];
    try {
      page = opts.eventsAfter(lastSent, pageSize);
    } catch (err) {
      onError(err);
      return goLive();
    }
    sendEvents(page);
    // A short page means the store had nothing more, unless held events overflowed meanwhile.
    if (page.length >= pageSize || heldOverflow) return defer(() => replayPage(gen));
    goLive();
  };

  return {
    push(name, payload) {
      if (closed) return;
      if (name === 'events') {
        const events = payload as PushMap['events'];
        return state === 'live' ? sendEvents(events) : hold(events);
      }
      if (name === 'agent') {
        const agent = payload as PushMap['agent'];
        agents.delete(agent.id); // re-inserted last: flushed in the order of their latest update
        agents.set(agent.id, agent);
        if (state === 'live') agentTimer ??= setTimeout(flushAgents, opts.agentFlushMs ?? AGENT_FLUSH_MS);
        return;
      }
      if (state === 'live') return opts.send(name, payload);
      latest.set(name as LatestKey, payload as PushMap[LatestKey]);
    },
    ready(afterId) {
      if (closed) return;
      generation++;
      state = 'replaying';
      lastSent = afterId;
      replayPage(generation);
    },
    reset() {
      generation++;
      state = 'waiting';
      if (agentTimer) clearTimeout(agentTimer);
      agentTimer = null;
    },
    close() {
      closed = true;
      generation++;
      if (agentTimer) clearTimeout(agentTimer);
      held = [];
      agents.clear();
      latest.clear();
    },
    state: () => state,
  };
}
