/**
 * The one event model every input is turned into (DESIGN.md "Pipeline").
 * Pure types and constants: no Node, no DOM, so renderer and engine share it.
 */

/** Which family of agent an agent belongs to. */
export type AgentSource = 'claude' | 'codex' | 'gemini' | 'milestone';

/** Which channel produced an event. */
export type EventSource = 'transcript' | 'hook' | 'registry' | 'milestone' | 'otel' | 'sidecar' | 'engine';

export const AGENT_STATES = ['running', 'blocked', 'idle', 'done', 'failed', 'stale'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export type BlockedReason = 'permission' | 'question' | 'input';

export interface PromptData {
  text: string;
  /** Injected by the tool (caveats, slash-command expansions), not typed by a person. */
  isMeta?: boolean;
  /** Post-compaction summary handed back to the model. */
  isCompactSummary?: boolean;
}
export interface AssistantTextData {
  text: string;
  model?: string;
  messageId?: string;
}
export interface ThinkingData {
  text: string;
  redacted?: boolean;
}
export interface ToolCallData {
  toolUseId: string;
  name: string;
  input: unknown;
}
export interface ToolResultData {
  toolUseId: string;
  isError: boolean;
  /** Result flattened to text (images become a placeholder). */
  text: string;
  interrupted?: boolean;
  durationMs?: number;
  /** Chars cut from the middle of a very long result; the full text is in the transcript line at `lineOffset`. */
  omittedChars?: number;
  /** Byte offset of the transcript line that holds the full result (set when clipped). */
  lineOffset?: number;
}
export interface UsageData {
  messageId: string;
  requestId: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Set when output_tokens looks like the message_start placeholder (FORMATS.md §1.6). */
  placeholderOutput?: boolean;
}
export type MilestonePhase = 'setup' | 'repro' | 'fix' | 'test' | 'lint' | 'pr' | 'blocked' | 'done';
export type MilestoneLevel = 'info' | 'success' | 'warning' | 'error';
export interface MilestoneData {
  issue: string;
  phase: MilestonePhase;
  level: MilestoneLevel;
  title: string;
  prUrl?: string;
}
export interface StatusData {
  state: AgentState;
  prev?: AgentState;
  reason?: BlockedReason | string;
  /** What the state was derived from: hook, registry, transcript, mtime. */
  evidence?: string;
}
export interface NotificationData {
  message: string;
  type?: string;
  title?: string;
}
export interface SystemData {
  /** Record subtype, e.g. compact_boundary, turn_duration, local_command, api_error, hook_success. */
  subtype: string;
  text?: string;
  data?: Record<string, unknown>;
}
export interface UnparsedData {
  reason: string;
  /** Start of the offending line, for a human to look at. */
  excerpt?: string;
  /** Byte offset of the line in its file. */
  offset?: number;
}

export interface EventDataByKind {
  prompt: PromptData;
  assistant_text: AssistantTextData;
  thinking: ThinkingData;
  tool_call: ToolCallData;
  tool_result: ToolResultData;
  usage: UsageData;
  milestone: MilestoneData;
  status: StatusData;
  notification: NotificationData;
  system: SystemData;
  unparsed: UnparsedData;
}
export type EventKind = keyof EventDataByKind;
export const EVENT_KINDS = [
  'prompt',
  'assistant_text',
  'thinking',
  'tool_call',
  'tool_result',
  'usage',
  'milestone',
  'status',
  'notification',
  'system',
  'unparsed',
] as const satisfies readonly EventKind[];

interface EventHeader {
  /** Store id: monotonic, the SSE `id:` and the paging cursor. */
  id: number;
  agentId: string;
  /** ISO-8601 UTC. */
  ts: string;
  source: EventSource;
}

/** A stored event: header plus the fields of its kind, flat. */
export type LanternEvent = {
  [K in EventKind]: EventHeader & { kind: K } & EventDataByKind[K];
}[EventKind];

export type EventOf<K extends EventKind> = Extract<LanternEvent, { kind: K }>;
