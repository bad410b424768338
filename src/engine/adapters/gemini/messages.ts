/**
 * One Gemini message record → the events it has not produced yet. A message comes again whole whenever it
 * changes (parser.ts says how), so each handler compares with the message's mark (state.ts) and emits only what
 * is new: a changed text, thoughts past those shown, tool calls not yet shown, calls that finished since, the
 * first usage. `quiet` messages update their mark and usage but emit nothing (a stale copy of the session, or
 * history another file shows).
 */
import type { EventDataByKind, EventKind, ToolResultData } from '../../../shared/events';
import { cap, clipMiddle, clipStrings, isRec, parseTs, STORED_TEXT_CAP, str, TEXT_CAP, type Rec } from '../claude/values';
import type { TurnMarker, UsageRecord } from '../types';
import { contentText, resultHasError, toolResultText } from './content';
import { textHash, type MessageMark } from './state';
import { geminiUsage } from './tokens';

/** Where a message came from: its own `.jsonl` line, a list carried in metadata, or a legacy document. */
export type Origin = 'line' | 'embedded' | 'document';

/** What the parser lets a message handler do. */
export interface MessageContext {
  readonly agentId: string;
  readonly filePath: string;
  /** Byte offset of the current line (0 in a document). */
  readonly offset: number;
  emit<K extends EventKind>(kind: K, data: EventDataByKind[K], ts: number): void;
  setMarker(marker: TurnMarker): void;
  /** Title the agent from its first prompt (once per file). */
  titleFromPrompt(text: string): void;
  addModel(model: string): void;
  addUsage(u: UsageRecord): void;
}

export interface MessageInput {
  m: Rec;
  id: string;
  type: string;
  mark: MessageMark;
  /** The message's time, or the last one seen. */
  ts: number;
  quiet: boolean;
  /** The last live message: its kind sets the turn marker. */
  last: boolean;
  origin: Origin;
  /** ccusage's model for messages without one: the last model a `.jsonl` record named. */
  modelHint?: string;
}

/** Tool call states after which nothing more happens to the call. */
const DONE_STATUS = new Set(['success', 'error', 'cancelled']);

export function handleMessage(ctx: MessageContext, msg: MessageInput): void {
  switch (msg.type) {
    case 'user':
      user(ctx, msg);
      break;
    case 'gemini':
      gemini(ctx, msg);
      break;
    case 'info':
    case 'error':
    case 'warning':
      notice(ctx, msg, msg.type);
      break;
    default:
      notice(ctx, { ...msg, last: false }, `unknown:${msg.type || 'none'}`);
  }
}

function user(ctx: MessageContext, { m, mark, ts, quiet, last }: MessageInput): void {
  const text = contentText(m.displayContent ?? m.content);
  const h = textHash(text);
  if (mark.t === h) return;
  mark.t = h;
  if (quiet) return;
  ctx.emit('prompt', { text }, ts);
  if (last) ctx.setMarker('prompt');
  ctx.titleFromPrompt(text);
}

function gemini(ctx: MessageContext, msg: MessageInput): void {
  const { m, id, mark, ts, quiet, last } = msg;
  // ccusage: the message's own model, else the hint; none → no usage.
  const own = typeof m.model === 'string' && m.model.trim() ? m.model.trim() : undefined;
  const model = own ?? msg.modelHint;
  if (model) ctx.addModel(model);
  const thoughts = Array.isArray(m.thoughts) ? m.thoughts : [];
  const text = contentText(m.content);
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls.filter(isRec) : [];
  if (!quiet) {
    for (let i = mark.h ?? 0; i < thoughts.length; i++) {
      const t: unknown = thoughts[i];
      if (!isRec(t)) continue;
      const subject = str(t.subject)?.trim() ?? '';
      const description = str(t.description) ?? str(t.text) ?? '';
      ctx.emit('thinking', { text: subject && description ? `${subject}\n\n${description}` : subject || description }, parseTs(t.timestamp) ?? ts);
    }
  }
  if (thoughts.length > (mark.h ?? 0)) mark.h = thoughts.length;
  if (text.trim()) {
    const h = textHash(text);
    if (mark.t !== h) {
      mark.t = h;
      if (!quiet) ctx.emit('assistant_text', model ? { text, model, messageId: id } : { text, messageId: id }, ts);
    }
  }
  let pending = false;
  calls.forEach((tc, i) => {
    const callId = str(tc.id) || `${id}#${i}`;
    if (!mark.c?.includes(callId)) {
      (mark.c ??= []).push(callId);
      if (!quiet) ctx.emit('tool_call', { toolUseId: callId, name: str(tc.name) ?? '', input: clipStrings(tc.args ?? {}, STORED_TEXT_CAP) }, ts);
    }
    const status = str(tc.status);
    const done = status !== undefined ? DONE_STATUS.has(status) : tc.result !== undefined && tc.result !== null;
    if (!done) {
      pending = true;
      return;
    }
    if (mark.r?.includes(callId)) return;
    (mark.r ??= []).push(callId);
    if (!quiet) ctx.emit('tool_result', toolResult(ctx, tc, callId, status, msg.origin), parseTs(tc.timestamp) ?? ts);
  });
  usage(ctx, msg, model);
  if (!last || quiet) return;
  if (pending) ctx.setMarker('tool_pending');
  else if (calls.length || !text.trim()) ctx.setMarker('responding');
  else ctx.setMarker('turn_end');
}

function toolResult(ctx: MessageContext, tc: Rec, callId: string, status: string | undefined, origin: Origin): ToolResultData {
  const clipped = clipMiddle(toolResultText(tc), STORED_TEXT_CAP);
  const data: ToolResultData = {
    toolUseId: callId,
    isError: status === 'error' || status === 'cancelled' || resultHasError(tc.result),
    text: clipped.text,
  };
  if (status === 'cancelled') data.interrupted = true;
  const reported = [tc.durationMs, tc.duration_ms].find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);
  if (reported !== undefined) data.durationMs = reported;
  if (clipped.omitted) {
    data.omittedChars = clipped.omitted;
    if (origin === 'line') data.lineOffset = ctx.offset;
  }
  return data;
}

/** Usage as ccusage counts it (tokens.ts), keyed by session and message: copies of a session collapse. */
function usage(ctx: MessageContext, { m, id, mark, ts, quiet }: MessageInput, model: string | undefined): void {
  if (!model) return;
  const u = geminiUsage(m.tokens);
  if (!u) return;
  const key = typeof m.id === 'string' && m.id ? `${ctx.agentId}:${m.id}` : `${ctx.filePath}@${ctx.offset}`;
  ctx.addUsage({
    key,
    agentId: ctx.agentId,
    messageId: id,
    requestId: '',
    model,
    ts,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    cacheCreationTokens: 0,
    cacheReadTokens: u.cacheReadTokens,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
    reasoningTokens: u.reasoningTokens,
  });
  if (quiet || mark.u) return;
  mark.u = 1;
  ctx.emit('usage', { messageId: id, requestId: '', model, inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheCreationTokens: 0, cacheReadTokens: u.cacheReadTokens }, ts);
}

/** `info`, `error`, `warning` (and unknown types): UI notices, not conversation. */
function notice(ctx: MessageContext, { m, id, mark, ts, quiet, last }: MessageInput, subtype: string): void {
  const text = contentText(m.content);
  const h = textHash(text);
  if (mark.t === h) return;
  mark.t = h;
  if (quiet) return;
  ctx.emit('system', { subtype, text: cap(text, TEXT_CAP), data: { messageId: id } }, ts);
  if (!last) return;
  if (subtype === 'info' && text.startsWith('Request cancelled')) ctx.setMarker('turn_end');
  else if (subtype === 'error' && text.includes('API Error')) ctx.setMarker('api_error');
}
