/**
 * Token and cost sums since an instant, exact to the millisecond yet mostly read from the rollup:
 * whole 15-minute buckets from the first bucket boundary at or after the start, plus the usage rows
 * between the start and that boundary (at most 15 minutes of them, through `usage_by_ts`). A usage row
 * lives in the bucket of its ts, so the two parts never overlap.
 */
import type Database from 'better-sqlite3';
import { BUCKET_MS } from '../store/rollup-repo';
import { SCOPE_SQL, scopeParams } from './scope';

export interface WindowUsage {
  tokens: number;
  costUsd: number;
  /** Tokens of requests that could not be priced (unknown model), counted in `tokens`, not in cost. */
  unpricedTokens: number;
}

const TOKENS = 'input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens';

// A model is priced or not as a whole, so a rollup row with any unpriced request is all unpriced.
const ROLLUP_SQL = `SELECT coalesce(sum(${TOKENS}), 0) AS tokens, coalesce(sum(cost_usd), 0) AS costUsd,
  coalesce(sum(CASE WHEN unpriced_requests > 0 THEN ${TOKENS} ELSE 0 END), 0) AS unpricedTokens
  FROM usage_rollup WHERE bucket >= @from AND ${SCOPE_SQL}`;
const HEAD_SQL = `SELECT coalesce(sum(${TOKENS}), 0) AS tokens, coalesce(sum(cost_usd), 0) AS costUsd,
  coalesce(sum(CASE WHEN cost_usd IS NULL THEN ${TOKENS} ELSE 0 END), 0) AS unpricedTokens
  FROM usage WHERE ts >= @start AND ts < @from AND ${SCOPE_SQL}`;

export function usageSince(db: Database.Database, startMs: number | null, agentKeys: number[] | null): WindowUsage {
  const scope = scopeParams(agentKeys);
  if (startMs === null) return db.prepare(ROLLUP_SQL).get({ ...scope, from: Number.MIN_SAFE_INTEGER }) as WindowUsage;
  const boundary = Math.ceil(startMs / BUCKET_MS) * BUCKET_MS;
  const whole = db.prepare(ROLLUP_SQL).get({ ...scope, from: boundary }) as WindowUsage;
  const head = db.prepare(HEAD_SQL).get({ ...scope, start: startMs, from: boundary }) as WindowUsage;
  return {
    tokens: whole.tokens + head.tokens,
    costUsd: whole.costUsd + head.costUsd,
    unpricedTokens: whole.unpricedTokens + head.unpricedTokens,
  };
}
