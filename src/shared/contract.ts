/**
 * The engine's contract: one request interface and one event map. The HTTP routes, the
 * Electron IPC bridge and both renderer clients are typed against these (STYLE.md practice 3).
 */
import type { AgentSummary, Health } from './agents';
import type { LanternEvent } from './events';
import type { ChannelTestResult } from './channels';
import type { JobLog, JobLogQuery, JobsSnapshot } from './jobs';
import type { Alert, NotifyState, PauseRequest } from './notify';
import type { ActiveSession } from './sessions';
import type { SettingsPatch, SettingsView } from './settings';
import type { BurnTick, LiveStats, StatsQuery } from './stats';

/** One of `after`, `before` or `offset` (position from the agent's first event, 0-based), or none (from the start). */
export interface EventPageQuery {
  after?: number;
  before?: number;
  offset?: number;
  limit?: number;
}
export interface EventPage {
  events: LanternEvent[];
  /** Cursor for the next page in the same direction, null when there is none. */
  next: number | null;
  /** The agent's event count at the time of the read; set for `offset` pages (the replay sizes its list by it). */
  total?: number;
}

export interface RecentEventsQuery {
  /** 1-500, default 100. */
  limit?: number;
}

export interface SearchQuery {
  /** Text to find (case-insensitive for ASCII) in the text fields of events. 2-200 characters. */
  q: string;
  /** Only this agent's events. */
  agentId?: string;
  /** 1-200, default 50. */
  limit?: number;
}
export interface SearchResult {
  /** Newest first. */
  hits: LanternEvent[];
  /** True when the scan stopped at its row budget before reaching the oldest event. */
  truncated: boolean;
}

export interface EngineApi {
  health(): Promise<Health>;
  listAgents(): Promise<{ agents: AgentSummary[] }>;
  getAgent(id: string): Promise<AgentSummary | null>;
  getEvents(agentId: string, query: EventPageQuery): Promise<EventPage>;
  listActiveSessions(): Promise<{ sessions: ActiveSession[] }>;
  liveStats(query: StatsQuery): Promise<LiveStats>;
  /** The latest events across all agents, ascending ids; `usage` events are left out (they show as cost). */
  recentEvents(query: RecentEventsQuery): Promise<{ events: LanternEvent[] }>;
  searchEvents(query: SearchQuery): Promise<SearchResult>;
  getSettings(): Promise<SettingsView>;
  /** Rejects with a validation error naming the bad field for a patch the schema refuses. */
  updateSettings(patch: SettingsPatch): Promise<SettingsView>;
  notifyState(): Promise<NotifyState>;
  /** Pause notifications until an instant (the tray's "1 hour" / "until tomorrow"), or resume with null. */
  pauseNotifications(request: PauseRequest): Promise<NotifyState>;
  /** Sends a test alert through one channel now (pause and kinds aside); rejects with a not-found error for an unknown id. */
  testChannel(id: string): Promise<ChannelTestResult>;
  /** Scheduled agent jobs (cron, systemd timers, launchd) with their live state, as of the latest check. */
  listJobs(): Promise<JobsSnapshot>;
  /** The last lines of a job's log; rejects with a not-found error for an unknown id. */
  getJobLog(id: string, query: JobLogQuery): Promise<JobLog>;
}

/** What subscribers receive. `events` always carries events in ascending id order. */
export interface EngineEventMap {
  events: LanternEvent[];
  agent: AgentSummary;
  health: Health;
  /** Spend rate, every 5 s while any agent is running (none while all are idle). */
  burn: BurnTick;
  settings: SettingsView;
  /** An alert the notify policy decided to send (each notifier shows it its own way). */
  alert: Alert;
  notify: NotifyState;
  /** The jobs table, whenever a check finds something changed (running, pids, last exit, next run, definitions). */
  jobs: JobsSnapshot;
}
