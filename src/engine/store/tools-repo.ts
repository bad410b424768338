/**
 * The `tool_calls` table: one row per tool_use id, whichever channel saw it first (transcript or
 * hook), so a call seen in both is one call. What was recorded first stays (COALESCE), except a
 * duration the agent measured itself, which wins over a difference of timestamps.
 */
import type Database from 'better-sqlite3';
import type { ToolTiming } from './types';

/**
 * Where a call's duration came from, finest first: `hook` (PostToolUse `duration_ms`, measured by Claude Code
 * around the execution), `reported` (the transcript's own toolUseResult duration), `timestamps` (tool_use
 * record to tool_result record: includes any permission wait and the rest of the model's message), `otel`
 * (OpenTelemetry `tool_result.duration_ms`, the same measurement as the hook's).
 */
export type DurationSource = 'hook' | 'reported' | 'timestamps' | 'otel';

export interface ToolRow {
  agent_key: number;
  name: string | null;
  started_at: number | null;
  ended_at: number | null;
  duration_ms: number | null;
  is_error: number | null;
  permission_requested_at: number | null;
  interrupted: number | null;
  duration_source: DurationSource | null;
}

export function createToolsRepo(db: Database.Database) {
  const st = {
    insertCall: db.prepare('INSERT OR IGNORE INTO tool_calls (tool_use_id, agent_key, name, started_at) VALUES (?, ?, ?, ?)'),
    get: db.prepare(
      'SELECT agent_key, name, started_at, ended_at, duration_ms, is_error, permission_requested_at, interrupted, duration_source FROM tool_calls WHERE tool_use_id = ?',
    ),
    end: db.prepare(
      `UPDATE tool_calls SET ended_at = COALESCE(ended_at, ?), duration_ms = COALESCE(duration_ms, ?), is_error = COALESCE(is_error, ?),
         interrupted = COALESCE(interrupted, ?), duration_source = COALESCE(duration_source, ?) WHERE tool_use_id = ?`,
    ),
    markPermission: db.prepare(
      `UPDATE tool_calls SET permission_requested_at = ? WHERE tool_use_id = (
         SELECT tool_use_id FROM tool_calls WHERE agent_key = ? AND name = ? AND ended_at IS NULL AND permission_requested_at IS NULL
         ORDER BY started_at DESC LIMIT 1)`,
    ),
    time: db.prepare(
      `INSERT INTO tool_calls (tool_use_id, agent_key, name, started_at, ended_at, duration_ms, is_error, interrupted, duration_source)
       VALUES (@id, @agentKey, @name, @startedAt, @endedAt, @durationMs, @isError, @interrupted, @durationSource)
       ON CONFLICT(tool_use_id) DO UPDATE SET name = COALESCE(tool_calls.name, excluded.name),
         started_at = COALESCE(tool_calls.started_at, excluded.started_at),
         ended_at = COALESCE(tool_calls.ended_at, excluded.ended_at),
         duration_ms = COALESCE(excluded.duration_ms, tool_calls.duration_ms),
         duration_source = CASE WHEN excluded.duration_ms IS NOT NULL THEN excluded.duration_source ELSE tool_calls.duration_source END,
         is_error = COALESCE(excluded.is_error, tool_calls.is_error),
         interrupted = COALESCE(excluded.interrupted, tool_calls.interrupted)`,
    ),
  };
  return {
    insertCall: (toolUseId: string, agentKey: number, name: string, ts: number) => void st.insertCall.run(toolUseId, agentKey, name, ts),
    get: (toolUseId: string) => st.get.get(toolUseId) as ToolRow | undefined,
    /** The transcript's tool_result: fills what no hook recorded first. */
    end: (toolUseId: string, r: { ts: number; durationMs: number | null; isError: boolean; interrupted: boolean; source: DurationSource | null }) =>
      void st.end.run(r.ts, r.durationMs, r.isError ? 1 : 0, r.interrupted ? 1 : 0, r.durationMs === null ? null : r.source, toolUseId),
    markPermission: (agentKey: number, name: string, at: number) => void st.markPermission.run(at, agentKey, name),
    time(agentKey: number, t: ToolTiming): void {
      st.time.run({
        id: t.toolUseId,
        agentKey,
        name: t.name ?? null,
        startedAt: t.startedAt ?? null,
        endedAt: t.endedAt ?? null,
        durationMs: t.durationMs ?? null,
        isError: t.isError === undefined ? null : t.isError ? 1 : 0,
        interrupted: t.interrupted === undefined ? null : t.interrupted ? 1 : 0,
        durationSource: t.durationMs === undefined ? null : (t.durationSource ?? 'hook'),
      });
    },
  };
}
