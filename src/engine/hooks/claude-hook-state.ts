/**
 * Which agent state a Claude Code hook asserts (FORMATS.md §2.3, DESIGN.md "Agent state"). Hooks
 * are the most trusted evidence after the session registry: a PermissionRequest is the exact
 * moment an agent starts waiting for a person, and any tool or prompt hook after it means the
 * wait is over.
 */
import type { AgentState, BlockedReason } from '../../shared/events';
import type { ClaudeHookPayload } from './claude-hook-schema';

export interface AssertedState {
  state: AgentState;
  reason: BlockedReason | null;
}

const RUNNING: AssertedState = { state: 'running', reason: null };
const IDLE: AssertedState = { state: 'idle', reason: null };
const DONE: AssertedState = { state: 'done', reason: null };
const blocked = (reason: BlockedReason): AssertedState => ({ state: 'blocked', reason });

/** Notification types (`notification_type`) that mean the agent waits, or stopped waiting. */
const NOTIFICATION_STATES: Readonly<Record<string, AssertedState>> = {
  permission_prompt: blocked('permission'),
  idle_prompt: blocked('input'),
  elicitation_dialog: blocked('question'),
  elicitation_url_dialog: blocked('question'),
  agent_needs_input: blocked('question'),
  elicitation_complete: RUNNING,
  elicitation_response: RUNNING,
};

/** Claude Code ≤ 1.0.x sent Notification with only a `message`: read the two waits it had from the text. */
function untypedNotification(message: string | undefined): AssertedState | null {
  if (!message) return null;
  if (/needs your permission/i.test(message)) return blocked('permission');
  if (/waiting for your input/i.test(message)) return blocked('input');
  return null;
}

/** The state this hook asserts about the agent it is routed to, or null when it says nothing about state. */
export function hookAssertedState(p: ClaudeHookPayload): AssertedState | null {
  switch (p.hook_event_name) {
    case 'PermissionRequest':
      return blocked('permission');
    case 'Notification':
      if (p.notification_type) return NOTIFICATION_STATES[p.notification_type] ?? null;
      return untypedNotification(p.message);
    case 'Elicitation': // an MCP server asks the user something
      return blocked('question');
    case 'PostToolUseFailure':
      // Esc during a tool ends the turn without a Stop hook: the agent now waits for a prompt.
      return p.is_interrupt === true ? IDLE : RUNNING;
    case 'SessionStart':
      // Compaction resumes work; startup / resume / clear open a session that waits for its first
      // prompt (`running` would decay to `stale` after the running window with nothing to show).
      return p.source === 'compact' ? RUNNING : IDLE;
    case 'PreToolUse':
    case 'PostToolUse':
    case 'UserPromptSubmit':
    case 'SubagentStart':
    case 'PreCompact':
    case 'ElicitationResult':
    case 'PermissionDenied': // auto mode refused a tool; the model carries on
      return RUNNING;
    case 'Stop':
    case 'StopFailure': // rate limit / overloaded: the turn ended with an error, the session lives on
      return IDLE;
    case 'SessionEnd':
      return DONE;
    case 'SubagentStop':
      // Only with a sub-agent to end; without agent_id it would end the main session by mistake.
      return p.agent_id ? DONE : null;
    default:
      return null;
  }
}
