/**
 * A tool run telemetry reports (Claude Code `tool_result`, Codex `codex.tool_result`): its duration joins
 * the call a transcript or hook already knows by tool_use id, so the call has one duration; for agents
 * seen only through telemetry it becomes the tool_call / tool_result pair of events itself.
 */
import type { AgentPatch } from '../adapters/types';
import { clipMiddle, clipStrings, STORED_TEXT_CAP } from '../adapters/claude/values';
import type { TelemetryBatch } from './batch';

export interface ToolRun {
  /** Store-wide tool id (Claude `tool_use_id`; Codex `call_id` by the Codex adapter's rule). */
  toolUseId: string | undefined;
  name: string;
  success: boolean | undefined;
  durationMs: number | undefined;
  /** When the run ended (the record's time). */
  ts: number;
  input: unknown;
  text: string;
  /** Unique within the agent, for a run without a tool id (`event.sequence`, else the record time). */
  seq: string;
}

export function toolRun(b: TelemetryBatch, patch: AgentPatch, run: ToolRun): void {
  const duration = run.durationMs !== undefined && run.durationMs >= 0 ? Math.round(run.durationMs) : undefined;
  const startedAt = duration === undefined ? run.ts : run.ts - duration;
  if (!b.narrates(patch.id)) {
    if (run.toolUseId === undefined) {
      b.ignored++; // nothing to join it to
      return;
    }
    const call = b.view.toolCall(run.toolUseId);
    // A PostToolUse hook already gave this call Claude Code's own figure: the same measurement, kept once.
    if (call && call.durationMs !== null && call.durationSource === 'hook') {
      b.accepted++;
      return;
    }
    b.timing(call?.agentId ?? patch.id, {
      toolUseId: run.toolUseId,
      name: run.name,
      startedAt,
      endedAt: run.ts,
      ...(duration !== undefined ? { durationMs: duration, durationSource: 'otel' as const } : {}),
      ...(run.success !== undefined ? { isError: !run.success } : {}),
    });
    b.accepted++;
    return;
  }
  const toolUseId = run.toolUseId ?? `otel:${patch.id}:${run.seq}`;
  b.event(patch, 'tool_call', startedAt, { toolUseId, name: run.name, input: clipStrings(run.input, STORED_TEXT_CAP) });
  const clipped = clipMiddle(run.text, STORED_TEXT_CAP);
  b.event(patch, 'tool_result', run.ts, {
    toolUseId,
    isError: run.success === false,
    text: clipped.text,
    ...(clipped.omitted ? { omittedChars: clipped.omitted } : {}),
    ...(duration !== undefined ? { durationMs: duration } : {}),
  });
  b.marker(patch, 'turn_end');
  b.accepted++;
}

/** A JSON string attribute (`tool_parameters`, `arguments`) as JSON when it parses, else as text. */
export function jsonish(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? {};
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return { text: v };
  }
}
