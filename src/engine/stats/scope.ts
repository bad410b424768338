/**
 * Which agents a stats query covers. An agent's project is its `cwd`; a sub-agent without one
 * belongs to its parent's project. `agentId` covers that agent and every sub-agent below it.
 * Queries take the result as a JSON array bound to `json_each`, so one prepared statement serves any
 * scope; null means everything (no filter at all, so the bucket / ts indexes do all the work).
 */
import type Database from 'better-sqlite3';

export interface ScopeQuery {
  agentId?: string;
  project?: string;
}

/** The SQL for an agent's project, given the agent as `a` and its parent joined as `p`. */
export const PROJECT_SQL = "COALESCE(a.cwd, p.cwd, '(unknown)')";

export function resolveScope(db: Database.Database, q: ScopeQuery): number[] | null {
  if (q.agentId === undefined && q.project === undefined) return null;
  let keys: number[] | null = null;
  if (q.agentId !== undefined) {
    const rows = db
      .prepare(
        `WITH RECURSIVE tree(key, id) AS (SELECT key, id FROM agents WHERE id = ?
           UNION SELECT a.key, a.id FROM agents a JOIN tree t ON a.parent_id = t.id)
         SELECT key FROM tree`,
      )
      .pluck()
      .all(q.agentId) as number[];
    keys = rows;
  }
  if (q.project !== undefined) {
    const inProject = db
      .prepare(`SELECT a.key FROM agents a LEFT JOIN agents p ON p.id = a.parent_id WHERE ${PROJECT_SQL} = ?`)
      .pluck()
      .all(q.project) as number[];
    keys = keys === null ? inProject : keys.filter((k) => inProject.includes(k));
  }
  return keys;
}

/** `@all` / `@keys` parameters for `(@all = 1 OR agent_key IN (SELECT value FROM json_each(@keys)))`. */
export function scopeParams(keys: number[] | null): { all: number; keys: string } {
  return { all: keys === null ? 1 : 0, keys: JSON.stringify(keys ?? []) };
}

export const SCOPE_SQL = '(@all = 1 OR agent_key IN (SELECT value FROM json_each(@keys)))';
