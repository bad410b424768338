/**
 * One Claude Code hook payload → what the store commits (agent patch with the asserted state,
 * compact events) plus the tool timing it carries. Pure: `now` is the server's clock, since
 * hook payloads carry no time of their own.
 *
 * Agent ids follow the transcript adapter (adapters/claude/agents.ts) so a session's hooks and
 * its transcript are one agent: `claude:<session_id>`, and `claude:<session_id>/<agent_id>` for
 * hooks fired inside a sub-agent (its file is `<session>/subagents/agent-<agent_id>.jsonl`).
 */
import type { AgentPatch, ParseOutput } from '../adapters/types';
import { newParseOutput } from '../adapters/types';
import { subAgentId } from '../adapters/claude/agents';
import { titleOf } from '../adapters/claude/values';
import type { ToolTiming } from '../store/store';
import type { ClaudeHookPayload } from './claude-hook-schema';
import { hookEvents } from './claude-hook-events';
import { hookAssertedState } from './claude-hook-state';

export interface ClaudeHookResult {
  output: ParseOutput;
  /** The agent the hook is about (a sub-agent for hooks fired inside one). */
  agentId: string;
  /** Tool start / end facts (PreToolUse, PostToolUse, PostToolUseFailure), keyed by tool_use_id. */
  timing: ToolTiming | null;
}

/** Titles: a prompt's first line like the transcript's first-prompt title; Claude Code's own session title ranks as its ai-title. */
const PROMPT_TITLE = 0;
const SESSION_TITLE = 2;

export function claudeHookAgentId(p: ClaudeHookPayload): string {
  return p.agent_id ? subAgentId(p.session_id, p.agent_id) : `claude:${p.session_id}`;
}

function toolTiming(p: ClaudeHookPayload, now: number): ToolTiming | null {
  if (!p.tool_use_id) return null;
  const name = p.tool_name;
  switch (p.hook_event_name) {
    case 'PreToolUse':
      return { toolUseId: p.tool_use_id, name, startedAt: now };
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return {
        toolUseId: p.tool_use_id,
        name,
        endedAt: now,
        durationMs: p.duration_ms,
        isError: p.hook_event_name === 'PostToolUseFailure',
        ...(p.is_interrupt === true ? { interrupted: true } : {}),
      };
    default:
      return null;
  }
}

function agentPatch(p: ClaudeHookPayload, agentId: string, now: number): AgentPatch {
  const patch: AgentPatch = { id: agentId, source: 'claude', sessionId: p.session_id, startedAt: now, lastEventAt: now };
  if (p.cwd) patch.cwd = p.cwd;
  if (p.agent_id) {
    patch.parentId = `claude:${p.session_id}`;
    // `transcript_path` is always the main session's file; a sub-agent's own file comes with SubagentStop.
    if (p.agent_transcript_path) patch.transcript = p.agent_transcript_path;
  } else if (p.transcript_path) {
    patch.transcript = p.transcript_path;
  }
  const asserted = hookAssertedState(p);
  if (asserted) patch.hook = { state: asserted.state, reason: asserted.reason, at: now };
  if (p.hook_event_name === 'SessionStart' && p.model) patch.models = [p.model];
  const prompt = p.hook_event_name === 'UserPromptSubmit' && p.prompt ? titleOf(p.prompt) : null;
  if (p.session_title?.trim()) patch.title = { text: p.session_title.trim().slice(0, 120), priority: SESSION_TITLE };
  else if (prompt) patch.title = { text: prompt, priority: PROMPT_TITLE };
  return patch;
}

export function claudeHookOutput(p: ClaudeHookPayload, now: number): ClaudeHookResult {
  const output = newParseOutput();
  const agentId = claudeHookAgentId(p);
  output.agents.set(agentId, agentPatch(p, agentId, now));
  output.events.push(...hookEvents(p, agentId, now));
  return { output, agentId, timing: toolTiming(p, now) };
}
