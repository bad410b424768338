/** Live processes Lantern knows own a session: `lantern run` sidecars and Claude Code's own registry. */
export interface ActiveSession {
  sessionId: string;
  tag: string | null;
  /** The process that owns the session (the `lantern run` wrapper, or the Claude Code process). */
  pid: number;
  startedAt: string | null;
  attempt: number;
  source: 'sidecar' | 'claude-registry';
  /** Live transcript path, when known. */
  transcript: string | null;
  /** The scheduler job (cron, systemd, launchd) process the session runs under, when found. */
  jobPid?: number;
  /** Claude Code's registry status (busy, idle, waiting, shell) when it has one. */
  status?: string;
  command?: string[];
}

/** How a `lantern run` ended, as its sidecar recorded it. Cost comes only from the agent's own result line. */
export interface RunOutcome {
  exitCode: number | null;
  signal: string | null;
  /** `success` (0), `skipped` (the configured skip exit code), `failed`, `killed`. */
  kind: 'success' | 'skipped' | 'failed' | 'killed';
  endedAt: string;
  /** From stream-json's final `result` line; absent when the run died before it. */
  result?: {
    subtype: string;
    isError: boolean;
    totalCostUsd: number | null;
    numTurns: number | null;
    durationMs: number | null;
    modelUsage: Record<string, { inputTokens: number; outputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number; costUSD: number }>;
    permissionDenials: Array<{ toolName: string; toolUseId: string | null }>;
  };
}
