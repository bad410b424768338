/**
 * The notify policy (DESIGN.md "Rules that do not bend: Notifications"): watches the bus for live
 * events and decides what to tell a person, once, for every notifier (native notifications in the
 * tray app, node-notifier under `lantern serve`, the SSE stream). Its rules, in the order applied:
 *
 * - Live only: nothing before the initial index is done (`goLive`), nothing stamped more than
 *   `historyMs` ago, no state read from files nobody touched lately (decide.ts). A restart replays
 *   history, so it never resends; PR URLs already known at go-live are never announced again.
 * - Each kind can be switched off in settings (read at every decision: a change applies at once),
 *   for this machine's notifications (`kinds`) and for each off-machine channel (its own `kinds`):
 *   a candidate counts when anyone wants its kind. The alert for the channels holds every wanted
 *   kind (`deliver`); the one on the bus (`alert`: native notifications, the SSE stream) holds only
 *   the kinds this machine's settings want. The pause, throttle and coalescing are the same for all.
 * - Paused: dropped, not queued.
 * - Coalesced: what is decided within `coalesceMs` goes out as one alert ("3 agents need you").
 *   That window also lets a blocked agent that is answered at once (a permission granted in the
 *   terminal) go unannounced: a state alert is sent only if the state still holds.
 * - Throttled per agent: after an alert about an agent, more about it within `throttleSec` are
 *   held, and sent when the window ends if they are still true (a second permission prompt the
 *   person has not answered is not lost; one already answered is not announced).
 */
import type { AgentSummary } from '../../shared/agents';
import type { AgentState, LanternEvent } from '../../shared/events';
import type { ChannelStatus } from '../../shared/channels';
import type { Alert, NotifyState, PauseRequest } from '../../shared/notify';
import { NOTIFY_KINDS, type NotifyKind, type Settings } from '../../shared/settings';
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { toAlert } from './coalesce';
import { decide, httpUrl, isFresh, mayAlert, type Candidate } from './decide';
import { createHints, hintOf } from './hints';
import { createPause } from './pause';
import { createRecentAlerts } from './recent-alerts';
import type { Scheduler } from './scheduler';

/** Short enough that a blocked agent reaches a phone within a second (issue 9), long enough to merge a burst. */
export const COALESCE_MS = 500;
export const HISTORY_MS = 2 * 60_000;
/** Candidates held per agent during its throttle window (the newest kept). */
const MAX_HELD = 8;
/** PR keys remembered; the oldest are forgotten past this. */
const MAX_PR_KEYS = 10_000;

/** What the policy needs to know about every agent, cheap to list (the store's rows, not summaries). */
export interface AgentFacts {
  id: string;
  state: AgentState | null;
  /** ms */
  lastEventAt: number | null;
  prUrl: string | null;
}

export interface NotifyPolicyDeps {
  bus: Bus;
  clock: Clock;
  scheduler: Scheduler;
  logger: Logger;
  /** Read at every decision. */
  settings(): Settings['notifications'];
  agentOf(id: string): AgentSummary | null;
  /** Every agent in brief, read at start (states already told) and at go-live (PR URLs already reported). */
  agents(): Iterable<AgentFacts>;
  /** Where a pause is kept across restarts; null keeps it in memory. */
  pauseFile: string | null;
  /** Kinds some off-machine channel wants now (besides `settings().kinds`); none by default. */
  channelKinds?(): ReadonlySet<NotifyKind>;
  /**
   * Hands a decided burst to the off-machine channels: `alertFor(kinds)` is the alert made of the
   * burst's candidates of those kinds (null when none), so each channel gets exactly its kinds.
   */
  deliver?(alertFor: (kinds: ReadonlySet<NotifyKind>) => Alert | null): void;
  /** The channels' delivery state, for `state()`. */
  channelStatus?(): ChannelStatus[];
  coalesceMs?: number;
  historyMs?: number;
}

export interface NotifyPolicy {
  /** The initial index is done: from now on, events are news. */
  goLive(): void;
  isLive(): boolean;
  state(): NotifyState;
  /** Puts the current state on the bus (`notify`): the channels' status changed. */
  announce(): void;
  /** Throws `PauseError` for a request the rules refuse. */
  pause(request: PauseRequest): NotifyState;
  /** One of the last 50 alerts, by id (a notification click). */
  alertById(id: number): Alert | null;
  /** The last 50 alerts, oldest first. */
  recent(): Alert[];
  stop(): void;
}

export function createNotifyPolicy(deps: NotifyPolicyDeps): NotifyPolicy {
  const { bus, clock, scheduler, logger } = deps;
  const coalesceMs = deps.coalesceMs ?? COALESCE_MS;
  const historyMs = deps.historyMs ?? HISTORY_MS;
  const hints = createHints();
  const recent = createRecentAlerts();
  const notifyState = (): NotifyState => ({ ...pause.state(), channels: deps.channelStatus?.() ?? [] });
  const pause = createPause({ clock, scheduler, file: deps.pauseFile, logger, onChange: () => bus.emit('notify', notifyState()) });
  const prSeen = new Set<string>();
  const lastSent = new Map<string, number>();
  const held = new Map<string, { candidates: Candidate[]; cancel: () => void }>();
  let batch: Candidate[] = [];
  let cancelBatch: (() => void) | null = null;
  let live = false;
  let nextId = 1;

  /** Timer callbacks run outside the bus: a bug here must be logged, never crash the process. */
  const guarded = (what: string, fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      logger.error(`notify ${what} failed`, { err: String(err) });
    }
  };

  const throttleMs = () => deps.settings().throttleSec * 1000;
  const wanted = (kind: NotifyKind) => deps.settings().kinds[kind] || (deps.channelKinds?.().has(kind) ?? false);
  const stillTrue = (c: Candidate) => c.state === undefined || deps.agentOf(c.agentId)?.state === c.state;

  /**
   * The states worth an alert that agents had when this run started (the store remembers them). A
   * restart re-derives states from files, and one can pass through another state and come back
   * (failed → running by a recent mtime → failed again): with nothing new from the agent since
   * the start, that is the old news, already told by the run before.
   */
  const atStart = new Map<string, { state: AgentState; lastEventAt: number | null }>();
  for (const a of deps.agents()) if (a.state === 'blocked' || a.state === 'failed' || a.state === 'done') atStart.set(a.id, { state: a.state, lastEventAt: a.lastEventAt });
  const isStartState = (c: Candidate) => {
    const s = atStart.get(c.agentId);
    if (s === undefined || s.state !== c.state) return false;
    const last = deps.agentOf(c.agentId)?.lastEventAt;
    return (last ? Date.parse(last) : null) === s.lastEventAt;
  };

  function markPr(agentId: string, key: string): boolean {
    const k = `${agentId}\n${key}`;
    if (prSeen.has(k)) return false;
    prSeen.add(k);
    if (prSeen.size > MAX_PR_KEYS) prSeen.delete(prSeen.values().next().value as string);
    return true;
  }

  function flush(): void {
    cancelBatch = null;
    const candidates = batch;
    batch = [];
    // Settings and the pause may have changed during the window, and the state may have moved on.
    if (pause.isPaused()) return;
    const sendable = candidates.filter((c) => wanted(c.kind) && stillTrue(c));
    if (!sendable.length) return;
    const now = clock.now();
    for (const c of sendable) lastSent.set(c.agentId, now);
    if (lastSent.size > 10_000) for (const [id, at] of lastSent) if (now - at > 3600_000) lastSent.delete(id);
    // One alert per set of kinds asked for: channels wanting the same kinds share it (and its id).
    const made = new Map<string, Alert | null>();
    const alertFor = (kinds: ReadonlySet<NotifyKind>): Alert | null => {
      const key = [...kinds].sort().join(',');
      if (!made.has(key)) {
        const mine = sendable.filter((c) => kinds.has(c.kind));
        made.set(key, mine.length ? toAlert(mine, nextId++, now) : null);
      }
      return made.get(key) ?? null;
    };
    deps.deliver?.(alertFor);
    // This machine's own notifiers see only the kinds its settings want.
    const settingsKinds = deps.settings().kinds;
    const local = alertFor(new Set(NOTIFY_KINDS.filter((k) => settingsKinds[k])));
    if (!local) return;
    recent.add(local);
    bus.emit('alert', local);
  }

  function addToBatch(c: Candidate): void {
    batch.push(c);
    cancelBatch ??= scheduler.after(coalesceMs, guarded('flush', flush));
  }

  function hold(c: Candidate, releaseAt: number): void {
    let h = held.get(c.agentId);
    if (!h) {
      h = { candidates: [], cancel: scheduler.after(releaseAt - clock.now(), guarded('release', () => release(c.agentId))) };
      held.set(c.agentId, h);
    }
    h.candidates.push(c);
    if (h.candidates.length > MAX_HELD) h.candidates.shift();
  }

  function release(agentId: string): void {
    const h = held.get(agentId);
    held.delete(agentId);
    if (!h) return;
    const last = lastSent.get(agentId);
    // The throttle setting may have grown meanwhile: wait out the new window.
    if (last !== undefined && clock.now() - last < throttleMs()) {
      for (const c of h.candidates) hold(c, last + throttleMs());
      return;
    }
    // Dropped during a pause like everything else; kinds and state are checked when the batch goes out.
    if (pause.isPaused()) return;
    for (const c of h.candidates) addToBatch(c);
  }

  function offer(c: Candidate, now: number): void {
    if (isStartState(c)) return;
    // Once per agent and URL, whatever happens to this one: a later report repeating the URL is not news.
    if (c.kind === 'pr' && !markPr(c.agentId, c.prKey ?? '')) return;
    if (!wanted(c.kind) || pause.isPaused()) return;
    if (batch.some((b) => b.agentId === c.agentId)) return addToBatch(c);
    const last = lastSent.get(c.agentId);
    if (last !== undefined && now - last < throttleMs()) return hold(c, last + throttleMs());
    addToBatch(c);
  }

  function onEvent(e: LanternEvent): void {
    const now = clock.now();
    // Cheap checks first: most events (prompts, tool calls, usage) are neither hints nor alerts.
    const hint = hintOf(e, now);
    const alerting = mayAlert(e);
    if ((!hint && !alerting) || !isFresh(e, now, historyMs)) return;
    if (hint) hints.note(e.agentId, hint);
    if (!alerting) return;
    const waiting = e.kind === 'status' && e.state === 'blocked';
    const candidates = decide(e, { now, historyMs, agent: deps.agentOf(e.agentId), hint: waiting ? hints.take(e.agentId, now) : null });
    for (const c of candidates) offer(c, now);
  }

  const unsubscribe = bus.on('events', (events) => {
    // Indexing emits huge batches of history: not even a look before go-live.
    if (!live) return;
    for (const e of events) onEvent(e);
  });

  return {
    goLive() {
      if (live) return;
      for (const a of deps.agents()) if (a.prUrl) markPr(a.id, httpUrl(a.prUrl) ?? a.prUrl);
      live = true;
    },
    isLive: () => live,
    state: notifyState,
    announce: () => bus.emit('notify', notifyState()),
    pause: (request) => {
      pause.set(request);
      return notifyState();
    },
    alertById: (id) => recent.byId(id),
    recent: () => recent.list(),
    stop() {
      unsubscribe();
      cancelBatch?.();
      cancelBatch = null;
      batch = [];
      for (const h of held.values()) h.cancel();
      held.clear();
      pause.stop();
    },
  };
}
