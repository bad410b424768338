/**
 * One Codex notify / hook payload → what the store commits (agent patch with the asserted state,
 * compact events) plus the tool timing it carries; mapped as Claude Code's hooks are
 * (claude-hooks.ts). Pure: `now` is the server's clock. The agent is the rollout's:
 * `codex:<thread id>` (adapters/codex), so hooks and transcript land on one agent.
 *
 * | event | state |
 * |---|---|
 * | notify `agent-turn-complete`, hook `Stop` | idle (the turn finished; Codex waits for a prompt) |
 * | notify `approval-requested`, hook `PermissionRequest` | blocked, permission |
 * | hook `SessionStart` | idle (a new session waits for its first prompt) |
 * | hooks `UserPromptSubmit`, `PreToolUse`, `PostToolUse`, `PreCompact`, `PostCompact` | running |
 * | hook `SessionEnd` | done |
 */
import type { AgentState, BlockedReason } from '../../shared/events';
import { codexAgentId, codexToolId } from '../adapters/codex';
import { titleOf } from '../adapters/claude/values';
import type { AgentPatch, NewEvent, ParseOutput } from '../adapters/types';
import { newParseOutput } from '../adapters/types';
import type { ToolTiming } from '../store/store';
import type { CodexHookPayload } from './codex-hook-schema';
import { compactPayload, cut, toolInputSummary } from './compact';

export interface CodexHookResult {
  output: ParseOutput;
  agentId: string;
  timing: ToolTiming | null;
  /** Tool names whose newest unfinished call a permission prompt opened for (the rollout names them its own way). */
  permissionTools: string[];
}

interface Asserted {
  state: AgentState;
  reason: BlockedReason | null;
}

const RUNNING: Asserted = { state: 'running', reason: null };
const IDLE: Asserted = { state: 'idle', reason: null };

const STATES: Readonly<Record<string, Asserted>> = {
  'agent-turn-complete': IDLE,
  'approval-requested': { state: 'blocked', reason: 'permission' },
  Stop: IDLE,
  PermissionRequest: { state: 'blocked', reason: 'permission' },
  SessionStart: IDLE,
  SessionEnd: { state: 'done', reason: null },
  UserPromptSubmit: RUNNING,
  PreToolUse: RUNNING,
  PostToolUse: RUNNING,
  PreCompact: RUNNING,
  PostCompact: RUNNING,
};

/** Facts the rollout already has: these only move state (and tool timing). */
const SILENT = new Set(['agent-turn-complete', 'Stop', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse']);

/** Codex hooks call every shell tool `Bash`; rollouts name the function the model called. */
const SHELL_NAMES = ['shell', 'shell_command', 'exec_command', 'local_shell'];

export function codexHookState(p: CodexHookPayload): Asserted | null {
  return Object.hasOwn(STATES, p.event) ? STATES[p.event] : null;
}

function events(p: CodexHookPayload, agentId: string, now: number): NewEvent[] {
  if (SILENT.has(p.event)) return [];
  let text: string | undefined;
  let data: Record<string, unknown>;
  switch (p.event) {
    case 'SessionStart':
      text = p.source ? `session ${p.source}` : undefined;
      data = { ...(p.source ? { source: p.source } : {}), ...(p.model ? { model: p.model } : {}) };
      break;
    case 'PermissionRequest': {
      const input = toolInputSummary(p.toolInput, 500);
      text = [p.toolName, input].filter(Boolean).join(': ') || undefined;
      data = { ...(p.toolName ? { tool: p.toolName } : {}), ...(input ? { input } : {}) };
      break;
    }
    case 'PreCompact':
    case 'PostCompact':
      data = p.trigger ? { trigger: p.trigger } : {};
      break;
    default:
      data = compactPayload(p.raw);
  }
  return [{ agentId, kind: 'system', ts: now, source: 'hook', data: { subtype: `hook:${cut(p.event, 64)}`, ...(text ? { text } : {}), data } }];
}

function timing(p: CodexHookPayload, now: number): ToolTiming | null {
  if (!p.toolUseId || (p.event !== 'PreToolUse' && p.event !== 'PostToolUse')) return null;
  const toolUseId = codexToolId(p.threadId, p.toolUseId);
  return p.event === 'PreToolUse' ? { toolUseId, startedAt: now } : { toolUseId, endedAt: now };
}

export function codexHookOutput(p: CodexHookPayload, now: number): CodexHookResult {
  const output = newParseOutput();
  const agentId = codexAgentId(p.threadId);
  const patch: AgentPatch = { id: agentId, source: 'codex', sessionId: p.threadId, startedAt: now, lastEventAt: now };
  if (p.cwd) patch.cwd = p.cwd;
  if (p.transcriptPath) patch.transcript = p.transcriptPath;
  if (p.model) patch.models = [p.model];
  const asserted = codexHookState(p);
  if (asserted) patch.hook = { state: asserted.state, reason: asserted.reason, at: now };
  const title = p.prompt ? titleOf(p.prompt) : null;
  if (title) patch.title = { text: title, priority: 0 };
  output.agents.set(agentId, patch);
  output.events.push(...events(p, agentId, now));
  const permissionTools = p.event === 'PermissionRequest' && p.toolName ? (p.toolName === 'Bash' ? SHELL_NAMES : [p.toolName]) : [];
  return { output, agentId, timing: timing(p, now), permissionTools };
}
