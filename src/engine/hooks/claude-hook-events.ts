/**
 * The events a Claude Code hook adds to the replay (source `hook`). Kept compact: prompts, tool
 * calls and results are already in the transcript, so PreToolUse / PostToolUse / UserPromptSubmit
 * / Stop add no event (they move state and tool timing only). What hooks know and transcripts do
 * not: notifications, permission requests, session start and end, failed turns, compactions.
 */
import type { NotificationData } from '../../shared/events';
import type { NewEvent } from '../adapters/types';
import type { ClaudeHookPayload } from './claude-hook-schema';
import { asText, compactPayload, cut, toolInputSummary } from './compact';

/** Hooks whose facts the transcript already has. */
const SILENT = new Set(['PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'Stop']);
const INPUT_SUMMARY_CAP = 500;
const ERROR_CAP = 2048;
const MESSAGE_CAP = 2000;
const NAME_CAP = 64;

type Data = Record<string, unknown>;

/** Drop absent values so event data stays small and stable. */
function defined(d: Data): Data {
  const out: Data = {};
  for (const [k, v] of Object.entries(d)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function systemData(p: ClaudeHookPayload): { text?: string; data: Data } {
  switch (p.hook_event_name) {
    case 'SessionStart':
      return { text: p.source ? `session ${p.source}` : undefined, data: defined({ source: p.source, model: p.model }) };
    case 'SessionEnd':
      return { text: p.reason ? `session ended: ${p.reason}` : undefined, data: defined({ reason: p.reason }) };
    case 'PermissionRequest': {
      const input = toolInputSummary(p.tool_input, INPUT_SUMMARY_CAP);
      return { text: [p.tool_name, input].filter(Boolean).join(': ') || undefined, data: defined({ tool: p.tool_name, input }) };
    }
    case 'StopFailure': {
      const error = asText(p.error, ERROR_CAP);
      return { text: error || 'the turn failed', data: defined({ level: 'error', error, details: asText(p.error_details, INPUT_SUMMARY_CAP) }) };
    }
    case 'PostToolUseFailure': {
      const error = asText(p.error, ERROR_CAP);
      const data = defined({ tool: p.tool_name, toolUseId: p.tool_use_id, error, durationMs: p.duration_ms });
      if (p.is_interrupt !== undefined) data.isInterrupt = p.is_interrupt;
      return { text: error || undefined, data };
    }
    case 'SubagentStart':
    case 'SubagentStop':
      return { data: defined({ agentId: p.agent_id, agentType: p.agent_type }) };
    case 'PreCompact':
      return { data: defined({ trigger: p.trigger, customInstructions: p.custom_instructions ? cut(p.custom_instructions, 500) : undefined }) };
    case 'PostCompact':
      // The summary itself reaches the transcript as the compact-summary prompt.
      return { data: defined({ trigger: p.trigger }) };
    default:
      return { data: compactPayload(p) };
  }
}

/** The events one hook adds, on `agentId`, stamped `now`. */
export function hookEvents(p: ClaudeHookPayload, agentId: string, now: number): NewEvent[] {
  const name = p.hook_event_name;
  if (SILENT.has(name)) return [];
  if (name === 'Notification') {
    const data: NotificationData = { message: cut(p.message ?? '', MESSAGE_CAP) };
    if (p.notification_type) data.type = p.notification_type;
    if (p.title) data.title = cut(p.title, NAME_CAP * 4);
    return [{ agentId, kind: 'notification', ts: now, source: 'hook', data }];
  }
  const { text, data } = systemData(p);
  return [
    {
      agentId,
      kind: 'system',
      ts: now,
      source: 'hook',
      data: { subtype: `hook:${name.slice(0, NAME_CAP)}`, ...(text ? { text } : {}), data },
    },
  ];
}
