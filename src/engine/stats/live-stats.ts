/**
 * `LiveStats` for `GET /api/live/stats` and IPC: window totals, burn, agent states and tool latency
 * for everything, one agent (with its sub-agents) or one project. Reads SQL only (docs/stats.md).
 *
 * Events in the window: `events_by_ts` (migration 4) makes it a range count; for `all` the agents'
 * own counters are summed instead, which is exact (every stored event bumps its agent's count).
 */
import type Database from 'better-sqlite3';
import type { LiveStats, StatsQuery } from '../../shared/stats';
import type { AgentRow } from '../store/agent-rows';
import { computeBurn } from './burn';
import { resolveScope, SCOPE_SQL, scopeParams } from './scope';
import { toolLatency } from './tool-latency';
import { parseWindow } from './window';
import { usageSince } from './window-usage';

export interface AgentSource {
  agentRows(): readonly AgentRow[];
}

type StateCounts = LiveStats['agents'];

/** Throws `WindowError` for a window it does not accept. */
export function liveStats(db: Database.Database, store: AgentSource, query: StatsQuery, now: number): LiveStats {
  const window = parseWindow(query.window, now);
  const keys = resolveScope(db, query);
  const inScope = keys === null ? null : new Set(keys);
  const agents: StateCounts = { running: 0, blocked: 0, idle: 0, done: 0, failed: 0, stale: 0 };
  let allEvents = 0;
  for (const row of store.agentRows()) {
    if (inScope && !inScope.has(row.key)) continue;
    allEvents += row.nEvents;
    if (row.state !== null) agents[row.state]++;
  }
  const events =
    window.startMs === null
      ? allEvents
      : (db.prepare(`SELECT count(*) FROM events WHERE ts >= @start AND ${SCOPE_SQL}`).pluck().get({ start: window.startMs, ...scopeParams(keys) }) as number);
  const usage = usageSince(db, window.startMs, keys);
  return {
    window: window.label,
    totals: { events, tokens: usage.tokens, costUsd: usage.costUsd, unpricedTokens: usage.unpricedTokens },
    burn: computeBurn(db, now, keys),
    agents,
    tools: toolLatency(db, { startMs: window.startMs, agentKeys: keys }),
  };
}

