/**
 * Tool latency per tool name, computed in SQLite: each call ranked within its tool by duration
 * (ROW_NUMBER / COUNT OVER a partition), percentiles picked by nearest rank, so a million calls never
 * cross into JavaScript. Nearest rank: the P-th percentile of n sorted durations is the one at rank
 * ceil(P/100 × n) — always an observed duration, never an interpolation (docs/stats.md).
 *
 * Counted: calls that finished (a duration) or were interrupted. Percentiles: finished calls only;
 * an interrupted call's duration measures when the user pressed Esc, not the tool.
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

export function toolLatency(db: Database.Database, f: LatencyFilter): ToolLatency[] {
  // Two statements rather than `@start IS NULL OR …`, which would keep SQLite off tool_calls_by_start.
  const text = f.startMs === null ? sql('') : sql('started_at >= @start AND');
  return db.prepare(text).all({ ...(f.startMs === null ? {} : { start: f.startMs }), ...scopeParams(f.agentKeys ?? null) }) as ToolLatency[];
}
