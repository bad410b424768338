/**
 * An in-memory stand-in for the store behind the HTTP layer: an `EngineApi`, `eventsAfter` over
 * an array, and a real bus. `append` stores then emits, in that order, as the real ingest loop
 * does (store commit before bus emit). Plus `startHttp`, which runs a real server on 127.0.0.1.
 */
import type { AgentSummary } from '../../src/shared/agents';
import type { ChannelStatus, ChannelTestResult } from '../../src/shared/channels';
import type { EngineApi, EventPageQuery, SearchQuery } from '../../src/shared/contract';
import type { LanternEvent } from '../../src/shared/events';
import type { JobLog, JobsSnapshot } from '../../src/shared/jobs';
import type { NotifyState, PauseRequest } from '../../src/shared/notify';
import { DEFAULT_SETTINGS, type SettingsPatch, type SettingsView } from '../../src/shared/settings';
import type { LiveStats, StatsQuery } from '../../src/shared/stats';
import { createBus, type Bus } from '../../src/engine/bus';
import { ChannelNotFoundError } from '../../src/engine/notify/channels/dispatcher';
import { silentLogger } from '../../src/engine/logger';
import { createHttpServer, type HttpDeps, type LanternHttpServer, type ListenInfo } from '../../src/engine/ingest/server';

import { agentSummary } from './agent-summary';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export function makeAgent(id: string): AgentSummary {
  return agentSummary(id);
}

export function makeEvent(id: number, agentId = 'claude:s1', text = `event ${id}`): LanternEvent {
  return { id, agentId, ts: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, id)).toISOString(), source: 'transcript', kind: 'prompt', text };
}

export function emptyLiveStats(window: string): LiveStats {
  return {
    window,
    totals: { events: 0, tokens: 0, costUsd: 0, unpricedTokens: 0 },
    burn: { perMinute: 0, perHour: 0, today: 0, projectedMonthEnd: 0 },
    agents: { running: 0, blocked: 0, idle: 0, done: 0, failed: 0, stale: 0 },
    tools: [],
  };
}

export interface FakeEngine {
  api: EngineApi;
  bus: Bus;
  events: LanternEvent[];
  agents: Map<string, AgentSummary>;
  /** Every `getEvents` query, to check what the route passed through. */
  queries: Array<{ agentId: string; query: EventPageQuery }>;
  /** Every `liveStats` query. */
  statsQueries: StatsQuery[];
  /** Every `searchEvents` query. */
  searchQueries: SearchQuery[];
  /** Every patch `updateSettings` received. */
  settingsPatches: SettingsPatch[];
  settings: SettingsView;
  /** Every request `pauseNotifications` received. */
  pauseRequests: PauseRequest[];
  /** The pause and the channels' statuses; `testChannel` answers from and updates `notify.channels`. */
  notify: NotifyState;
  /** What `testChannel` answers for an id (default: ok); an id not in `notify.channels` is refused as unknown. */
  testOutcomes: Map<string, { ok: true } | { ok: false; error: string }>;
  /** Every id `testChannel` was called with. */
  testCalls: string[];
  /** What `listJobs` answers (one cron job by default); `setJobs` replaces it and pushes it on the bus. */
  jobs: JobsSnapshot;
  /** `getJobLog` answers from here by job id; an id not in it is refused as unknown. */
  jobLogs: Map<string, JobLog>;
  /** Every `getJobLog` call. */
  jobLogQueries: Array<{ id: string; lines: number | undefined }>;
  setJobs(snapshot: JobsSnapshot): void;
  /** Every `eventsAfter` call. */
  afterCalls: Array<{ afterId: number; limit: number }>;
  /** Called at the start of each `eventsAfter`, to act "during the replay". */
  onEventsAfter: ((call: number) => void) | null;
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  /** Stores `count` new events (ids continue from the last one), then emits them as one batch. */
  append(count: number, agentId?: string, text?: string): LanternEvent[];
}

/** A channel status as the engine reports a configured channel that has sent nothing yet. */
export function fakeChannelStatus(id: string, over: Partial<ChannelStatus> = {}): ChannelStatus {
  return {
    id,
    name: id,
    type: 'webhook',
    source: 'settings',
    enabled: true,
    target: 'https://hooks.example.com/…',
    lastSentAt: null,
    lastError: null,
    lastErrorAt: null,
    failures: 0,
    dropped: 0,
    pending: 0,
    ...over,
  };
}

/** A small jobs table: one cron job running `claude`, not running, never seen finishing. */
export function fakeJobsSnapshot(): JobsSnapshot {
  return {
    jobs: [
      {
        id: 'cron:0123456789ab',
        kind: 'cron',
        label: 'claude',
        command: 'claude -p "triage" >> /tmp/triage.log 2>&1',
        schedule: '*/15 * * * *',
        nextRun: '2025-01-01T00:15:00.000Z',
        running: false,
        pids: [],
        sessionIds: [],
        agentIds: [],
        lastExit: null,
        logPath: '/tmp/triage.log',
        source: 'crontab -l',
        problems: [],
      },
    ],
    checkedAt: '2025-01-01T00:00:00.000Z',
    timeZone: 'UTC',
    sources: [{ kind: 'cron', path: 'crontab -l', ok: true }],
  };
}

export function createFakeEngine(): FakeEngine {
  const events: LanternEvent[] = [];
  const agents = new Map<string, AgentSummary>();
  const bus = createBus();
  const fake: FakeEngine = {
    bus,
    events,
    agents,
    queries: [],
    statsQueries: [],
    searchQueries: [],
    settingsPatches: [],
    settings: { settings: structuredClone(DEFAULT_SETTINGS), overridden: [], restartRequired: [], path: null, watchedRoots: [] },
    pauseRequests: [],
    notify: { pausedUntil: null, channels: [] },
    testOutcomes: new Map(),
    testCalls: [],
    jobs: fakeJobsSnapshot(),
    jobLogs: new Map([['cron:0123456789ab', { id: 'cron:0123456789ab', path: '/tmp/triage.log', from: 'file', lines: ['started', 'done'], size: 13 }]]),
    jobLogQueries: [],
    setJobs(snapshot) {
      fake.jobs = snapshot;
      bus.emit('jobs', snapshot);
    },
    afterCalls: [],
    onEventsAfter: null,
    api: {
      async health() {
        return {
          ok: true,
          version: '0.0.0-test',
          indexing: { done: true, files: 0, filesDone: 0, bytes: 0, bytesDone: 0 },
          watching: false,
          sources: [],
          totals: { agents: agents.size, events: events.length, unparsed: 0, files: 0, fileErrors: 0 },
          fileErrors: [],
          channels: fake.notify.channels,
        };
      },
      async listAgents() {
        return { agents: [...agents.values()] };
      },
      async getAgent(id) {
        return agents.get(id) ?? null;
      },
      async listActiveSessions() {
        return { sessions: [] };
      },
      async liveStats(query) {
        fake.statsQueries.push(query);
        return emptyLiveStats(query.window ?? '24h');
      },
      async recentEvents(query) {
        return { events: events.filter((e) => e.kind !== 'usage').slice(-(query.limit ?? 100)) };
      },
      /** A plain substring match over the events' JSON, newest first. */
      async searchEvents(query) {
        fake.searchQueries.push(query);
        const needle = query.q.toLowerCase();
        const mine = events.filter((e) => (query.agentId === undefined || e.agentId === query.agentId) && JSON.stringify(e).toLowerCase().includes(needle));
        return { hits: mine.reverse().slice(0, query.limit ?? 50), truncated: false };
      },
      async getSettings() {
        return fake.settings;
      },
      /** Merges top-level keys only: enough to see what the route passed through. */
      async updateSettings(patch) {
        fake.settingsPatches.push(patch);
        fake.settings = { ...fake.settings, settings: { ...fake.settings.settings, ...(patch as Partial<SettingsView['settings']>) } };
        bus.emit('settings', fake.settings);
        return fake.settings;
      },
      async notifyState() {
        return fake.notify;
      },
      /** Takes the instant as given (the real engine validates it): enough to see what the route passed through. */
      async pauseNotifications(request) {
        fake.pauseRequests.push(request);
        fake.notify = { ...fake.notify, pausedUntil: request.until };
        bus.emit('notify', fake.notify);
        return fake.notify;
      },
      /** Records the call, stamps the channel's status as a delivery would, and pushes the notify state. */
      async testChannel(id): Promise<ChannelTestResult> {
        fake.testCalls.push(id);
        const current = fake.notify.channels.find((c) => c.id === id);
        if (!current) throw new ChannelNotFoundError(id);
        const outcome = fake.testOutcomes.get(id) ?? { ok: true };
        const at = new Date().toISOString();
        const status: ChannelStatus = outcome.ok ? { ...current, lastSentAt: at, failures: 0 } : { ...current, lastError: outcome.error, lastErrorAt: at };
        fake.notify = { ...fake.notify, channels: fake.notify.channels.map((c) => (c.id === id ? status : c)) };
        bus.emit('notify', fake.notify);
        return outcome.ok ? { ok: true, status } : { ok: false, error: outcome.error, status };
      },
      async listJobs() {
        return fake.jobs;
      },
      async getJobLog(id, query) {
        fake.jobLogQueries.push({ id, lines: query.lines });
        const log = fake.jobLogs.get(id);
        if (!log) throw new Error(`unknown job ${id}`);
        return query.lines === undefined ? log : { ...log, lines: log.lines.slice(-query.lines) };
      },
      async getEvents(agentId, query) {
        fake.queries.push({ agentId, query });
        const mine = events.filter((e) => e.agentId === agentId);
        const limit = query.limit ?? 200;
        if (query.offset !== undefined) {
          const page = mine.slice(query.offset, query.offset + limit);
          return { events: page, next: query.offset + limit < mine.length && page.length ? page[page.length - 1].id : null, total: mine.length };
        }
        if (query.before !== undefined) {
          const older = mine.filter((e) => e.id < query.before!);
          const page = older.slice(-limit);
          return { events: page, next: older.length > limit ? page[0].id : null };
        }
        const newer = mine.filter((e) => e.id > (query.after ?? 0));
        const page = newer.slice(0, limit);
        return { events: page, next: newer.length > limit ? page[page.length - 1].id : null };
      },
    },
    eventsAfter(afterId, limit) {
      fake.afterCalls.push({ afterId, limit });
      fake.onEventsAfter?.(fake.afterCalls.length);
      return events.filter((e) => e.id > afterId).slice(0, limit);
    },
    append(count, agentId = 'claude:s1', text) {
      const first = (events.at(-1)?.id ?? 0) + 1;
      const batch = Array.from({ length: count }, (_, i) => makeEvent(first + i, agentId, text));
      events.push(...batch);
      bus.emit('events', batch);
      return batch;
    },
  };
  return fake;
}

export interface TestServer {
  engine: FakeEngine;
  server: LanternHttpServer;
  info: ListenInfo;
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  base: string;
  port: number;
  /** fetch with the token header already set. */
  get(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0. Register extra routes in `setup` before it listens. */
export async function startHttp(
  overrides: Partial<HttpDeps> = {},
  setup?: (server: LanternHttpServer, engine: FakeEngine) => void,
): Promise<TestServer> {
  const engine = createFakeEngine();
  const server = createHttpServer({
    api: engine.api,
    bus: engine.bus,
    eventsAfter: (a, l) => engine.eventsAfter(a, l),
    token: TEST_TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    ...overrides,
  });
  setup?.(server, engine);
  const info = await server.listen();
  const base = `http://127.0.0.1:${info.port}`;
  return {
    engine,
    server,
    info,
    base,
    port: info.port,
    get: (path, init = {}) => fetch(base + path, { ...init, headers: { 'X-Token': TEST_TOKEN, ...(init.headers as Record<string, string>) } }),
    close: () => server.close(),
  };
}
