/**
 * The words of a notification. Agent content (tool names, milestone titles, error messages) is
 * hostile input and notifications are small: everything is flattened to one line of printable
 * text and cut short here, before any notifier sees it.
 */
import type { AgentSource, BlockedReason } from '../../shared/events';
import type { WaitHint } from './hints';

export const TITLE_CAP = 80;
export const BODY_CAP = 200;
const TOOL_CAP = 64;

/** One line, control characters gone, whitespace collapsed, at most `max` characters. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Who is asking, in the words of the agent's own notifications ("Claude needs your permission…"). */
export function agentName(source: AgentSource | undefined): string {
  switch (source) {
    case 'claude':
      return 'Claude';
    case 'codex':
      return 'Codex';
    case 'gemini':
      return 'Gemini';
    default:
      return 'The agent';
  }
}

/** Claude Code's own permission_prompt text names the tool: "Claude needs your permission to use Bash". */
const PERMISSION_TOOL = /permission to use (.+)$/i;

export function blockedBody(name: string, reason: BlockedReason | string | undefined, hint: WaitHint | null): string {
  if (hint?.milestoneTitle) return clip(`Blocked: ${hint.milestoneTitle}`, BODY_CAP);
  switch (reason) {
    case 'permission': {
      const tool = hint?.tool ?? (hint?.message ? PERMISSION_TOOL.exec(clip(hint.message, BODY_CAP))?.[1] : undefined);
      return tool ? `${name} needs your permission to use ${clip(tool, TOOL_CAP)}` : `${name} needs your permission`;
    }
    case 'input':
      return `${name} is waiting for your input`;
    case 'question':
      return `${name} has a question`;
    default:
      return `${name} is waiting for you`;
  }
}

export function doneBody(agentTitle: string | null): string {
  return agentTitle?.trim() ? clip(`Finished: ${agentTitle}`, BODY_CAP) : 'Finished';
}

/** Reasons liveness and `lantern run` give a failed state, said the way a person reads them. */
export function failedBody(reason: string | undefined): string {
  if (!reason) return 'Failed';
  if (reason === 'api_error') return 'Failed: API error';
  return clip(`Failed: ${reason}`, BODY_CAP);
}

export const prBody = (title: string): string => clip(`PR opened: ${title}`, BODY_CAP);
export const milestoneDoneBody = (title: string): string => clip(`Done: ${title}`, BODY_CAP);
export const milestoneErrorBody = (title: string): string => clip(`Error: ${title}`, BODY_CAP);
export const turnFailedBody = (error: string | undefined): string => (error?.trim() ? clip(`Failed: ${error}`, BODY_CAP) : 'The turn failed');
