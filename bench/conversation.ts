/**
 * One generated conversation (a session's main transcript or a sub-agent's), written record by
 * record in the shape Claude Code uses (FORMATS.md §1.3–1.6): the common envelope in the key order
 * of each version family, one assistant record per content block, tool results with structured
 * `toolUseResult`, and usage folded into the session's expected totals as it is written.
 */
import type { Rng } from './prng';
import type { TextPool } from './text-pool';
import { addUsage, nextUsage, usageTotal, withPlaceholder, type ContextMeter, type UsageTotals, type WireUsage } from './usage-model';

export type Rec = Record<string, unknown>;

/** Version families whose record shapes differ: 2.0.x, 2.1.3x–5x (progress mirrors), 2.1.9x (attachments). */
export type Style = '2.0' | '2.1.3x' | '2.1.9x';

export interface Conversation {
  rng: Rng;
  pool: TextPool;
  style: Style;
  version: string;
  sessionId: string;
  cwd: string;
  gitBranch: string;
  model: string;
  agentId: string | null;
  /** Shared by a session and its sub-agents, so time only moves forward across files. */
  clock: { t: number };
  parentUuid: string | null;
  meter: ContextMeter;
  /** The session's expected usage (sub-agents add to their parent's). */
  totals: UsageTotals;
  lines: string[];
  chars: number;
  /** Stop adding steps once the transcript reaches this many characters. */
  target: number;
  /** Sub-agent records are mirrored into the parent as `progress/agent_progress` (2.1.3x). */
  mirror: ((message: Rec) => void) | null;
  lastUsage: WireUsage | null;
  messages: number;
  toolCalls: number;
}

export interface Written {
  uuid: string;
  timestamp: string;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export function tick(c: Conversation, minMs: number, maxMs: number): string {
  c.clock.t += c.rng.int(minMs, maxMs);
  return iso(c.clock.t);
}

/** Append a raw line (metadata records that carry no envelope). */
export function pushLine(c: Conversation, obj: Rec): void {
  const line = JSON.stringify(obj);
  c.lines.push(line);
  c.chars += line.length + 1;
  c.meter.pendingBytes += line.length;
}

/** Append a conversation record with the envelope of the conversation's version family. */
export function record(c: Conversation, type: string, body: Rec, extra: Rec = {}, uuid = c.rng.uuid()): Written {
  const timestamp = iso(c.clock.t);
  const agent = c.agentId ? { agentId: c.agentId } : {};
  let obj: Rec;
  if (c.style === '2.1.9x') {
    obj = {
      parentUuid: c.parentUuid,
      isSidechain: c.agentId !== null,
      ...agent,
      type,
      ...body,
      uuid,
      timestamp,
      ...extra,
      userType: 'external',
      entrypoint: 'cli',
      cwd: c.cwd,
      sessionId: c.sessionId,
      version: c.version,
      gitBranch: c.gitBranch,
    };
  } else {
    const typed = type === 'assistant' ? { ...body, type } : { type, ...body };
    obj = {
      parentUuid: c.parentUuid,
      isSidechain: c.agentId !== null,
      userType: 'external',
      cwd: c.cwd,
      sessionId: c.sessionId,
      version: c.version,
      gitBranch: c.gitBranch,
      ...agent,
      ...typed,
      uuid,
      timestamp,
      ...extra,
    };
  }
  pushLine(c, obj);
  c.parentUuid = uuid;
  return { uuid, timestamp };
}

export const messageId = (rng: Rng): string => `msg_01${rng.base62(22)}`;
export const requestId = (rng: Rng): string => `req_011C${rng.base62(20)}`;
export const toolUseId = (rng: Rng): string => `toolu_01${rng.base62(22)}`;

/**
 * One API response: one record per block, all sharing message.id and requestId and repeating the
 * usage. Returns the uuid of each block's record. The expected totals get the record with the
 * largest token total (ccusage's dedup rule), which is what an indexer must arrive at.
 */
export function assistantMessage(c: Conversation, blocks: Rec[], stopReason: string): { messageId: string; records: Written[] } {
  const { rng } = c;
  const { usage, compacted } = nextUsage(rng, c.meter, c.style !== '2.0');
  if (compacted && c.agentId === null) {
    const leaf = c.parentUuid;
    c.parentUuid = null;
    tick(c, 1000, 30_000);
    record(c, 'system', { subtype: 'compact_boundary', content: 'Conversation compacted', isMeta: false, level: 'info' }, {
      logicalParentUuid: leaf,
      compactMetadata: { trigger: 'auto', preTokens: rng.int(160_000, 190_000) },
    });
  }
  const id = messageId(rng);
  const req = requestId(rng);
  const placeholderStyle = c.style !== '2.1.9x';
  const allPlaceholder = placeholderStyle && rng.chance(0.33);
  const placeholder = rng.int(1, 15);
  let best: WireUsage | null = null;
  const written: Written[] = [];
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1;
    const u = placeholderStyle && (!last || allPlaceholder) ? withPlaceholder(usage, placeholder) : usage;
    const message: Rec = {
      model: c.model,
      id,
      type: 'message',
      role: 'assistant',
      content: [block],
      stop_reason: placeholderStyle ? null : stopReason,
      stop_sequence: null,
      ...(c.style === '2.1.9x' ? { stop_details: null } : {}),
      usage: u,
    };
    tick(c, 150, 4000);
    const w = record(c, 'assistant', { message, requestId: req });
    written.push(w);
    if (!best || usageTotal(u) > usageTotal(best)) best = u;
    c.mirror?.({ type: 'assistant', timestamp: w.timestamp, message: { ...message, context_management: null }, requestId: req, uuid: w.uuid });
  });
  if (best) {
    addUsage(c.totals, best);
    c.lastUsage = best;
  }
  c.messages++;
  return { messageId: id, records: written };
}

/** A local API error record (`<synthetic>` model, zero usage), which accounting must skip or count as zero. */
export function syntheticError(c: Conversation): void {
  tick(c, 500, 5000);
  record(
    c,
    'assistant',
    {
      message: {
        id: c.rng.uuid(),
        model: '<synthetic>',
        role: 'assistant',
        stop_reason: 'stop_sequence',
        stop_sequence: '',
        type: 'message',
        usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
        content: [{ type: 'text', text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
      },
    },
    { isApiErrorMessage: true },
  );
}

export function thinkingBlock(c: Conversation): Rec {
  const empty = c.style === '2.1.9x' && c.rng.chance(0.5);
  return {
    type: 'thinking',
    thinking: empty ? '' : c.pool.text(c.rng, c.rng.logUniform(40, 4000)),
    signature: c.rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', c.rng.logUniform(200, 1600)),
  };
}

export function textBlock(c: Conversation, text = c.pool.text(c.rng, c.rng.logUniform(20, 3000))): Rec {
  return { type: 'text', text };
}
