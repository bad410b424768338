/**
 * Usage that arrives through OpenTelemetry next to usage read from transcripts, counted once
 * (docs/remote.md "How telemetry and transcripts merge"). Rows are told apart by their key:
 *
 * | tier | key | what |
 * |---|---|---|
 * | exact | anything not starting with `otel:` | a transcript's record (one per message.id + requestId) |
 * | exact | `otel:r:<request id>` | an `api_request` log naming its request: a request no transcript here has (yet) |
 * | session | `otel:s:…` | a log with tokens but no request id (Codex `codex.sse_event`, an `api_request` without one) |
 * | metric | `otel:m:…` | one metric point (`claude_code.token.usage` + `claude_code.cost.usage`) |
 *
 * Rules, whatever the order things arrive in:
 * 1. One request, one row: a transcript row and an `api_request` log with the same request id count the
 *    transcript's tokens, and the log's `cost_usd` becomes that row's reported cost. A log that came first
 *    is taken back when the transcript's record arrives, and hands its reported cost over.
 * 2. Requests only telemetry knows (auxiliary calls, other machines) count from their log.
 * 3. A session's `session` rows count only while it has no `exact` row, its `metric` rows only while it has
 *    neither: the first better row takes the weaker ones back.
 */
import type { UsageRecord } from '../adapters/types';
import type { AgentRow } from './agent-rows';
import type { createUsageRepo, KeyedUsage, StoredUsage } from './usage-repo';

export const TELEMETRY_KEY = { request: 'otel:r:', session: 'otel:s:', metric: 'otel:m:' } as const;

/** [lo, hi) of the keys with a prefix ending in ':' (';' sorts right after ':'). */
const range = (prefix: string): [string, string] => [prefix, prefix.slice(0, -1) + ';'];
const METRIC = range(TELEMETRY_KEY.metric);
const SESSION = range(TELEMETRY_KEY.session);
const REQUEST = range(TELEMETRY_KEY.request);

type UsageRepo = ReturnType<typeof createUsageRepo>;

export interface UsageMergeDeps {
  usage: UsageRepo;
  rows: ReadonlyMap<string, AgentRow>;
  byKey: ReadonlyMap<number, AgentRow>;
  /** Take a stored row's share back from its owner's totals and the rollup. */
  takeBack(owner: AgentRow, stored: StoredUsage): void;
  /** Move an owner's reported sums by one request's figure. */
  addReported(owner: AgentRow, reported: number, estimate: number | null, sign: 1 | -1): void;
}

export interface UsageMerge {
  /** Before a record is stored: false when its numbers are already counted (or outranked) elsewhere. */
  admit(u: UsageRecord, dirty: Set<AgentRow>): boolean;
  /** After a telemetry record was stored under `owner`. */
  stored(u: UsageRecord, owner: AgentRow): void;
  /** Give a stored row the agent's own cost figure for its request. */
  attachReported(row: KeyedUsage, reported: number, dirty: Set<AgentRow>): void;
}

export function createUsageMerge(deps: UsageMergeDeps): UsageMerge {
  const { usage, rows, byKey } = deps;
  // Agents (by key) that own telemetry rows: the transcript path, which is hot, only looks further for these.
  const requestOwners = new Set(usage.ownersInRange(...REQUEST));
  const fallbackOwners = new Set([...usage.ownersInRange(...METRIC), ...usage.ownersInRange(...SESSION)]);

  function retract(owner: AgentRow, [lo, hi]: [string, string], dirty: Set<AgentRow>): void {
    for (const r of usage.inRange(owner.key, lo, hi)) {
      deps.takeBack(owner, r);
      usage.delete(r.key);
      dirty.add(owner);
    }
  }

  function dropFallbacks(owner: AgentRow, dirty: Set<AgentRow>, withSession: boolean): void {
    if (!fallbackOwners.has(owner.key)) return;
    retract(owner, METRIC, dirty);
    if (withSession) {
      retract(owner, SESSION, dirty);
      fallbackOwners.delete(owner.key);
    }
  }

  /** The agent a record goes to, and its session's main agent (`claude:<session>`), which owns telemetry rows. */
  function owners(agentId: string): AgentRow[] {
    const row = rows.get(agentId);
    if (!row) return [];
    const rootId = row.sessionId ? `${row.source}:${row.sessionId}` : null;
    const root = rootId && rootId !== agentId ? rows.get(rootId) : undefined;
    return root ? [row, root] : [row];
  }

  /** Every agent of the owner's session (sub-agents keep their own transcript rows). */
  function sessionAgents(owner: AgentRow): AgentRow[] {
    const session = owner.sessionId;
    if (session === null) return [owner];
    const list = [owner];
    for (const r of rows.values()) if (r !== owner && r.source === owner.source && r.sessionId === session) list.push(r);
    return list;
  }

  const attachReported = (row: KeyedUsage, reported: number, dirty: Set<AgentRow>): void => {
    if (row.reported_cost_usd === reported) return;
    const owner = byKey.get(row.agent_key);
    if (!owner) return;
    if (row.reported_cost_usd !== null) deps.addReported(owner, row.reported_cost_usd, row.cost_usd, -1);
    deps.addReported(owner, reported, row.cost_usd, 1);
    usage.setReported(row.key, reported);
    row.reported_cost_usd = reported;
    dirty.add(owner);
  };

  /** A transcript record: it outranks telemetry of its session, and takes over a log's row for its request. */
  function admitTranscript(u: UsageRecord, dirty: Set<AgentRow>): boolean {
    if (requestOwners.size === 0 && fallbackOwners.size === 0) return true;
    for (const owner of owners(u.agentId)) {
      dropFallbacks(owner, dirty, true);
      if (!u.requestId || !requestOwners.has(owner.key)) continue;
      const key = TELEMETRY_KEY.request + u.requestId;
      const logged = usage.get(key);
      if (!logged || logged.agent_key !== owner.key) continue;
      deps.takeBack(owner, logged);
      usage.delete(key);
      dirty.add(owner);
      if (u.reportedCostUsd === undefined && logged.reported_cost_usd !== null) u.reportedCostUsd = logged.reported_cost_usd;
    }
    return true;
  }

  function admitRequest(u: UsageRecord, dirty: Set<AgentRow>): boolean {
    const counted = u.requestId ? usage.byRequest(u.requestId) : undefined;
    if (counted) {
      // The transcript has this request: its tokens stay, the log adds only the agent's own cost.
      if (u.reportedCostUsd !== undefined) attachReported(counted, u.reportedCostUsd, dirty);
      return false;
    }
    const owner = rows.get(u.agentId);
    if (owner) dropFallbacks(owner, dirty, true);
    return true;
  }

  function admitFallback(u: UsageRecord, tier: 'session' | 'metric', dirty: Set<AgentRow>): boolean {
    const owner = rows.get(u.agentId);
    if (!owner) return true;
    for (const a of sessionAgents(owner)) if (usage.hasAbove(a.key, tier)) return false;
    if (tier === 'session') dropFallbacks(owner, dirty, false);
    return true;
  }

  return {
    admit(u, dirty) {
      switch (u.telemetry) {
        case undefined:
          return admitTranscript(u, dirty);
        case 'request':
          return admitRequest(u, dirty);
        default:
          return admitFallback(u, u.telemetry, dirty);
      }
    },
    stored(u, owner) {
      if (u.telemetry === 'request') requestOwners.add(owner.key);
      else if (u.telemetry !== undefined) fallbackOwners.add(owner.key);
    },
    attachReported,
  };
}
