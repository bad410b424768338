/**
 * Codex CLI's OpenTelemetry log events (`[otel]` in config.toml; FORMATS.md §5 names the exporter, the
 * event catalog is Codex's docs/config.md "Observability and telemetry") → the agent
 * `codex:<conversation.id>`, the same id the Codex adapter gives the rollout of that thread.
 *
 * - `codex.sse_event` of kind `response.completed`: token counts. They name no request the rollout's
 *   `token_count` records could be matched by, so they are session-level usage, counted only while the
 *   thread has no usage from its rollout here (store/usage-merge.ts). Codex reports no cost.
 * - `codex.tool_result`: the call's duration, joined by `call_id` (the Codex adapter's tool id rule).
 * - `codex.user_prompt`, `codex.tool_decision`: as Claude Code's (claude-logs.ts).
 * - `codex.api_request` / `codex.sse_event` failures: `system` events `api_error`.
 * - `codex.conversation_starts`: the model, and a `session_start` event for a thread seen only here.
 */
import type { AgentPatch } from '../adapters/types';
import { cap } from '../adapters/claude/values';
import { count, flag, id, number, text } from './attr';
import type { Origin, TelemetryBatch } from './batch';
import { toolDecision, userPrompt } from './claude-logs';
import type { LogRecordIn } from './otlp-json';
import { TELEMETRY_KEY } from '../store/usage-merge';
import { jsonish, toolRun } from './tools';

/**
 * The Codex adapter's store-wide tool id (adapters/codex/tools.ts `codexToolId`): OpenAI's `call_…` ids are
 * unique, other providers' per-session numbers (`functions.shell:3`) get the thread in front.
 */
export function codexToolId(threadId: string, callId: string): string {
  return /^[a-z]{2,5}_[A-Za-z0-9_-]{8,}$/.test(callId) ? callId : `${threadId}/${callId}`;
}

const EVENTS = ['conversation_starts', 'api_request', 'sse_event', 'user_prompt', 'tool_decision', 'tool_result'];

export function codexLog(b: TelemetryBatch, rec: LogRecordIn, name: string, origin: Origin): void {
  if (!EVENTS.includes(name)) {
    b.ignored++;
    return;
  }
  const a = rec.attrs;
  const thread = id(a, 'conversation.id') ?? id(rec.resource, 'conversation.id');
  if (!thread) return b.reject(`a Codex ${name} event without conversation.id`);
  const patch = b.agent(`codex:${thread}`, 'codex', thread, origin);
  const ts = b.ts(rec.timeMs);
  const seq = rec.timeNs ?? String(ts);
  b.model(patch, text(a, 'model'));
  switch (name) {
    case 'conversation_starts':
      return conversationStarts(b, patch, rec, ts);
    case 'api_request':
      return failure(b, patch, rec, ts, text(a, 'error.message'));
    case 'sse_event':
      return sseEvent(b, patch, rec, ts, seq);
    case 'user_prompt':
      return userPrompt(b, patch, rec, ts);
    case 'tool_decision': {
      const call = id(a, 'call_id');
      return toolDecision(b, patch, rec, ts, call ? codexToolId(thread, call) : undefined);
    }
    case 'tool_result': {
      const call = id(a, 'call_id');
      return toolRun(b, patch, {
        toolUseId: call ? codexToolId(thread, call) : undefined,
        name: text(a, 'tool_name') ?? 'tool',
        success: flag(a, 'success'),
        durationMs: number(a, 'duration_ms'),
        ts,
        input: jsonish(a.arguments),
        text: text(a, 'output') ?? '',
        seq,
      });
    }
  }
}

function conversationStarts(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number): void {
  b.accepted++;
  if (!b.narrates(patch.id)) return;
  const a = rec.attrs;
  const parts = [text(a, 'provider_name'), text(a, 'model')].filter(Boolean);
  const approval = text(a, 'approval_policy');
  const sandbox = text(a, 'sandbox_policy');
  if (approval) parts.push(`approval ${approval}`);
  if (sandbox) parts.push(`sandbox ${sandbox}`);
  b.event(patch, 'system', ts, { subtype: 'session_start', text: cap(parts.join(' · ') || 'Codex session', 4096) });
  b.marker(patch, 'turn_end');
}

function failure(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number, message: string | undefined): void {
  const status = number(rec.attrs, 'http.response.status_code');
  if (message === undefined && (status === undefined || status < 400)) {
    b.ignored++; // a request that went well: its tokens come with the response (sse_event)
    return;
  }
  b.accepted++;
  if (!b.narrates(patch.id)) return;
  const error = message ?? `HTTP ${status}`;
  b.event(patch, 'system', ts, {
    subtype: 'api_error',
    text: cap(`${status !== undefined ? `${status} ` : ''}${error}`, 4096),
    data: { error: cap(error, 4096), ...(status !== undefined ? { status } : {}), ...(count(rec.attrs, 'attempt') !== undefined ? { attempt: count(rec.attrs, 'attempt') } : {}) },
  });
  b.marker(patch, 'api_error');
}

function sseEvent(b: TelemetryBatch, patch: AgentPatch, rec: LogRecordIn, ts: number, seq: string): void {
  const a = rec.attrs;
  const error = text(a, 'error.message');
  if (error !== undefined) return failure(b, patch, rec, ts, error);
  const input = count(a, 'input_token_count');
  const output = count(a, 'output_token_count');
  if (text(a, 'event.kind') !== 'response.completed' || (input === undefined && output === undefined)) {
    b.ignored++; // stream deltas carry no usage
    return;
  }
  const model = text(a, 'model') ?? 'unknown';
  // OpenAI counts cached input inside input and reasoning inside output (FORMATS.md §5), as the Codex adapter stores them.
  const cached = Math.min(count(a, 'cached_token_count') ?? 0, input ?? 0);
  const reasoning = count(a, 'reasoning_token_count');
  b.usage({
    key: `${TELEMETRY_KEY.session}${patch.id}:${seq}`,
    telemetry: 'session',
    agentId: patch.id,
    messageId: '',
    requestId: '',
    model,
    ts,
    inputTokens: (input ?? 0) - cached,
    outputTokens: output ?? 0,
    cacheCreationTokens: 0,
    cacheReadTokens: cached,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  });
  if (b.narrates(patch.id)) {
    b.event(patch, 'usage', ts, {
      messageId: '',
      requestId: '',
      model,
      inputTokens: (input ?? 0) - cached,
      outputTokens: output ?? 0,
      cacheCreationTokens: 0,
      cacheReadTokens: cached,
    });
    b.marker(patch, 'turn_end');
  }
  b.accepted++;
}
