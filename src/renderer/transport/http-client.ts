/**
 * The browser transport: fetch for requests, EventSource for the feed. The login cookie set by
 * the Open URL travels with both (same origin), so no token is ever held in page script.
 *
 * Reconnect: EventSource retries by itself and sends `Last-Event-ID`; when it gives up (the server
 * was down long enough to answer an error, or the page was offline) we open a new one with
 * `?after=<last id delivered>`. Either way the server replays from the store, and ids at or below
 * the last delivered one are dropped here too, so a resume has neither gaps nor duplicates.
 */
import type { EventPageQuery, RecentEventsQuery, SearchQuery } from '../../shared/contract';
import type { LanternEvent } from '../../shared/events';
import type { JobLogQuery } from '../../shared/jobs';
import type { SettingsPatch } from '../../shared/settings';
import type { StatsQuery } from '../../shared/stats';
import { EngineError, type EngineClient, type FeedHandlers } from './engine-client';

const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

type Params = Record<string, string | number | undefined>;

function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function request<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data ?? {}) as { error?: string; detail?: string };
    throw new EngineError(res.status, err.error ?? `HTTP ${res.status}`, err.detail);
  }
  return data as T;
}

export function createHttpClient(base = ''): EngineClient {
  const get = <T>(path: string, params: Params = {}) => request<T>(base, 'GET', path + queryString(params));
  const enc = encodeURIComponent;
  return {
    health: () => get('/api/health'),
    listAgents: () => get('/api/agents'),
    getAgent: (id) => get<import('../../shared/agents').AgentSummary>(`/api/agents/${enc(id)}`).catch((err: unknown) => {
      if (err instanceof EngineError && err.status === 404) return null;
      throw err;
    }),
    getEvents: (id, q: EventPageQuery) => get(`/api/agents/${enc(id)}/events`, { ...q }),
    listActiveSessions: () => get('/api/sessions/active'),
    liveStats: (q: StatsQuery) => get('/api/live/stats', { window: q.window, agent: q.agentId, project: q.project }),
    recentEvents: (q: RecentEventsQuery) => get('/api/events', { limit: q.limit }),
    searchEvents: (q: SearchQuery) => get('/api/search', { q: q.q, agent: q.agentId, limit: q.limit }),
    getSettings: () => get('/api/settings'),
    updateSettings: (patch: SettingsPatch) => request(base, 'PUT', '/api/settings', patch),
    notifyState: () => get('/api/notifications'),
    pauseNotifications: (req) => request(base, 'PUT', '/api/notifications/pause', req),
    testChannel: (id) => request(base, 'POST', `/api/notifications/channels/${enc(id)}/test`),
    listJobs: () => get('/api/jobs'),
    getJobLog: (id, q: JobLogQuery) => get(`/api/jobs/${enc(id)}/log`, { lines: q.lines }),
    connect: (afterId, handlers) => connectFeed(base, afterId, handlers),
  };
}

function connectFeed(base: string, afterId: number, h: FeedHandlers): () => void {
  let lastId = afterId;
  let source: EventSource | null = null;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let wasLive = false;

  const open = () => {
    if (stopped) return;
    h.connection(wasLive ? 'reconnecting' : 'connecting');
    const es = new EventSource(`${base}/api/stream?after=${lastId}`, { withCredentials: true });
    source = es;
    es.onopen = () => {
      attempt = 0;
      wasLive = true;
      h.connection('live');
    };
    es.onmessage = (m: MessageEvent<string>) => {
      const e = JSON.parse(m.data) as LanternEvent;
      if (e.id <= lastId) return;
      lastId = e.id;
      h.events([e]);
    };
    es.addEventListener('agent', (m) => h.agent(JSON.parse((m as MessageEvent<string>).data)));
    es.addEventListener('burn_tick', (m) => h.burn(JSON.parse((m as MessageEvent<string>).data)));
    es.addEventListener('settings', (m) => h.settings(JSON.parse((m as MessageEvent<string>).data)));
    es.addEventListener('notify', (m) => h.notify(JSON.parse((m as MessageEvent<string>).data)));
    es.addEventListener('jobs', (m) => h.jobs(JSON.parse((m as MessageEvent<string>).data)));
    es.onerror = () => {
      if (stopped) return;
      // CONNECTING: the browser retries on its own with Last-Event-ID. CLOSED: it gave up; we retry.
      if (wasLive) h.connection('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        const delay = RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)];
        timer = setTimeout(open, delay);
      }
    };
  };
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
  };
}
