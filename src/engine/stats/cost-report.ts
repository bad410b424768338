/**
 * Cost reports over `usage_rollup` (sums per 15-minute bucket, agent and model): by local day, by
 * model, by project and per agent. Never touches the usage rows or the transcripts, so a report over
 * months of history reads a few thousand small rows.
 *
 * Local days: `date(bucket / 1000, 'unixepoch', 'localtime')` uses the process time zone per bucket,
 * so the offset in force at that instant (DST included) decides the day. Buckets are 15 minutes and
 * every real offset is a multiple of 15 minutes, so no bucket straddles a local midnight.
 */
import type Database from 'better-sqlite3';
import { PROJECT_SQL } from './scope';

export interface CostTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Sum of what could be priced; null when none of the requests could (never a misleading $0). */
  costUsd: number | null;
  /** Requests whose model is not in the price table: their tokens are counted, their cost is not. */
  unpricedRequests: number;
}

export type DailyCost = CostTotals & { date: string };
export type ModelCost = CostTotals & { model: string };
export type ProjectCost = CostTotals & { project: string };
export type AgentCost = CostTotals & { agentId: string; project: string };

export interface CostFilter {
  /** Local date `YYYY-MM-DD`: only that day and later. */
  since?: string;
}

const SUMS = `sum(r.requests) AS requests, sum(r.input_tokens) AS inputTokens, sum(r.output_tokens) AS outputTokens,
  sum(r.cache_creation_tokens) AS cacheCreationTokens, sum(r.cache_read_tokens) AS cacheReadTokens,
  sum(r.cost_usd) AS costUsd, sum(r.unpriced_requests) AS unpricedRequests`;
const LOCAL_DATE = "date(r.bucket / 1000, 'unixepoch', 'localtime')";
const SINCE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` that names a real date, else an error saying so. */
export function checkSinceDate(text: string): string {
  const m = SINCE_DATE.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== text) throw new Error(`--since must be a date YYYY-MM-DD, got "${text}"`);
  return text;
}

/**
 * WHERE clause for `since`: the bucket range (primary-key prefix, so the scan starts near the day)
 * from a day before the local midnight, widened so no offset can cut it short, then the exact test
 * on the local date.
 */
function sinceClause(f: CostFilter): { sql: string; params: Record<string, unknown> } {
  if (f.since === undefined) return { sql: '', params: {} };
  const [y, m, d] = checkSinceDate(f.since).split('-').map(Number);
  const lo = new Date(y, m - 1, d).getTime() - 86_400_000;
  return { sql: `WHERE r.bucket >= @lo AND ${LOCAL_DATE} >= @since`, params: { lo, since: f.since } };
}

function finish<T extends CostTotals>(rows: T[]): T[] {
  for (const r of rows) if (r.requests > 0 && r.unpricedRequests >= r.requests) r.costUsd = null;
  return rows;
}

export function costByDay(db: Database.Database, f: CostFilter = {}): DailyCost[] {
  const w = sinceClause(f);
  const sql = `SELECT ${LOCAL_DATE} AS date, ${SUMS} FROM usage_rollup r ${w.sql} GROUP BY 1 HAVING sum(r.requests) > 0 ORDER BY 1`;
  return finish(db.prepare(sql).all(w.params) as DailyCost[]);
}

export function costByModel(db: Database.Database, f: CostFilter = {}): ModelCost[] {
  const w = sinceClause(f);
  const sql = `SELECT r.model AS model, ${SUMS} FROM usage_rollup r ${w.sql} GROUP BY 1 HAVING sum(r.requests) > 0 ORDER BY costUsd DESC, 1`;
  return finish(db.prepare(sql).all(w.params) as ModelCost[]);
}

/** Rollup joined to its agent and the agent's parent (a sub-agent without cwd inherits the parent's). */
const WITH_PROJECT = 'usage_rollup r JOIN agents a ON a.key = r.agent_key LEFT JOIN agents p ON p.id = a.parent_id';

export function costByProject(db: Database.Database, f: CostFilter = {}): ProjectCost[] {
  const w = sinceClause(f);
  const sql = `SELECT ${PROJECT_SQL} AS project, ${SUMS} FROM ${WITH_PROJECT} ${w.sql} GROUP BY 1 HAVING sum(r.requests) > 0 ORDER BY costUsd DESC, 1`;
  return finish(db.prepare(sql).all(w.params) as ProjectCost[]);
}

export function costByAgent(db: Database.Database, f: CostFilter = {}): AgentCost[] {
  const w = sinceClause(f);
  const sql = `SELECT a.id AS agentId, ${PROJECT_SQL} AS project, ${SUMS} FROM ${WITH_PROJECT} ${w.sql}
    GROUP BY a.key HAVING sum(r.requests) > 0 ORDER BY costUsd DESC, 1`;
  return finish(db.prepare(sql).all(w.params) as AgentCost[]);
}

/** The sum of report rows (e.g. the days), with the same null rule for cost. */
export function sumCosts(rows: readonly CostTotals[]): CostTotals {
  const t: CostTotals = { requests: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0, unpricedRequests: 0 };
  for (const r of rows) {
    t.requests += r.requests;
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.cacheCreationTokens += r.cacheCreationTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.costUsd = (t.costUsd ?? 0) + (r.costUsd ?? 0);
    t.unpricedRequests += r.unpricedRequests;
  }
  return finish([t])[0];
}
