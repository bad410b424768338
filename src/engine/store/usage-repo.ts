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
}

export function createUsageRepo(db: Database.Database) {
  const st = {
    get: db.prepare(
      'SELECT agent_key, model, ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, placeholder_output FROM usage WHERE key = ?',
    ),
    insert: db.prepare(
      `INSERT INTO usage (key, agent_key, message_id, request_id, model, ts, input_tokens, output_tokens, cache_creation_tokens,
        cache_read_tokens, cache_5m_tokens, cache_1h_tokens, placeholder_output, cost_usd) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    update: db.prepare(
      `UPDATE usage SET model = ?, ts = ?, input_tokens = ?, output_tokens = ?, cache_creation_tokens = ?, cache_read_tokens = ?,
        cache_5m_tokens = ?, cache_1h_tokens = ?, placeholder_output = ?, cost_usd = ? WHERE key = ?`,
    ),
  };
  return {
    get: (key: string) => st.get.get(key) as StoredUsage | undefined,
    insert: (u: UsageRecord, agentKey: number, cost: number | null) =>
      void st.insert.run(u.key, agentKey, u.messageId, u.requestId, u.model, u.ts, u.inputTokens, u.outputTokens,
        u.cacheCreationTokens, u.cacheReadTokens, u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0, cost),
    update: (u: UsageRecord, cost: number | null) =>
      void st.update.run(u.model, u.ts, u.inputTokens, u.outputTokens, u.cacheCreationTokens, u.cacheReadTokens,
        u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0, cost, u.key),
  };
}
