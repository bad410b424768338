/** The store's public shapes: what a commit takes and returns, and the Store facade itself. */
import type { AgentSummary } from '../../shared/agents';
import type { EventPage, EventPageQuery } from '../../shared/contract';
import type { AgentState, LanternEvent } from '../../shared/events';
import type { ParseOutput, ParserState } from '../adapters/types';
import type { AgentRow } from './agent-rows';

export interface FileRecord {
  path: string;
  adapter: string;
  offset: number;
  size: number;
  ino: string | null;
  mtimeMs: number | null;
  head: string | null;
  lines: number;
  unparsed: number;
  parserState: ParserState | null;
  error: string | null;
  deleted: boolean;
}

/** Where a file's reading stands after a batch; written in the batch's transaction. */
export interface FileCommit {
  path: string;
  adapter: string;
  offset: number;
  size: number;
  ino: string;
  mtimeMs: number;
  head: string;
  linesAdded: number;
  unparsedAdded: number;
  parserState: ParserState | null;
  /** Reset counters (file truncated or replaced and read again from 0). */
  reset?: boolean;
}

/**
 * Tool timing from a channel other than the transcript (Claude Code's PreToolUse / PostToolUse
 * hooks), keyed by the same `tool_use_id`, so a call seen in both is one call.
 */
export interface ToolTiming {
  toolUseId: string;
  name?: string;
  startedAt?: number;
  endedAt?: number;
  /** Measured by the agent itself: wins over any difference of timestamps. */
  durationMs?: number;
  isError?: boolean;
  /** Cut short by the user (Esc); kept out of latency percentiles. */
  interrupted?: boolean;
  /** Who measured `durationMs`: a hook (default) or OpenTelemetry's `tool_result`. Both are Claude Code's own figure. */
  durationSource?: 'hook' | 'otel';
}

/** Where one cumulative metric series stood (OTLP `AGGREGATION_TEMPORALITY_CUMULATIVE`), nanoseconds kept as strings. */
export interface SeriesPosition {
  series: string;
  startNs: string;
  timeNs: string;
  value: number;
}

/** What one OTLP request carried, committed in one transaction (src/engine/otel). */
export interface TelemetryCommit {
  output: ParseOutput;
  /** Durations for tool calls a transcript (or hook) knows, joined by tool_use id. */
  timings: Array<{ agentId: string; timing: ToolTiming }>;
  /** Cumulative series positions the batch's metric deltas were taken against. */
  series: SeriesPosition[];
}

export interface ToolCallRecord {
  toolUseId: string;
  agentId: string | null;
  name: string | null;
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  isError: boolean | null;
  permissionRequestedAt: number | null;
  interrupted: boolean | null;
  /** hook | reported | timestamps: see tools-repo.ts. */
  durationSource: string | null;
}

export interface CommitResult {
  events: LanternEvent[];
  agents: AgentSummary[];
}

export interface Store {
  readonly path: string;
  commit(output: ParseOutput, file?: FileCommit): CommitResult;
  /** An OTLP request's events, usage, tool timings and series positions, in one transaction. */
  commitTelemetry(batch: TelemetryCommit): CommitResult;
  /** The stored positions of these cumulative series (absent: never seen). */
  seriesPositions(keys: string[]): Map<string, SeriesPosition>;
  getFile(path: string): FileRecord | null;
  allFiles(): FileRecord[];
  /** Every file's identity and read position, without the parser state (cheap; for a warm start). */
  fileIdentities(): FileRecord[];
  setFileError(path: string, adapter: string, error: string | null): void;
  markFileDeleted(path: string): void;
  /** Rows of other paths with this inode and adapter (a file that moved here may be one of them). */
  sameInodeFiles(ino: string, adapter: string, exceptPath: string): FileRecord[];
  /** The file now lives at `to`: its row (read position, parser state) and its agents' transcript path move there. */
  moveFile(from: string, to: string): void;
  agentRows(): readonly AgentRow[];
  /** One agent's live row (not a copy: read only). */
  agentRow(id: string): AgentRow | null;
  listAgents(): AgentSummary[];
  getAgent(id: string): AgentSummary | null;
  /** Record a state change as a `status` event; returns it, or null when the state is unchanged. */
  setState(id: string, state: AgentState, reason: string | null, evidence: string, ts: number): CommitResult | null;
  getEvents(agentId: string, q: EventPageQuery): EventPage | null;
  /**
   * Record tool timing without creating events or counting a call (the transcript's tool_call
   * event counts it). Creates the row (and the agent) when the hook is the first to see the call.
   */
  recordToolTiming(agentId: string, t: ToolTiming): void;
  getToolCall(toolUseId: string): ToolCallRecord | null;
  /**
   * A permission prompt opened for the agent's newest unfinished call of this tool (PermissionRequest
   * carries no tool_use_id): the wait is kept apart from execution time in latency stats.
   */
  markPermissionRequested(agentId: string, toolName: string, at: number): void;
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  /** The latest `limit` events across agents, `usage` left out, ascending ids. */
  recentEvents(limit: number): LanternEvent[];
  /** The id of the agent stored under this `agent_key`. */
  agentIdOfKey(key: number): string | null;
  maxEventId(): number;
  totals(): { agents: number; events: number; unparsed: number; files: number; fileErrors: number };
  close(): void;
}
