/**
 * `GET /api/stream`: the bus as Server-Sent Events, with `Last-Event-ID` resume.
 *
 * Resume without gap or duplicate: subscribe to the bus first, then page through the store from
 * the client's cursor, holding live events back meanwhile; once the store has nothing more, send
 * the held events whose id is above the last one sent, and go live. Every message goes through
 * `lastSent`, so no id is ever sent twice.
 *
 * Bounded memory (DESIGN.md "Bus consumers never block producers"): live messages produced in one
 * loop turn are written as one chunk; a client whose unsent buffer is already above
 * `maxBufferedBytes` is dropped (it reconnects with Last-Event-ID and replays from the store).
 * Replay itself waits for `drain`, so a backlog is streamed, never held whole in the socket.
 *
 * Besides stored events, three named messages with no `id:` line (they are not stored events, so
 * the client's Last-Event-ID, and with it the resume point, stays on the last stored event):
 * `burn_tick`, `agent` (an AgentSummary; coalesced per agent and sent at most every
 * `AGENT_FLUSH_MS`, because indexing emits thousands of agent updates a second) and `settings`
 * (a SettingsView, when settings change), `alert` (an Alert the notify policy sent, so a browser
 * can show it), `notify` (the NotifyState, when a pause starts or ends) and `jobs` (the
 * JobsSnapshot, when a check finds the table changed). Agent updates during a replay are dropped:
 * a client that reconnects re-reads the agent list. The latest settings, notify state and jobs
 * during a replay are sent once the replay is done, and so are the alerts (the last
 * few: an alert is momentary, a pile of them after a long replay is not news).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AgentSummary } from '../../shared/agents';
import type { EngineEventMap } from '../../shared/contract';
import type { LanternEvent } from '../../shared/events';
import type { Alert } from '../../shared/notify';
import type { BurnTick } from '../../shared/stats';
import type { Bus } from '../bus';
import type { Logger } from '../logger';
import { parseEventId } from './event-query';
import { HttpError } from './respond';

export const DEFAULT_KEEPALIVE_MS = 15_000;
export const DEFAULT_SSE_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
export const REPLAY_PAGE_SIZE = 1000;
/** Agent summaries are coalesced per stream and flushed at most this often. */
export const AGENT_FLUSH_MS = 250;
/** Client reconnect delay we ask EventSource for. */
const RETRY_MS = 2000;
/** Replay writes in chunks of about this size, waiting for `drain` in between. */
const REPLAY_CHUNK_BYTES = 64 * 1024;
/**
 * Live events held during a replay. Past this the held events are thrown away: they are in the
 * store, and the replay reads the store again before it goes live, so nothing is lost.
 */
const MAX_HELD_EVENTS = 10_000;
/** Alerts held during a replay, the newest kept. */
const MAX_HELD_ALERTS = 20;

export interface SseOptions {
  bus: Bus;
  /** Store events with id > afterId, ascending, at most `limit`. */
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  logger: Logger;
  keepaliveMs: number;
  maxBufferedBytes: number;
  /** Agent summary coalescing interval; default `AGENT_FLUSH_MS`. */
  agentFlushMs?: number;
}

export interface SseHub {
  /** Starts a stream. Throws `HttpError` 400 (before writing anything) on a bad cursor. */
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void;
  /** Ends every open stream now, so the server can close promptly. */
  closeAll(): void;
  /** Open streams. */
  size(): number;
}

const format = (e: LanternEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;
/**
 * A burn tick is not a stored event: a named message with no `id:` line, so the client's
 * Last-Event-ID (and so its resume point) stays on the last stored event.
 */
const formatBurn = (t: BurnTick): string => `event: burn_tick\ndata: ${JSON.stringify(t)}\n\n`;
const formatAgent = (a: AgentSummary): string => `event: agent\ndata: ${JSON.stringify(a)}\n\n`;
const formatAlert = (a: Alert): string => `event: alert\ndata: ${JSON.stringify(a)}\n\n`;
/** Named messages where only the newest value matters: sent as they come, the newest of each held during a replay. */
const LATEST_ONLY = ['settings', 'notify', 'jobs'] as const;
type LatestName = (typeof LATEST_ONLY)[number];
const formatNamed =
  (name: LatestName) =>
  (value: EngineEventMap[LatestName]): string =>
    `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;

/** Serializes each payload once however many streams send it (one bus emit, one object). */
function sharedFormat<T extends object>(format: (value: T) => string): (value: T) => string {
  const cache = new WeakMap<T, string>();
  return (value) => {
    let text = cache.get(value);
    if (text === undefined) cache.set(value, (text = format(value)));
    return text;
  };
}

/** The resume point: `Last-Event-ID` (what EventSource sends), else `?after=`, else live only. */
function readCursor(req: IncomingMessage, query: URLSearchParams): number | null {
  const header = req.headers['last-event-id'];
  const fromHeader = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
  const text = fromHeader ?? query.get('after') ?? undefined;
  if (text === undefined) return null;
  const id = parseEventId(text);
  if (id === null) {
    const name = fromHeader !== undefined ? 'Last-Event-ID' : 'after';
    throw new HttpError(400, 'bad query', `${name} must be a non-negative integer event id`, {
      'Last-Event-ID': 'event id to resume after',
      after: 'event id to resume after, for clients that cannot set headers; 0 replays everything',
    });
  }
  return id;
}

export function createSseHub(opts: SseOptions): SseHub {
  const clients = new Set<() => void>();
  /**
   * Every live stream gets the same event objects from one bus emit: serialize each once, not once
   * per stream (with 100 streams `JSON.stringify` was most of the hub's time). Weak, so an entry
   * goes with its event.
   */
  const formatShared = sharedFormat(format);
  const burnText = sharedFormat(formatBurn);
  const agentText = sharedFormat(formatAgent);
  const alertText = sharedFormat(formatAlert);
  const latestText = new Map(LATEST_ONLY.map((name) => [name, sharedFormat(formatNamed(name))]));

  function start(res: ServerResponse, cursor: number | null): void {
    let closed = false;
    let lastSent = cursor ?? -1;
    let replaying = cursor !== null;
    let held: LanternEvent[] = [];
    let heldOverflow = false;
    let queue: string[] = [];
    let flushTimer: NodeJS.Immediate | null = null;
    let agents = new Map<string, AgentSummary>();
    let agentTimer: NodeJS.Timeout | null = null;
    let heldAlerts: Alert[] = [];
    const heldLatest = new Map<LatestName, EngineEventMap[LatestName]>();

    const cleanup = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      unsubscribeBurn();
      unsubscribeAgent();
      unsubscribeAlert();
      for (const off of unsubscribeLatest) off();
      clearInterval(keepalive);
      if (flushTimer) clearImmediate(flushTimer);
      if (agentTimer) clearTimeout(agentTimer);
      queue = [];
      held = [];
      heldAlerts = [];
      agents = new Map();
      clients.delete(stop);
    };
    // closeAll: drop the connection outright; a graceful end would wait on slow clients.
    const stop = () => {
      cleanup();
      res.destroy();
    };

    const flush = () => {
      flushTimer = null;
      if (closed || queue.length === 0) return;
      if (res.writableLength > opts.maxBufferedBytes) {
        opts.logger.warn('sse client too slow, dropped', { buffered: res.writableLength, limit: opts.maxBufferedBytes });
        return stop();
      }
      const chunk = queue.join('');
      queue = [];
      res.write(chunk);
    };
    const enqueue = (text: string) => {
      queue.push(text);
      flushTimer ??= setImmediate(flush);
    };
    const sendLive = (events: LanternEvent[]) => {
      for (const e of events) {
        if (e.id <= lastSent) continue;
        enqueue(formatShared(e));
        lastSent = e.id;
      }
    };

    // Subscribe before reading the backlog, so nothing emitted during the replay is missed.
    const unsubscribe = opts.bus.on('events', (events) => {
      if (closed) return;
      if (!replaying) return sendLive(events);
      for (const e of events) held.push(e); // no spread: a batch can be huge during indexing
      if (held.length > MAX_HELD_EVENTS) {
        held = [];
        heldOverflow = true;
      }
    });
    // Ticks during a replay are dropped: they are momentary, and the next one comes in 5 s.
    const unsubscribeBurn = opts.bus.on('burn', (tick) => {
      if (closed || replaying) return;
      enqueue(burnText(tick));
    });
    const flushAgents = () => {
      agentTimer = null;
      if (closed) return;
      for (const a of agents.values()) enqueue(agentText(a));
      agents.clear();
    };
    const unsubscribeAgent = opts.bus.on('agent', (agent) => {
      if (closed || replaying) return;
      agents.delete(agent.id); // re-inserted last: flushed in the order of their latest update
      agents.set(agent.id, agent);
      agentTimer ??= setTimeout(flushAgents, opts.agentFlushMs ?? AGENT_FLUSH_MS);
    });
    const unsubscribeLatest = LATEST_ONLY.map((name) =>
      opts.bus.on(name, (value: EngineEventMap[LatestName]) => {
        if (closed) return;
        if (replaying) heldLatest.set(name, value);
        else enqueue(latestText.get(name)!(value));
      }),
    );
    const unsubscribeAlert = opts.bus.on('alert', (alert) => {
      if (closed) return;
      if (!replaying) return enqueue(alertText(alert));
      heldAlerts.push(alert);
      if (heldAlerts.length > MAX_HELD_ALERTS) heldAlerts.shift();
    });
    const keepalive = setInterval(() => enqueue(': keepalive\n\n'), opts.keepaliveMs);
    clients.add(stop);
    res.on('close', cleanup);
    res.on('error', cleanup);

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) must not buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: ${RETRY_MS}\n\n`);

    if (!replaying) return;

    /**
     * Waits for `drain` when a write filled the socket buffer, then yields a macrotask turn either
     * way: on loopback `drain` can come via nextTick, and a replay that never yields would keep
     * hook requests (answered in well under 5 ms, DESIGN.md) waiting behind a whole backlog.
     */
    const room = () =>
      new Promise<void>((resolve) => {
        const next = () => void setImmediate(resolve);
        if (!res.writableNeedDrain || closed) return next();
        const done = () => {
          res.off('drain', done).off('close', done);
          next();
        };
        res.on('drain', done).on('close', done);
      });

    const replay = async () => {
      for (;;) {
        heldOverflow = false;
        const page = opts.eventsAfter(lastSent, REPLAY_PAGE_SIZE);
        let chunk = '';
        for (const e of page) {
          if (e.id <= lastSent) continue;
          chunk += format(e);
          lastSent = e.id;
          if (chunk.length >= REPLAY_CHUNK_BYTES) {
            res.write(chunk);
            chunk = '';
            await room();
            if (closed) return;
          }
        }
        if (chunk) res.write(chunk);
        // A short page means the store had nothing more. Live events emitted since that read are
        // held, unless the hold overflowed: then read the store once more.
        if (page.length < REPLAY_PAGE_SIZE && !heldOverflow) break;
        await room();
        if (closed) return;
      }
      replaying = false;
      const rest = held;
      held = [];
      sendLive(rest);
      for (const name of LATEST_ONLY) {
        const value = heldLatest.get(name);
        if (value) enqueue(latestText.get(name)!(value));
      }
      heldLatest.clear();
      for (const a of heldAlerts) enqueue(alertText(a));
      heldAlerts = [];
    };
    replay().catch((err: unknown) => {
      opts.logger.error('sse replay failed', { error: err instanceof Error ? err.message : String(err) });
      stop();
    });
  }

  return {
    handle(req, res, query) {
      const cursor = readCursor(req, query);
      start(res, cursor);
    },
    closeAll() {
      for (const stop of [...clients]) stop();
    },
    size: () => clients.size,
  };
}
