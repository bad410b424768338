/**
 * Costs are stored, so they must follow the price table: when the table (or the user's override file)
 * differs from the one the stored costs came from, every usage row is priced again and the rollups and
 * per-agent sums are rebuilt. Also how a store from before costs existed gets them.
 */
import type Database from 'better-sqlite3';
import type { Pricing } from '../pricing/types';
import type { AgentRow } from './agent-rows';
import { createRollupRepo } from './rollup-repo';

interface UsageRow {
  key: string;
  agent_key: number;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  cache_5m_tokens: number;
  cache_1h_tokens: number;
  placeholder_output: number;
  reported_cost_usd: number | null;
}

/** Returns true when it repriced. */
export function repriceIfNeeded(db: Database.Database, pricing: Pricing, signature: string, rowsByKey: Map<number, AgentRow>): boolean {
  const stored = db.prepare("SELECT value FROM meta WHERE key = 'pricing'").get() as { value: string } | undefined;
  if (stored?.value === signature) return false;
  const setCost = db.prepare('UPDATE usage SET cost_usd = ? WHERE key = ?');
  // Pages by key: better-sqlite3 cannot write while a read iterates on the same connection.
  const page = db.prepare('SELECT * FROM usage WHERE key > ? ORDER BY key LIMIT 5000');
  const saveAgent = db.prepare(
    'UPDATE agents SET cost_usd = ?, unpriced_tokens = ?, unpriced_models = ?, n_placeholder = ?, reported_estimate_usd = ? WHERE key = ?',
  );

  function priceOne(u: UsageRow): void {
    const cost = pricing.cost({
      model: u.model,
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cache5mTokens: u.cache_5m_tokens,
      cache1hTokens: u.cache_1h_tokens,
      cacheReadTokens: u.cache_read_tokens,
    });
    setCost.run(cost, u.key);
    const row = rowsByKey.get(u.agent_key);
    if (!row) return;
    if (cost === null) {
      row.unpricedTokens += u.input_tokens + u.output_tokens + u.cache_creation_tokens + u.cache_read_tokens;
      if (!row.unpricedModels.includes(u.model)) row.unpricedModels.push(u.model);
    } else {
      row.costUsd += cost;
      // The estimate a reported figure stands in for (agent-rows.ts `agentUsage`).
      if (u.reported_cost_usd !== null) row.reportedEstimateUsd += cost;
    }
    if (u.placeholder_output) row.nPlaceholder++;
  }

  db.transaction(() => {
    for (const row of rowsByKey.values()) {
      row.costUsd = 0;
      row.unpricedTokens = 0;
      row.unpricedModels = [];
      row.nPlaceholder = 0;
      row.reportedEstimateUsd = 0;
    }
    let last = '';
    for (;;) {
      const rows = page.all(last) as UsageRow[];
      if (!rows.length) break;
      for (const u of rows) priceOne(u);
      last = rows[rows.length - 1].key;
    }
    createRollupRepo(db).rebuild();
    for (const row of rowsByKey.values()) saveAgent.run(row.costUsd, row.unpricedTokens, JSON.stringify(row.unpricedModels), row.nPlaceholder, row.reportedEstimateUsd, row.key);
    db.prepare("INSERT INTO meta (key, value) VALUES ('pricing', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(signature);
  })();
  return true;
}
