/** The EngineApi (src/shared/contract.ts) over the engine's parts: what HTTP routes and IPC both serve. */
import type Database from 'better-sqlite3';
import type { EngineApi } from '../shared/contract';
import type { Clock } from './clock';
import type { ActiveSession } from '../shared/sessions';
import type { Liveness } from './liveness/liveness';
import type { NotifyPolicy } from './notify';
import { JOB_LOG_LINES, RECENT_LIMIT, SEARCH_LIMIT, SEARCH_TEXT } from './event-limits';
import type { JobsService } from './jobs/jobs-service';
import type { ChannelDispatcher } from './notify/channels/dispatcher';
import type { Indexer } from './pipeline/indexer';
import type { SettingsService } from './settings/settings-service';
import { createJobPidCache, mergeActiveSessions, readSidecars } from './sidecars';
import type { Sources } from './sources';
import { liveStats } from './stats/live-stats';
import type { EventSearch } from './store/event-search';
import type { Store } from './store/store';
import { VERSION } from './version';

export interface EngineApiDeps {
  store: Store;
  /** Read-only connection to the store's file, for stats. */
  statsDb: Database.Database;
  clock: Clock;
  indexer: Indexer;
  liveness: Liveness;
  sources: Sources;
  settings: SettingsService;
  notify: NotifyPolicy;
  search: EventSearch;
  jobs: JobsService;
  channels: ChannelDispatcher;
  isWatching: () => boolean;
}

/** The HTTP routes refuse what is out of range; IPC callers get it clamped rather than an error. */
const clamp = (n: number | undefined, r: { min: number; max: number; default: number }) =>
  n === undefined || !Number.isFinite(n) ? r.default : Math.min(Math.max(Math.trunc(n), r.min), r.max);

export function createEngineApi(deps: EngineApiDeps): EngineApi {
  const { store, indexer, liveness, sources } = deps;
  const jobPids = createJobPidCache();
  const transcriptOf = (sessionId: string) => store.agentRow(`claude:${sessionId}`)?.transcript ?? null;

  /** Live `lantern run` sidecars merged with Claude Code's own registry (sidecar wins, keeps the status). */
  function activeSessions(): ActiveSession[] {
    const registry: ActiveSession[] = [];
    for (const e of liveness.registry().values()) {
      if (!e.alive) continue;
      registry.push({
        sessionId: e.sessionId,
        tag: null,
        pid: e.pid,
        startedAt: null,
        attempt: 1,
        source: 'claude-registry',
        transcript: transcriptOf(e.sessionId),
        status: e.status,
      });
    }
    const sidecars = readSidecars(sources.runDir);
    jobPids.retain(sidecars);
    return mergeActiveSessions(sidecars, registry, { transcriptOf, jobPidOf: jobPids.jobPidOf });
  }

  return {
    async health() {
      const { done, ...progress } = indexer.progress();
      return {
        ok: true,
        version: VERSION,
        indexing: { done, ...progress },
        watching: deps.isWatching(),
        sources: sources.health,
        totals: store.totals(),
        fileErrors: indexer.fileErrors(),
        channels: deps.channels.status(),
      };
    },
    async listAgents() {
      return { agents: store.listAgents() };
    },
    async getAgent(id) {
      return store.getAgent(id);
    },
    async getEvents(agentId, q) {
      return store.getEvents(agentId, q) ?? { events: [], next: null };
    },
    async listActiveSessions() {
      return { sessions: activeSessions() };
    },
    /** Rejects with `WindowError` for a window it does not accept. */
    async liveStats(query) {
      return liveStats(deps.statsDb, store, query, deps.clock.now());
    },
    async recentEvents(query) {
      return { events: store.recentEvents(clamp(query.limit, RECENT_LIMIT)) };
    },
    async searchEvents(query) {
      const q = query.q.trim().slice(0, SEARCH_TEXT.max);
      const agentKey = query.agentId === undefined ? null : (store.agentRow(query.agentId)?.key ?? -1);
      // Too short to mean anything, or an agent that does not exist: nothing to find.
      if (q.length < SEARCH_TEXT.min || agentKey === -1) return { hits: [], truncated: false };
      return deps.search({ q, agentKey, limit: clamp(query.limit, SEARCH_LIMIT) });
    },
    async getSettings() {
      return deps.settings.view();
    },
    /** Rejects with `SettingsError` (naming the field) for a patch the schema refuses. */
    async updateSettings(patch) {
      return deps.settings.update(patch);
    },
    async notifyState() {
      return deps.notify.state();
    },
    /** Rejects with `PauseError` (saying what is accepted) for an instant the rules refuse. */
    async pauseNotifications(request) {
      return deps.notify.pause(request);
    },
    /** Rejects with `ChannelNotFoundError` for an id no channel has. */
    async testChannel(id) {
      const result = await deps.channels.test(id);
      const status = deps.channels.status().find((c) => c.id === id);
      if (!status) throw new Error(`channel ${id} vanished during its test`);
      return { ...result, status };
    },
    async listJobs() {
      return deps.jobs.snapshot();
    },
    /** Rejects with `JobNotFoundError` for an id the latest check did not list. */
    async getJobLog(id, query) {
      return deps.jobs.log(id, clamp(query.lines, JOB_LOG_LINES));
    },
  };
}
