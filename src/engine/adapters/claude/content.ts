/**
 * Conversation records: `user` (prompts, tool results, task notifications) and `assistant` (one event per
 * content block, plus usage). FORMATS.md §1.4–1.6.
 */
import type { ToolResultData } from '../../../shared/events';
import type { ParseOutput, TurnMarker, UsageRecord } from '../types';
import type { LineContext } from './context';
import { cap, clipMiddle, clipStrings, firstNonBlank, flattenContent, isRec, num, optNum, STORED_TEXT_CAP, str, tagValue, TEXT_CAP, type Rec } from './values';

/** `message_start` placeholder: output_tokens this low while the record carries more text (FORMATS.md §1.6). */
const PLACEHOLDER_MAX_OUTPUT = 15;
const PLACEHOLDER_MIN_TEXT = 400;
const SYNTHETIC = '<synthetic>';

/** Prompts the tool writes on the user's behalf: never a title. */
const NOT_TYPED_PREFIXES = [
  '<command-',
  '<local-command-',
  '<bash-',
  '<system-reminder>',
  '<user-prompt-submit-hook>',
  'Caveat: ',
  '[Request interrupted',
];

function startsWithAny(text: string, start: number, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (text.startsWith(p, start)) return true;
  return false;
}

/** Where the text starts after leading whitespace (0 for blank text). */
const leadingBlank = (text: string): number => Math.max(0, firstNonBlank(text));

/** `user` record. Returns false when it has no message content (the caller counts it as unparsed). */
export function handleUser(ctx: LineContext, rec: Rec): boolean {
  const msg = rec.message;
  if (!isRec(msg)) return false;
  const content = msg.content;
  const isMeta = rec.isMeta === true;
  const isCompactSummary = rec.isCompactSummary === true;
  const tur = rec.toolUseResult;

  if (typeof content === 'string') {
    prompt(ctx, content, content, isMeta, isCompactSummary);
  } else if (Array.isArray(content)) {
    let parts: string[] | null = null;
    let firstText: string | null = null;
    for (const b of content) {
      if (!isRec(b)) continue;
      const type = b.type;
      if (type === 'tool_result') {
        toolResult(ctx, b, tur);
      } else if (type === 'text') {
        const t = str(b.text) ?? '';
        (parts ??= []).push(t);
        if (firstText === null && firstNonBlank(t) >= 0) firstText = t;
      } else {
        // image, document, …: kept as a placeholder in the prompt text
        (parts ??= []).push(`[${str(type) ?? 'block'}]`);
      }
    }
    if (parts) prompt(ctx, parts.length === 1 ? parts[0] : parts.join('\n'), firstText, isMeta, isCompactSummary);
  }

  // A Task/Agent result names the sub-agent it ran: link it now, before its file is read.
  if (isRec(tur)) {
    const child = str(tur.agentId);
    if (child) ctx.linkChild(child, str(rec.sessionId));
  }
  return typeof content === 'string' || Array.isArray(content);
}

function prompt(ctx: LineContext, text: string, titleText: string | null, isMeta: boolean, isCompactSummary: boolean): void {
  const start = leadingBlank(text);
  if (text.startsWith('<task-notification>', start)) {
    taskNotification(ctx, text);
    return;
  }
  const data: { text: string; isMeta?: boolean; isCompactSummary?: boolean } = { text };
  if (isMeta) data.isMeta = true;
  if (isCompactSummary) data.isCompactSummary = true;
  ctx.emit('prompt', data);
  if (isMeta || isCompactSummary) return; // injected: says nothing about the turn
  if (text.startsWith('<local-command-stdout>', start) || text.startsWith('<local-command-stderr>', start)) {
    ctx.setMarker('turn_end'); // a local slash command finished; the model is not called
    return;
  }
  if (text.startsWith('[Request interrupted', start)) {
    ctx.setMarker('turn_end'); // the user pressed Esc: back to waiting for input
    return;
  }
  ctx.setMarker('prompt');
  if (titleText !== null && !startsWithAny(titleText, leadingBlank(titleText), NOT_TYPED_PREFIXES)) ctx.titleFromPrompt(titleText);
}

/** `<task-notification>` user message: a background task finished; the model is woken to answer it. */
function taskNotification(ctx: LineContext, text: string): void {
  const data: Record<string, unknown> = {};
  const fields: [string, string][] = [
    ['taskId', 'task-id'],
    ['toolUseId', 'tool-use-id'],
    ['outputFile', 'output-file'],
    ['status', 'status'],
    ['summary', 'summary'],
  ];
  for (const [key, tag] of fields) {
    const v = tagValue(text, tag);
    if (v !== undefined) data[key] = v;
  }
  const summary = typeof data.summary === 'string' ? data.summary : '';
  ctx.emit('system', { subtype: 'task_notification', text: summary || cap(text, TEXT_CAP), data });
  ctx.setMarker('prompt');
}

function toolResult(ctx: LineContext, b: Rec, tur: unknown): void {
  const clipped = clipMiddle(flattenContent(b.content), STORED_TEXT_CAP);
  const data: ToolResultData = { toolUseId: str(b.tool_use_id) ?? '', isError: b.is_error === true, text: clipped.text };
  if (clipped.omitted) {
    data.omittedChars = clipped.omitted;
    data.lineOffset = ctx.offset;
  }
  if (isRec(tur)) {
    if (tur.interrupted === true) data.interrupted = true;
    const d = optNum(tur.durationMs) ?? optNum(tur.totalDurationMs);
    if (d !== undefined) data.durationMs = d;
  }
  ctx.emit('tool_result', data);
  ctx.setMarker('responding');
}

/** `assistant` record: usage, then one event per content block. False when the record has no message. */
export function handleAssistant(ctx: LineContext, rec: Rec, out: ParseOutput): boolean {
  const msg = rec.message;
  if (!isRec(msg)) return false;
  const model = str(msg.model) ?? '';
  const content = typeof msg.content === 'string' ? [{ type: 'text', text: msg.content }] : msg.content;
  const blocks: unknown[] = Array.isArray(content) ? content : [];

  if (rec.isApiErrorMessage === true || model === SYNTHETIC) {
    apiError(ctx, rec, blocks, model);
    return true;
  }
  if (model) ctx.addModel(model);
  const messageId = str(msg.id);
  if (isRec(msg.usage)) usage(ctx, rec, msg.usage, blocks, model, messageId, out);

  const stop = msg.stop_reason;
  // 2.1.3x–5x write stop_reason null on every record, so a text block ends the turn unless the API said
  // otherwise; a later tool_use record flips the marker back to tool_pending.
  const textMarker: TurnMarker = stop === 'tool_use' || stop === 'max_tokens' || stop === 'pause_turn' ? 'responding' : 'turn_end';
  let marker: TurnMarker | null = null;
  for (const b of blocks) {
    if (!isRec(b)) continue;
    const type = str(b.type) ?? '';
    if (type === 'text') {
      const data: { text: string; model?: string; messageId?: string } = { text: str(b.text) ?? '' };
      if (model) data.model = model;
      if (messageId) data.messageId = messageId;
      ctx.emit('assistant_text', data);
      marker = textMarker;
    } else if (type === 'thinking') {
      ctx.emit('thinking', { text: str(b.thinking) ?? '' });
      marker = 'responding';
    } else if (type === 'redacted_thinking') {
      ctx.emit('thinking', { text: '', redacted: true });
      marker = 'responding';
    } else if (type === 'tool_use' || type === 'server_tool_use') {
      ctx.emit('tool_call', { toolUseId: str(b.id) ?? '', name: str(b.name) ?? '', input: clipStrings(b.input, STORED_TEXT_CAP) });
      marker = 'tool_pending';
    } else if (type.endsWith('_tool_result')) {
      // server tool results (web search/fetch) come back inside the assistant message
      const c = b.content;
      const isError = isRec(c) && typeof c.type === 'string' && c.type.endsWith('_error');
      ctx.emit('tool_result', { toolUseId: str(b.tool_use_id) ?? '', isError, text: isRec(c) ? `[${str(c.type) ?? 'result'}]` : flattenContent(c) });
      marker = 'responding';
    } else {
      ctx.emit('system', { subtype: `block:${type || 'unknown'}`, data: { type } });
      marker = 'responding';
    }
  }
  if (marker) ctx.setMarker(marker);
  return true;
}

function apiError(ctx: LineContext, rec: Rec, blocks: unknown[], model: string): void {
  const parts: string[] = [];
  for (const b of blocks) if (isRec(b) && b.type === 'text') parts.push(str(b.text) ?? '');
  const data: Record<string, unknown> = { model };
  if (rec.error !== undefined) data.error = typeof rec.error === 'string' ? cap(rec.error, 4096) : rec.error;
  if (rec.apiErrorStatus !== undefined) data.apiErrorStatus = rec.apiErrorStatus;
  if (rec.isApiErrorMessage === true) data.isApiErrorMessage = true;
  ctx.emit('system', { subtype: 'api_error', text: cap(parts.join('\n'), TEXT_CAP), data });
  ctx.setMarker('api_error');
}

function usage(ctx: LineContext, rec: Rec, u: Rec, blocks: unknown[], model: string, messageId: string | undefined, out: ParseOutput): void {
  const requestId = str(rec.requestId);
  // ccusage dedupes only records carrying both ids; others count once per line.
  const key = messageId && requestId ? `${messageId}:${requestId}` : `${ctx.file.path}@${ctx.offset}`;
  const inputTokens = num(u.input_tokens);
  const outputTokens = num(u.output_tokens);
  const cacheCreationTokens = num(u.cache_creation_input_tokens);
  const cacheReadTokens = num(u.cache_read_input_tokens);
  let cache5mTokens = cacheCreationTokens;
  let cache1hTokens = 0;
  if (isRec(u.cache_creation)) {
    cache5mTokens = num(u.cache_creation.ephemeral_5m_input_tokens);
    cache1hTokens = num(u.cache_creation.ephemeral_1h_input_tokens);
  }
  const placeholderOutput = outputTokens <= PLACEHOLDER_MAX_OUTPUT && textLength(blocks) > PLACEHOLDER_MIN_TEXT;
  const r: UsageRecord = {
    key,
    agentId: ctx.agentId,
    messageId: messageId ?? '',
    requestId: requestId ?? '',
    model,
    ts: ctx.ts,
    inputTokens,
    outputTokens,
    cacheCreationTokens,
    cacheReadTokens,
    cache5mTokens,
    cache1hTokens,
    placeholderOutput,
  };
  out.usage.push(r);
  if (!ctx.firstUsage(key)) return;
  const data: {
    messageId: string;
    requestId: string;
    model: string;
    inputTokens: number;
    outputTokens: number;
    cacheCreationTokens: number;
    cacheReadTokens: number;
    placeholderOutput?: boolean;
  } = { messageId: r.messageId, requestId: r.requestId, model, inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens };
  if (placeholderOutput) data.placeholderOutput = true;
  ctx.emit('usage', data);
}

/** Characters of text and thinking in a record: what output_tokens should at least cover. */
function textLength(blocks: unknown[]): number {
  let n = 0;
  for (const b of blocks) {
    if (!isRec(b)) continue;
    if (typeof b.text === 'string') n += b.text.length;
    else if (typeof b.thinking === 'string') n += b.thinking.length;
  }
  return n;
}
