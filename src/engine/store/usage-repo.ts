/** The `usage` table: one row per (message.id, requestId) key, the largest record kept (ccusage's rule). */
import type Database from 'better-sqlite3';
import type { UsageRecord } from '../adapters/types';

export interface StoredUsage {
  agent_key: number;
  model: string;
  ts: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  cost_usd: number | null;
  placeholder_output: number;
  /** The agent's own figure for this request (OpenTelemetry `cost_usd`), when one arrived. */
  reported_cost_usd: number | null;
  /** Reasoning output, already inside output_tokens (Codex `reasoning_output_tokens`). */
  reasoning_tokens: number;
}

/** A stored row with its key (telemetry merging moves whole rows). */
export type KeyedUsage = StoredUsage & { key: string };

const COLS = 'agent_key, model, ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, placeholder_output, reported_cost_usd, reasoning_tokens';

export function createUsageRepo(db: Database.Database) {
  const st = {
    get: db.prepare(`SELECT ${COLS} FROM usage WHERE key = ?`),
    insert: db.prepare(
      `INSERT INTO usage (key, agent_key, message_id, request_id, model, ts, input_tokens, output_tokens, cache_creation_tokens,
        cache_read_tokens, cache_5m_tokens, cache_1h_tokens, placeholder_output, cost_usd, reported_cost_usd, reasoning_tokens) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    update: db.prepare(
      `UPDATE usage SET model = ?, ts = ?, input_tokens = ?, output_tokens = ?, cache_creation_tokens = ?, cache_read_tokens = ?,
        cache_5m_tokens = ?, cache_1h_tokens = ?, placeholder_output = ?, cost_usd = ?, reported_cost_usd = ?, reasoning_tokens = ? WHERE key = ?`,
    ),
    // A transcript's row for a request (telemetry keys start with `otel:`); usage_by_request is partial on request_id != ''.
    byRequest: db.prepare(`SELECT key, ${COLS} FROM usage WHERE request_id = ? AND request_id != '' AND (key < 'otel:' OR key >= 'otel;') LIMIT 1`),
    // One agent's rows whose key lies in [lo, hi): a telemetry tier (see usage-merge.ts).
    inRange: db.prepare(`SELECT key, ${COLS} FROM usage WHERE agent_key = ? AND key >= ? AND key < ?`),
    ownersInRange: db.prepare('SELECT DISTINCT agent_key FROM usage WHERE key >= ? AND key < ?'),
    setReported: db.prepare('UPDATE usage SET reported_cost_usd = ? WHERE key = ?'),
    // Has the agent a row better than a metric point / than a session-level log (usage-merge.ts tiers)?
    beyondMetric: db.prepare("SELECT 1 FROM usage WHERE agent_key = ? AND (key < 'otel:m:' OR key >= 'otel:m;') LIMIT 1"),
    beyondSession: db.prepare(
      "SELECT 1 FROM usage WHERE agent_key = ? AND (key < 'otel:m:' OR key >= 'otel:m;') AND (key < 'otel:s:' OR key >= 'otel:s;') LIMIT 1",
    ),
    delete: db.prepare('DELETE FROM usage WHERE key = ?'),
  };
  return {
    get: (key: string) => st.get.get(key) as StoredUsage | undefined,
    insert: (u: UsageRecord, agentKey: number, cost: number | null, reported: number | null = null) =>
      void st.insert.run(u.key, agentKey, u.messageId, u.requestId, u.model, u.ts, u.inputTokens, u.outputTokens,
        u.cacheCreationTokens, u.cacheReadTokens, u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0, cost, reported, u.reasoningTokens ?? 0),
    update: (u: UsageRecord, cost: number | null, reported: number | null = null) =>
      void st.update.run(u.model, u.ts, u.inputTokens, u.outputTokens, u.cacheCreationTokens, u.cacheReadTokens,
        u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0, cost, reported, u.reasoningTokens ?? 0, u.key),
    byRequest: (requestId: string) => st.byRequest.get(requestId) as KeyedUsage | undefined,
    inRange: (agentKey: number, lo: string, hi: string) => st.inRange.all(agentKey, lo, hi) as KeyedUsage[],
    ownersInRange: (lo: string, hi: string) => (st.ownersInRange.all(lo, hi) as { agent_key: number }[]).map((r) => r.agent_key),
    setReported: (key: string, reported: number | null) => void st.setReported.run(reported, key),
    hasAbove: (agentKey: number, tier: 'session' | 'metric') =>
      (tier === 'metric' ? st.beyondMetric : st.beyondSession).get(agentKey) !== undefined,
    delete: (key: string) => void st.delete.run(key),
  };
}
