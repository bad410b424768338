/** Tool calls and results as the replay shows them: status, input fields, sizes. Pure, no DOM. */
import type { LanternEvent } from '../../../shared/events';
import type { ToolCallEvent, ToolResultEvent } from '../../state/replay-pages';

export type ToolStatus = 'pending' | 'ok' | 'error' | 'interrupted';

export function toolStatus(result: ToolResultEvent | undefined): ToolStatus {
  if (!result) return 'pending';
  if (result.interrupted) return 'interrupted';
  return result.isError ? 'error' : 'ok';
}

/** The card tone a call or result takes from its status: errors red, interruptions amber. */
export function statusTone(status: ToolStatus): 'error' | 'warning' | null {
  return status === 'error' ? 'error' : status === 'interrupted' ? 'warning' : null;
}

/** Tools whose input is a file change: the path is shown, the (long) input collapsed. */
export const FILE_EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

export function stringField(input: unknown, ...keys: string[]): string | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
  const o = input as Record<string, unknown>;
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return null;
}

/** Input as indented JSON (a string input stays itself). */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** First guess of a card's height before it is measured (px): close guesses keep the scrollbar steady. */
export function estimateCardSize(e: LanternEvent | undefined, hasCall: (r: ToolResultEvent) => boolean): number {
  if (!e) return 64;
  switch (e.kind) {
    case 'usage':
    case 'status':
      return 30;
    case 'tool_result':
      return hasCall(e) ? 30 : 96;
    case 'tool_call':
      return (e as ToolCallEvent).name === 'Bash' ? 120 : 96;
    case 'thinking':
      return 48;
    case 'assistant_text':
      return 96;
    case 'prompt':
      return 72;
    default:
      return 64;
  }
}
