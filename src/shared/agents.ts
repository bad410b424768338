import type { AgentSource, AgentState, BlockedReason, MilestoneLevel, MilestonePhase } from './events';
import type { ChannelStatus } from './channels';
import type { RunOutcome } from './sessions';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

/** Tokens with their cost, and where the cost came from (FORMATS.md §1.6, §7). */
export interface AgentUsage extends UsageTotals {
  /** Estimated from tokens and the price table; null when none of its requests could be priced. */
  costUsd: number | null;
  /**
   * The agent's own figure, when it reported one: a `lantern run`'s stream-json `total_cost_usd`, else the
   * sum of the per-request `cost_usd` OpenTelemetry reported (those requests only).
   */
  reportedCostUsd: number | null;
  /** What to show: the run's total when there is one, else reported figures for the requests that have one plus the estimate of the rest. */
  displayCostUsd: number | null;
  costSource: 'reported' | 'estimate' | 'none';
  /** Models with no price: their tokens are shown, never counted as $0. */
  unpricedModels: string[];
  unpricedTokens: number;
  /** Some records carry the `message_start` placeholder output count: output and cost are undercounted. */
  placeholderOutput: boolean;
  /** Reasoning output (Codex `reasoning_output_tokens`, Gemini `thoughts`): already inside outputTokens, shown apart. */
  reasoningTokens: number;
}

/** Usage limits an agent reported with its latest request (Codex `token_count.rate_limits`). */
export interface RateLimits {
  /** Share of the primary window (Codex: 5 hours) used, 0–100. */
  primaryPct: number | null;
  /** Share of the secondary window (Codex: a week) used, 0–100. */
  secondaryPct: number | null;
  primaryWindowMin: number | null;
  secondaryWindowMin: number | null;
  /** ISO-8601 UTC, when the window starts over. */
  primaryResetsAt: string | null;
  secondaryResetsAt: string | null;
  planType?: string;
  limitId?: string;
  /** ISO-8601 UTC, when the agent reported them. */
  at: string;
}

export interface AgentCounts {
  events: number;
  toolCalls: number;
  toolErrors: number;
  unparsed: number;
}

/** One agent as `GET /api/agents` lists it. */
export interface AgentSummary {
  id: string;
  source: AgentSource;
  sessionId: string | null;
  parentId: string | null;
  cwd: string | null;
  title: string | null;
  state: AgentState;
  stateReason: BlockedReason | string | null;
  startedAt: string | null;
  lastEventAt: string | null;
  models: string[];
  counts: AgentCounts;
  usage: AgentUsage;
  /** Transcript file this agent is read from, when it has one. */
  transcript: string | null;
  /** Milestone streams (`POST /api/event`): the latest phase and how far along the rail it is. */
  milestone?: MilestoneProgress;
  /** How a `lantern run` of this session ended. */
  outcome?: RunOutcome;
  /** `lantern run --tag`. */
  tag?: string;
  /** The latest usage limits the agent reported (Codex). */
  rateLimits?: RateLimits;
  /**
   * The machine the agent runs on, stored per agent: this machine's name for local transcripts, hooks and
   * milestones; for an agent known only through OpenTelemetry, its resource's `host.name`, else the
   * address the telemetry came from (docs/remote.md).
   */
  host: string;
}

export interface MilestoneProgress {
  issue: string;
  phase: MilestonePhase;
  level: MilestoneLevel;
  title: string;
  prUrl: string | null;
  /** 0..1 along setup → repro → fix → test → lint → pr → done. */
  progress: number;
  /** Phases reached so far, in order of first arrival. */
  phases: MilestonePhase[];
}

export interface SourceHealth {
  kind: string;
  root: string;
  exists: boolean;
  error?: string;
}

export interface Health {
  ok: boolean;
  version: string;
  indexing: { done: boolean; files: number; filesDone: number; bytes: number; bytesDone: number };
  watching: boolean;
  sources: SourceHealth[];
  totals: { agents: number; events: number; unparsed: number; files: number; fileErrors: number };
  /** Files that could not be read, with the reason (permission denied, vanished, …). */
  fileErrors: Array<{ path: string; error: string }>;
  /** Off-machine alert channels and their last error (issue 9). */
  channels: ChannelStatus[];
}
