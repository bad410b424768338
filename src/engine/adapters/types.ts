/**
 * What a source adapter produces from the bytes of one file. Adapters are pure: they never
 * touch the store, so they can run in a worker thread and are tested line by line.
 */
import type { MilestoneProgress, RateLimits } from '../../shared/agents';
import type { AgentSource, AgentState, EventDataByKind, EventKind, EventSource } from '../../shared/events';
import type { RunOutcome } from '../../shared/sessions';

/** An event before the store gives it an id. `ts` is epoch milliseconds. */
export type NewEvent = {
  [K in EventKind]: { agentId: string; kind: K; ts: number; source: EventSource; data: EventDataByKind[K] };
}[EventKind];

/** How the transcript's own structure says a turn stands, for liveness. */
export type TurnMarker =
  | 'prompt' // a prompt is waiting for an answer
  | 'tool_pending' // a tool_use has no result yet
  | 'responding' // assistant output mid-turn
  | 'turn_end' // stop_reason end_turn, turn_duration, or a final text block
  | 'api_error'; // the last thing was an API error

/** Upsert of an agent row. Missing fields leave the stored value alone. */
export interface AgentPatch {
  id: string;
  source: AgentSource;
  sessionId?: string;
  parentId?: string;
  cwd?: string;
  /** Title with its priority: a higher priority replaces a lower one, never the reverse. */
  title?: { text: string; priority: number };
  /** Merged as min. */
  startedAt?: number;
  /** Merged as max. */
  lastEventAt?: number;
  models?: string[];
  marker?: TurnMarker;
  /** State asserted by first-party evidence (Claude Code hooks, milestones); transcripts leave this unset. */
  hook?: HookState;
  transcript?: string;
  /** Source-specific facts shown with the agent (milestone progress, run outcome, tag); shallow-merged. */
  meta?: AgentMeta;
  /**
   * The machine the agent runs on, when a source knows it (OpenTelemetry `host.name`). Applied only
   * to an agent without a transcript on this machine; new agents default to this machine's name.
   */
  host?: string;
}

/** A state an agent reported about itself, and when; liveness trusts it until newer activity says otherwise. */
export interface HookState {
  state: AgentState;
  reason: string | null;
  at: number;
}

/** Per-agent facts that only some sources have. Stored as JSON; each key replaces the stored one. */
export interface AgentMeta {
  milestone?: MilestoneProgress;
  outcome?: RunOutcome;
  tag?: string;
  /** The latest usage limits the agent reported (Codex `token_count.rate_limits`). */
  rateLimits?: RateLimits;
}

/** One (message.id, requestId) usage record; the store keeps the largest per key. */
export interface UsageRecord {
  key: string;
  agentId: string;
  messageId: string;
  requestId: string;
  model: string;
  ts: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cache5mTokens: number;
  cache1hTokens: number;
  placeholderOutput: boolean;
  /**
   * Reasoning output (Codex `reasoning_output_tokens`, Gemini `thoughts`), billed as output and so
   * included in outputTokens; kept apart to be shown separately. (ccusage's Codex output includes it
   * too; its Gemini output leaves thoughts out while its total and cost count them.)
   */
  reasoningTokens?: number;
  /** The agent's own cost figure for this request (OpenTelemetry `cost_usd`): shown instead of the estimate. */
  reportedCostUsd?: number;
  /**
   * Which channel the record comes from when it is not a transcript (see src/engine/store/usage-merge.ts):
   * `request`: an OpenTelemetry log naming its request id (deduplicated against transcripts by it);
   * `session`: an OpenTelemetry log without one; `metric`: an OpenTelemetry metric point.
   */
  telemetry?: 'request' | 'session' | 'metric';
}

/** Accumulates what parsing a run of lines produced; handed to the store as one transaction. */
export interface ParseOutput {
  events: NewEvent[];
  usage: UsageRecord[];
  agents: Map<string, AgentPatch>;
}

/** Parser state that must survive a restart; stored next to the file offset, in the same transaction. */
export type ParserState = Record<string, unknown>;

export interface FileParser {
  /** Parse one complete line (without its newline). `offset` is the line's byte offset in the file. */
  parseLine(line: string, offset: number, out: ParseOutput): void;
  /** Serializable state to resume from the next offset. */
  state(): ParserState;
  /** Called by the ingest loop at the end of each batch of lines, before state() is saved. */
  flush?(out: ParseOutput): void;
  /**
   * `rewrite` files only: the whole file's text, on every read, with the state saved after the previous
   * read, so the parser emits only what changed. False: not a complete document yet (a writer is mid-way);
   * nothing is committed and the file is read again on its next change.
   */
  parseDocument?(text: string, out: ParseOutput): boolean;
}

/** A file an adapter claims, with what its path alone tells. */
export interface SourceFile {
  path: string;
  adapter: string;
  /** How the file is read: appended JSONL (tailed by offset) or rewritten whole. */
  mode: 'append' | 'rewrite';
}

export interface SourceAdapter {
  name: string;
  /** Does this adapter read this path? Cheap, path-only. */
  claims(path: string): SourceFile | null;
  /** Create a parser for a file, resuming from saved state when given. */
  createParser(file: SourceFile, saved: ParserState | null): FileParser;
}

export function newParseOutput(): ParseOutput {
  return { events: [], usage: [], agents: new Map() };
}

/**
 * The output's patch for an agent, created the first time a line touches it (with its id and
 * source, then whatever `init` sets once).
 */
export function agentPatchIn(out: ParseOutput, id: string, source: AgentPatch['source'], init?: (p: AgentPatch) => void): AgentPatch {
  let p = out.agents.get(id);
  if (!p) {
    out.agents.set(id, (p = { id, source }));
    init?.(p);
  }
  return p;
}

/** Stretches a patch's first and last activity to cover `ts` (what every parser does per timed line). */
export function coverTime(p: AgentPatch, ts: number): void {
  if (p.startedAt === undefined || ts < p.startedAt) p.startedAt = ts;
  if (p.lastEventAt === undefined || ts > p.lastEventAt) p.lastEventAt = ts;
}

/** Adds a model to a patch's list, once. */
export function addModelTo(p: AgentPatch, model: string): void {
  if (!p.models) p.models = [model];
  else if (!p.models.includes(model)) p.models.push(model);
}

/** Merge a patch into the output's agent map (later fields win, times merged as min/max). */
export function mergeAgentPatch(out: ParseOutput, patch: AgentPatch): void {
  const prev = out.agents.get(patch.id);
  if (!prev) {
    out.agents.set(patch.id, { ...patch, models: patch.models ? [...patch.models] : undefined });
    return;
  }
  if (patch.sessionId !== undefined) prev.sessionId = patch.sessionId;
  if (patch.parentId !== undefined) prev.parentId = patch.parentId;
  if (patch.cwd !== undefined) prev.cwd = patch.cwd;
  if (patch.title && (!prev.title || patch.title.priority >= prev.title.priority)) prev.title = patch.title;
  if (patch.startedAt !== undefined) prev.startedAt = Math.min(prev.startedAt ?? Infinity, patch.startedAt);
  if (patch.lastEventAt !== undefined) prev.lastEventAt = Math.max(prev.lastEventAt ?? -Infinity, patch.lastEventAt);
  if (patch.models) {
    const set = new Set(prev.models ?? []);
    for (const m of patch.models) set.add(m);
    prev.models = [...set];
  }
  if (patch.marker !== undefined) prev.marker = patch.marker;
  if (patch.hook && (!prev.hook || patch.hook.at >= prev.hook.at)) prev.hook = patch.hook;
  if (patch.transcript !== undefined) prev.transcript = patch.transcript;
  if (patch.meta) prev.meta = { ...prev.meta, ...patch.meta };
  if (patch.host !== undefined) prev.host = patch.host;
}

/** What a root-finding provider may read: the dirs given by flags, and the environment. */
export interface RootOptions {
  codexDirs?: string[];
  geminiDirs?: string[];
  /** False: only the dirs given, none discovered (`--no-default-dirs`). */
  discoverRoots?: boolean;
  env: NodeJS.ProcessEnv;
  home: string;
}

/**
 * An agent's files: the directories they live in and the adapter that reads them. The engine
 * watches and scans each dir; adding an agent means adding a provider to adapters/registry.ts.
 */
export interface SourceProvider {
  /** Health kind shown in /api/health and the Settings view (`codex`, `gemini`). */
  kind: string;
  /** Directories holding this agent's files (they need not exist yet). */
  dirs(opts: RootOptions): string[];
  adapter: SourceAdapter;
}
