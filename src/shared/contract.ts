/**
 * The engine's contract: one request interface and one event map. The HTTP routes, the
 * Electron IPC bridge and both renderer clients are typed against these (STYLE.md practice 3).
 */
import type { AgentSummary, Health } from './agents';
import type { LanternEvent } from './events';
import type { ActiveSession } from './sessions';
import type { BurnTick, LiveStats, StatsQuery } from './stats';

export interface EventPageQuery {
  after?: number;
  before?: number;
  limit?: number;
}
export interface EventPage {
  events: LanternEvent[];
  /** Cursor for the next page in the same direction, null when there is none. */
  next: number | null;
}

export interface EngineApi {
  health(): Promise<Health>;
  listAgents(): Promise<{ agents: AgentSummary[] }>;
  getAgent(id: string): Promise<AgentSummary | null>;
  getEvents(agentId: string, query: EventPageQuery): Promise<EventPage>;
  listActiveSessions(): Promise<{ sessions: ActiveSession[] }>;
  liveStats(query: StatsQuery): Promise<LiveStats>;
}

/** What subscribers receive. `events` always carries events in ascending id order. */
export interface EngineEventMap {
  events: LanternEvent[];
  agent: AgentSummary;
  health: Health;
  /** Spend rate, every 5 s while any agent is running (none while all are idle). */
  burn: BurnTick;
}
