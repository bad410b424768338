/**
 * Tool latency per tool name, computed in SQLite: each call ranked within its tool by duration
 * (ROW_NUMBER / COUNT OVER a partition), percentiles picked by nearest rank, so a million calls never
 * cross into JavaScript. Nearest rank: the P-th percentile of n sorted durations is the one at rank
 * ceil(P/100 × n) — always an observed duration, never an interpolation (docs/stats.md).
 *
 * Counted: calls that finished (a duration) or were interrupted. Percentiles: finished calls only;
 * an interrupted call's duration measures when the user pressed Esc, not the tool.
 *
 * `recentMs` (the sparkline): the durations of each tool's latest finished, not interrupted calls by
 * start time, at most `RECENT_CALLS`, oldest first. A second statement ranks by start time within
 * each tool, so only those few rows per tool cross into JavaScript.
 */
import type Database from 'better-sqlite3';
import type { ToolLatency } from '../../shared/stats';
import { SCOPE_SQL, scopeParams } from './scope';

export interface LatencyFilter {
  /** Calls started at or after this instant; null for all of them. */
  startMs: number | null;
  /** Only these agents; null for all. */
  agentKeys?: number[] | null;
}

/** ceil(P × n / 100) in integer arithmetic (no dependency on SQLite's optional math functions). */
const rank = (p: number) => `((${p} * n + 99) / 100)`;

// One sort, one pass: calls are ranked within (tool, timed), where "timed" = finished and not
// interrupted, then grouped by tool, so the untimed ones are counted without joining a second scan.
const sql = (startClause: string) => `
WITH calls AS (
  SELECT coalesce(name, '(unknown)') AS name, duration_ms, is_error, coalesce(interrupted, 0) AS interrupted,
    (coalesce(interrupted, 0) = 0 AND duration_ms IS NOT NULL) AS timed
  FROM tool_calls
  WHERE ${startClause} (duration_ms IS NOT NULL OR interrupted = 1) AND ${SCOPE_SQL}
),
ranked AS (
  SELECT name, duration_ms, is_error, interrupted, timed,
    ROW_NUMBER() OVER (PARTITION BY name, timed ORDER BY duration_ms) AS rn,
    COUNT(*) OVER (PARTITION BY name, timed) AS n
  FROM calls
)
SELECT name, count(*) AS count, count(CASE WHEN is_error = 1 THEN 1 END) AS errors,
  count(CASE WHEN interrupted = 1 THEN 1 END) AS interrupted,
  max(CASE WHEN timed AND rn = ${rank(50)} THEN duration_ms END) AS p50Ms,
  max(CASE WHEN timed AND rn = ${rank(95)} THEN duration_ms END) AS p95Ms,
  max(CASE WHEN timed AND rn = ${rank(99)} THEN duration_ms END) AS p99Ms
FROM ranked GROUP BY name ORDER BY count DESC, name`;

export const RECENT_CALLS = 30;

const recentSql = (startClause: string) => `
SELECT name, duration_ms AS ms FROM (
  SELECT coalesce(name, '(unknown)') AS name, duration_ms,
    ROW_NUMBER() OVER (PARTITION BY coalesce(name, '(unknown)') ORDER BY started_at DESC, tool_use_id DESC) AS rn
  FROM tool_calls
  WHERE ${startClause} duration_ms IS NOT NULL AND coalesce(interrupted, 0) = 0 AND ${SCOPE_SQL}
)
WHERE rn <= ${RECENT_CALLS} ORDER BY name, rn DESC`;

export function toolLatency(db: Database.Database, f: LatencyFilter): ToolLatency[] {
  // Two statements rather than `@start IS NULL OR …`, which would keep SQLite off tool_calls_by_start.
  const startClause = f.startMs === null ? '' : 'started_at >= @start AND';
  const params = { ...(f.startMs === null ? {} : { start: f.startMs }), ...scopeParams(f.agentKeys ?? null) };
  const recent = new Map<string, number[]>();
  for (const r of db.prepare(recentSql(startClause)).all(params) as Array<{ name: string; ms: number }>) {
    let list = recent.get(r.name);
    if (!list) recent.set(r.name, (list = []));
    list.push(r.ms);
  }
  const rows = db.prepare(sql(startClause)).all(params) as Array<Omit<ToolLatency, 'recentMs'>>;
  return rows.map((r) => ({ ...r, recentMs: recent.get(r.name) ?? [] }));
}
