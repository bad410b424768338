/**
 * Spend rate (docs/stats.md "Burn rate and projection"). Short windows read the priced usage rows
 * through the `usage_by_ts` index (a 5- or 60-minute slice is a few hundred rows); today and the month
 * read the rollup, whose 15-minute buckets line up with local midnights. Unpriced requests add nothing.
 */
import type Database from 'better-sqlite3';
import type { Burn } from '../../shared/stats';
import { daysInLocalMonth, localMidnight, localMonthStart, nextLocalMidnight } from './local-time';
import { SCOPE_SQL, scopeParams } from './scope';

const MINUTE = 60_000;
/** Below this much of the month elapsed, the projection divides by it instead (no ×1000 blow-ups at 00:01 on the 1st). */
const MIN_ELAPSED_DAYS = 1 / 24;

export function computeBurn(db: Database.Database, now: number, agentKeys: number[] | null = null): Burn {
  const scope = scopeParams(agentKeys);
  const usageCost = db.prepare(`SELECT coalesce(sum(cost_usd), 0) FROM usage WHERE ts > @from AND ts <= @now AND ${SCOPE_SQL}`).pluck();
  // Buckets that have begun by `now`; a bucket's rows may run up to 15 minutes past its start.
  const rollupCost = db.prepare(`SELECT coalesce(sum(cost_usd), 0) FROM usage_rollup WHERE bucket >= @from AND bucket <= @now AND ${SCOPE_SQL}`).pluck();
  const last5 = usageCost.get({ ...scope, from: now - 5 * MINUTE, now }) as number;
  const lastHour = usageCost.get({ ...scope, from: now - 60 * MINUTE, now }) as number;
  const today = rollupCost.get({ ...scope, from: localMidnight(now), now }) as number;
  const monthToDate = rollupCost.get({ ...scope, from: localMonthStart(now), now }) as number;
  return { perMinute: last5 / 5, perHour: lastHour, today, projectedMonthEnd: projectMonthEnd(monthToDate, now) };
}

/**
 * Month to date plus the month's average daily spend so far times the days left. Days elapsed count
 * whole local days before today plus the elapsed fraction of today (DST days are 23 or 25 hours long).
 */
export function projectMonthEnd(monthToDate: number, now: number): number {
  const midnight = localMidnight(now);
  const dayFraction = (now - midnight) / (nextLocalMidnight(now) - midnight);
  const elapsed = new Date(now).getDate() - 1 + dayFraction;
  const total = daysInLocalMonth(now);
  const perDay = monthToDate / Math.max(elapsed, MIN_ELAPSED_DAYS);
  return monthToDate + perDay * (total - elapsed);
}
