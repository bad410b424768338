/**
 * One line of plain text per event, for the live stream and search hits. Plain text only: it is
 * rendered as a text node, never as markup, and carries no raw control characters (agent output is
 * hostile input).
 */
import type { LanternEvent } from '../../shared/events';
import { plainAnsi } from '../text/ansi';

const MAX = 240;

/** Colour codes dropped, every other control character made visible, whitespace folded. */
const oneLine = (s: string): string => {
  const flat = plainAnsi(s.length > MAX * 4 ? s.slice(0, MAX * 4) : s).replace(/\s+/g, ' ').trim();
  return flat.length > MAX ? `${flat.slice(0, MAX - 1)}…` : flat;
};

function inputHint(input: unknown): string {
  if (input && typeof input === 'object') {
    const o = input as Record<string, unknown>;
    for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
      if (typeof o[key] === 'string') return o[key] as string;
    }
  }
  return typeof input === 'string' ? input : '';
}

export function eventSummary(e: LanternEvent): string {
  switch (e.kind) {
    case 'prompt':
      return oneLine(e.text);
    case 'assistant_text':
    case 'thinking':
      return oneLine(e.text);
    case 'tool_call':
      return oneLine(`${e.name} ${inputHint(e.input)}`);
    case 'tool_result':
      return oneLine(`${e.isError ? 'error: ' : ''}${e.interrupted ? 'interrupted ' : ''}${e.text}`);
    case 'usage':
      return `${e.model}: ${e.inputTokens} in, ${e.outputTokens} out`;
    case 'milestone':
      return oneLine(`${e.issue} · ${e.phase} · ${e.title}`);
    case 'status':
      return `${e.prev ? `${e.prev} → ` : ''}${e.state}${e.reason ? ` (${e.reason})` : ''}`;
    case 'notification':
      return oneLine(e.message);
    case 'system':
      return oneLine(`${e.subtype}${e.text ? `: ${e.text}` : ''}`);
    case 'unparsed':
      return oneLine(`unparsed line: ${e.reason}`);
  }
}

export const KIND_LABEL: Record<LanternEvent['kind'], string> = {
  prompt: 'prompt',
  assistant_text: 'assistant',
  thinking: 'thinking',
  tool_call: 'tool',
  tool_result: 'result',
  usage: 'usage',
  milestone: 'milestone',
  status: 'state',
  notification: 'notice',
  system: 'system',
  unparsed: 'unparsed',
};
