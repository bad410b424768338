/** What `GET /api/live/stats` and `lantern stats` answer. Costs in USD; `null` where nothing could be priced. */

export interface StatsQuery {
  /** `24h` (default), `30m`, `1h`, `7d`, … or `all`. */
  window?: string;
  /** Only this agent (and its sub-agents). */
  agentId?: string;
  /** Only agents whose cwd is this project directory. */
  project?: string;
}

export interface Burn {
  /** Rolling 5 minutes, per minute. */
  perMinute: number;
  /** The last 60 minutes. */
  perHour: number;
  /** Since local midnight. */
  today: number;
  /** Month to date plus the month's average daily spend so far times the days left (see docs/stats.md). */
  projectedMonthEnd: number;
}

export interface ToolLatency {
  name: string;
  /** Calls in the window that finished (a duration) or were interrupted. */
  count: number;
  errors: number;
  /** Interrupted calls: counted, left out of the percentiles. */
  interrupted: number;
  /** Nearest-rank percentiles of the finished, not interrupted calls; null when there are none. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Durations of the latest finished calls in the window (at most 30), oldest first: the sparkline. */
  recentMs: number[];
}

export interface LiveStats {
  window: string;
  totals: { events: number; tokens: number; costUsd: number; unpricedTokens: number };
  burn: Burn;
  agents: { running: number; blocked: number; idle: number; done: number; failed: number; stale: number };
  tools: ToolLatency[];
}

/** One `burn_tick` on the stream, every 5 s while any agent runs. */
export interface BurnTick {
  at: string;
  burn: Burn;
  running: number;
}
