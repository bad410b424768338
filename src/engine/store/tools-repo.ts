/**
 * The `tool_calls` table: one row per tool_use id, whichever channel saw it first (transcript or
 * hook), so a call seen in both is one call. What was recorded first stays (COALESCE), except a
 * duration the agent measured itself, which wins over a difference of timestamps.
 */
import type Database from 'better-sqlite3';
import type { ToolTiming } from './types';

export interface ToolRow {
  agent_key: number;
  name: string | null;
  started_at: number | null;
  ended_at: number | null;
  duration_ms: number | null;
  is_error: number | null;
}

export function createToolsRepo(db: Database.Database) {
  const st = {
    insertCall: db.prepare('INSERT OR IGNORE INTO tool_calls (tool_use_id, agent_key, name, started_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare('SELECT agent_key, name, started_at, ended_at, duration_ms, is_error FROM tool_calls WHERE tool_use_id = ?'),
    end: db.prepare(
      'UPDATE tool_calls SET ended_at = COALESCE(ended_at, ?), duration_ms = COALESCE(duration_ms, ?), is_error = COALESCE(is_error, ?) WHERE tool_use_id = ?',
    ),
    time: db.prepare(
      `INSERT INTO tool_calls (tool_use_id, agent_key, name, started_at, ended_at, duration_ms, is_error)
       VALUES (@id, @agentKey, @name, @startedAt, @endedAt, @durationMs, @isError)
       ON CONFLICT(tool_use_id) DO UPDATE SET name = COALESCE(tool_calls.name, excluded.name),
         started_at = COALESCE(tool_calls.started_at, excluded.started_at),
         ended_at = COALESCE(tool_calls.ended_at, excluded.ended_at),
         duration_ms = COALESCE(excluded.duration_ms, tool_calls.duration_ms),
         is_error = COALESCE(excluded.is_error, tool_calls.is_error)`,
    ),
  };
  return {
    insertCall: (toolUseId: string, agentKey: number, name: string, ts: number) => void st.insertCall.run(toolUseId, agentKey, name, ts),
    get: (toolUseId: string) => st.get.get(toolUseId) as ToolRow | undefined,
    end: (toolUseId: string, ts: number, durationMs: number | null, isError: boolean) =>
      void st.end.run(ts, durationMs, isError ? 1 : 0, toolUseId),
    time(agentKey: number, t: ToolTiming): void {
      st.time.run({
        id: t.toolUseId,
        agentKey,
        name: t.name ?? null,
        startedAt: t.startedAt ?? null,
        endedAt: t.endedAt ?? null,
        durationMs: t.durationMs ?? null,
        isError: t.isError === undefined ? null : t.isError ? 1 : 0,
      });
    },
  };
}
