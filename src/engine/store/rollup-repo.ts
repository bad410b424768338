/**
 * `usage_rollup`: token and cost sums per 15-minute bucket, agent and model, moved by deltas in the
 * same transaction as the usage rows, so day / model / project / window totals are small queries
 * instead of a pass over the whole history (ccusage re-reads every file for each report).
 */
import type Database from 'better-sqlite3';

/** 15 minutes: every real UTC offset is a multiple of it, so a local day is an exact set of buckets. */
export const BUCKET_MS = 15 * 60 * 1000;
export const bucketOf = (ts: number) => Math.floor(ts / BUCKET_MS) * BUCKET_MS;

export interface RollupDelta {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  unpricedRequests: number;
}

export function createRollupRepo(db: Database.Database) {
  const add = db.prepare(
    `INSERT INTO usage_rollup (bucket, agent_key, model, requests, input_tokens, output_tokens, cache_creation_tokens,
       cache_read_tokens, cost_usd, unpriced_requests)
     VALUES (@bucket, @agentKey, @model, @requests, @inputTokens, @outputTokens, @cacheCreationTokens, @cacheReadTokens, @costUsd, @unpricedRequests)
     ON CONFLICT(bucket, agent_key, model) DO UPDATE SET requests = requests + excluded.requests,
       input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
       cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
       cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, cost_usd = cost_usd + excluded.cost_usd,
       unpriced_requests = unpriced_requests + excluded.unpriced_requests`,
  );
  const rebuild = db.prepare(
    `INSERT INTO usage_rollup (bucket, agent_key, model, requests, input_tokens, output_tokens, cache_creation_tokens,
       cache_read_tokens, cost_usd, unpriced_requests)
     SELECT (ts / ${BUCKET_MS}) * ${BUCKET_MS}, agent_key, model, count(*), sum(input_tokens), sum(output_tokens),
       sum(cache_creation_tokens), sum(cache_read_tokens), sum(coalesce(cost_usd, 0)), sum(cost_usd IS NULL)
     FROM usage GROUP BY 1, 2, 3`,
  );
  return {
    add: (ts: number, agentKey: number, model: string, d: RollupDelta) => void add.run({ bucket: bucketOf(ts), agentKey, model, ...d }),
    /** From the usage rows (after a reprice). */
    rebuild() {
      db.exec('DELETE FROM usage_rollup');
      rebuild.run();
    },
  };
}
