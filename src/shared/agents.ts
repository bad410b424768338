import type { AgentSource, AgentState, BlockedReason, MilestoneLevel, MilestonePhase } from './events';
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
  /** The agent's own figure (stream-json `total_cost_usd`, statusline, OpenTelemetry), when it reported one. */
  reportedCostUsd: number | null;
  /** What to show: the reported figure when there is one, else the estimate. */
  displayCostUsd: number | null;
  costSource: 'reported' | 'estimate' | 'none';
  /** Models with no price: their tokens are shown, never counted as $0. */
  unpricedModels: string[];
  unpricedTokens: number;
  /** Some records carry the `message_start` placeholder output count: output and cost are undercounted. */
  placeholderOutput: boolean;
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
  /** The machine the agent runs on (this machine's name for local transcripts). */
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
}
