/**
 * `event_msg` payloads: what Codex showed the user. Turn events drive liveness markers, `*_end` events
 * carry tool durations, `token_count` carries usage. `user_message`, `agent_message` and
 * `agent_reasoning*` mirror response items that are already events, so they add none. Every other
 * type becomes a `system` event named after it, with a capped copy of its fields.
 */
import { cap, str, summarizeRec, TEXT_CAP, type Rec } from '../claude/values';
import type { CodexContext } from './context';
import { handleTokenCount } from './token-count';
import { interruptPending, readDuration, toolEnd } from './tools';

/** UI mirrors of response items (FORMATS.md §5): the item is the event. */
export const MIRRORS: ReadonlySet<string> = new Set(['user_message', 'agent_message', 'agent_reasoning', 'agent_reasoning_raw_content', 'agent_reasoning_section_break']);

const TYPE_ONLY = new Set(['type']);

function defined(d: Rec): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

export function handleEventMsg(ctx: CodexContext, p: Rec, type: string): void {
  const st = ctx.st;
  switch (type) {
    case 'token_count':
      handleTokenCount(ctx, p);
      return;
    case 'task_started':
      st.turnEvents = true;
      if (typeof p.turn_id === 'string') st.turnId = p.turn_id;
      ctx.emit('system', { subtype: 'task_started', data: defined({ turnId: p.turn_id, modelContextWindow: p.model_context_window, mode: p.collaboration_mode_kind }) });
      ctx.setMarker('prompt');
      return;
    case 'task_complete': {
      st.turnEvents = true;
      interruptPending(ctx, 'no output before the turn ended');
      const durationMs = readDuration(p.duration_ms);
      ctx.emit('system', { subtype: 'task_complete', data: defined({ turnId: p.turn_id, durationMs: durationMs === undefined ? undefined : Math.round(durationMs) }) });
      ctx.setMarker('turn_end');
      return;
    }
    case 'turn_aborted': {
      st.turnEvents = true;
      interruptPending(ctx, 'interrupted');
      const reason = str(p.reason) ?? 'interrupted';
      ctx.emit('system', { subtype: 'turn_aborted', text: `turn aborted: ${reason}`, data: defined({ reason, turnId: p.turn_id }) });
      ctx.setMarker('turn_end');
      return;
    }
    case 'exec_command_end':
    case 'mcp_tool_call_end':
    case 'patch_apply_end':
      toolEnd(ctx, p, type);
      return;
    case 'error': {
      const message = str(p.message) ?? '';
      ctx.emit('system', { subtype: 'error', text: cap(message, TEXT_CAP), data: defined({ level: 'error', info: p.codex_error_info }) });
      ctx.setMarker('api_error');
      return;
    }
    default:
      if (MIRRORS.has(type)) return;
      ctx.emit('system', { subtype: type, data: summarizeRec(p, TYPE_ONLY) });
  }
}
