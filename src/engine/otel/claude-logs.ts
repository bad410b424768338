/**
 * Claude Code's OpenTelemetry log events (FORMATS.md §3) → the agent `claude:<session.id>`.
 *
 * - `api_request`: one usage record. With a `request_id` it is keyed `otel:r:<request id>`, so the store
 *   counts the request once with the transcript's record of it and keeps `cost_usd` as the request's
 *   reported cost (store/usage-merge.ts). Without one it is a session-level record, used only while the
 *   session has nothing better.
 * - `tool_result`: the call's duration, joined by `tool_use_id` (tools.ts).
 * - `user_prompt`: a prompt event when the text was exported (`OTEL_LOG_USER_PROMPTS=1`), else its length.
 * - `api_error`: a `system` event `api_error`, and the agent's last word is an API error (liveness: failed).
 * - `tool_decision`: a `system` event `tool_decision` (accept / reject, and who decided).
 * Events are recorded only for agents no local transcript describes (TelemetryBatch.narrates); usage, cost,
 * durations and people's permission decisions always count. Other event names are accepted and dropped.
 */
import type { AgentPatch } from '../adapters/types';
import { cap, titleOf, TEXT_CAP } from '../adapters/claude/values';
import { count, flag, id, number, text } from './attr';
import type { Origin, TelemetryBatch } from './batch';
import type { LogRecordIn } from './otlp-json';
import { TELEMETRY_KEY } from '../store/usage-merge';
import { jsonish, toolRun } from './tools';

export const CLAUDE_EVENTS = ['api_request', 'tool_result', 'user_prompt', 'api_error', 'tool_decision'] as const;

/** A prompt's first line as the agent's title, like a transcript's first prompt. */
const PROMPT_TITLE = 0;

export function claudeLog(b: TelemetryBatch, rec: LogRecordIn, name: string, origin: Origin): void {
  if (!(CLAUDE_EVENTS as readonly string[]).includes(name)) {
    b.ignored++;
    return;
  }
  const a = rec.attrs;
  const session = id(a, 'session.id') ?? id(rec.resource, 'session.id');
  if (!session) return b.reject(`a Claude Code ${name} event without session.id`);
  const patch = b.agent(`claude:${session}`, 'claude', session, origin);
  const ts = b.ts(rec.timeMs);
  // Unique per event within a session: a resent batch maps to the same keys.
  const seq = text(a, 'event.sequence') ?? rec.timeNs ?? String(ts);
  switch (name) {
    case 'api_request':
      return apiRequest(b, patch, rec, ts, seq);
    case 'tool_result':
      return toolRun(b, patch, {
        toolUseId: id(a, 'tool_use_id'),
        name: text(a, 'tool_name') ?? 'tool',
        success: flag(a, 'success'),
        durationMs: number(a, 'duration_ms'),
        ts,
        input: jsonish(a.tool_input ?? a.tool_parameters),
        text: text(a, 'error') ?? text(a, 'error_type') ?? '',
        seq,
      });
    case 'user_prompt':
      return userPrompt(b, patch, rec, ts);
    case 'api_error':
      return apiError(b, patch, rec, ts);
    case 'tool_decision':
      return toolDecision(b, patch, rec, ts);
  }
}

function apiRequest(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number, seq: string): void {
  const a = rec.attrs;
  const model = text(a, 'model') ?? 'unknown';
  const requestId = id(a, 'request_id');
  const micros = number(a, 'cost_usd_micros');
  const cost = number(a, 'cost_usd') ?? (micros !== undefined ? micros / 1e6 : undefined);
  const input = count(a, 'input_tokens') ?? 0;
  const output = count(a, 'output_tokens') ?? 0;
  const cacheRead = count(a, 'cache_read_tokens') ?? 0;
  const cacheCreation = count(a, 'cache_creation_tokens') ?? 0;
  b.model(patch, model);
  b.usage({
    key: requestId ? TELEMETRY_KEY.request + requestId : `${TELEMETRY_KEY.session}${patch.id}:${seq}`,
    telemetry: requestId ? 'request' : 'session',
    agentId: patch.id,
    messageId: '',
    requestId: requestId ?? '',
    model,
    ts,
    inputTokens: input,
    outputTokens: output,
    cacheCreationTokens: cacheCreation,
    cacheReadTokens: cacheRead,
    // The log does not split cache writes by lifetime: priced as 5-minute writes, as a transcript without the split is.
    cache5mTokens: cacheCreation,
    cache1hTokens: 0,
    placeholderOutput: false,
    ...(cost !== undefined && cost >= 0 ? { reportedCostUsd: cost } : {}),
  });
  if (b.narrates(patch.id)) {
    b.event(patch, 'usage', ts, {
      messageId: '',
      requestId: requestId ?? '',
      model,
      inputTokens: input,
      outputTokens: output,
      cacheCreationTokens: cacheCreation,
      cacheReadTokens: cacheRead,
    });
    b.marker(patch, 'turn_end');
  }
  b.accepted++;
}

/** The prompt itself when the sender exported it, else how long it was (FORMATS.md §3: `prompt` needs OTEL_LOG_USER_PROMPTS=1). */
export function userPrompt(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number): void {
  b.accepted++;
  if (!b.narrates(patch.id)) return;
  const prompt = text(rec.attrs, 'prompt');
  if (prompt !== undefined && prompt !== '<REDACTED>') {
    b.event(patch, 'prompt', ts, { text: cap(prompt, TEXT_CAP) });
    const title = titleOf(prompt);
    if (title && (!patch.title || patch.title.priority < PROMPT_TITLE)) patch.title = { text: title, priority: PROMPT_TITLE };
  } else {
    const length = count(rec.attrs, 'prompt_length');
    b.event(patch, 'system', ts, {
      subtype: 'user_prompt',
      text: `a prompt${length !== undefined ? ` of ${length} characters` : ''} (its text is not exported)`,
      data: length !== undefined ? { promptLength: length } : {},
    });
  }
  b.marker(patch, 'prompt');
}

function apiError(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number): void {
  b.accepted++;
  if (!b.narrates(patch.id)) return; // the transcript records its API errors itself
  const a = rec.attrs;
  const status = text(a, 'status_code');
  const error = text(a, 'error') ?? 'API error';
  const attempt = count(a, 'attempt');
  const data: Record<string, unknown> = { error: cap(error, 4096) };
  if (status !== undefined) data.status = status;
  if (attempt !== undefined) data.attempt = attempt;
  const model = text(a, 'model');
  if (model) data.model = model;
  const duration = number(a, 'duration_ms');
  if (duration !== undefined) data.durationMs = duration;
  const requestId = text(a, 'request_id');
  if (requestId) data.requestId = requestId;
  b.event(patch, 'system', ts, {
    subtype: 'api_error',
    text: cap(`${status ? `${status} ` : ''}${error}${attempt !== undefined ? ` (attempt ${attempt})` : ''}`, 4096),
    data,
  });
  b.marker(patch, 'api_error');
}

/**
 * A permission decision. For an agent a transcript describes, only decisions a person made (source other
 * than `config`): the configuration's automatic allows would double every tool call.
 */
export function toolDecision(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number, toolUseId?: string): void {
  const a = rec.attrs;
  const source = text(a, 'source') ?? text(a, 'decision_source');
  b.accepted++;
  if (!b.narrates(patch.id) && (source === undefined || source.toLowerCase() === 'config')) return;
  const tool = text(a, 'tool_name') ?? 'tool';
  const decision = text(a, 'decision') ?? 'unknown';
  const useId = toolUseId ?? id(a, 'tool_use_id');
  b.event(patch, 'system', ts, {
    subtype: 'tool_decision',
    text: `${tool}: ${decision}${source ? ` (${source})` : ''}`,
    data: { toolName: tool, decision, ...(source ? { source } : {}), ...(useId ? { toolUseId: useId } : {}) },
  });
}
