/**
 * Small copies of hook payload values for event data. Hook events sit in the same replay as the
 * transcript, which already holds tool inputs and outputs in full, so hook events carry only
 * what the transcript lacks, cut short.
 */
import { isRec, type Rec } from '../adapters/claude/values';

/** Fields every hook payload repeats; they are on the agent already. */
const COMMON = new Set(['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'permission_mode', 'prompt_id', 'effort', 'agent_id', 'agent_type']);
const STRING_CAP = 300;
const MAX_KEYS = 12;
const MAX_ITEMS = 5;
const MAX_DEPTH = 2;

export function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [+${s.length - max} chars]`;
}

function small(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return cut(v, STRING_CAP);
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= MAX_DEPTH) return Array.isArray(v) ? `[array(${v.length})]` : '[object]';
  if (Array.isArray(v)) return v.slice(0, MAX_ITEMS).map((x) => small(x, depth + 1));
  const out: Rec = {};
  let n = 0;
  for (const k of Object.keys(v)) {
    if (++n > MAX_KEYS) break;
    out[k] = small((v as Rec)[k], depth + 1);
  }
  return out;
}

/** A hook payload without its common fields, bounded in size: the data of a `hook:<name>` event we do not know. */
export function compactPayload(payload: Rec): Rec {
  const out: Rec = {};
  let n = 0;
  for (const k of Object.keys(payload)) {
    if (COMMON.has(k)) continue;
    if (++n > MAX_KEYS) break;
    out[k] = small(payload[k], 1);
  }
  return out;
}

/** Keys whose value best says what a tool call does, in order (Bash command, Edit path, WebFetch url…). */
const INPUT_KEYS = ['command', 'file_path', 'notebook_path', 'url', 'pattern', 'path', 'query', 'description', 'prompt', 'skill'];

/** One line about a tool input, at most `max` characters: the permission a person is asked for. */
export function toolInputSummary(input: unknown, max: number): string {
  if (isRec(input)) {
    for (const k of INPUT_KEYS) {
      const v = input[k];
      if (typeof v === 'string' && v.trim()) return cut(v.trim(), max);
    }
  }
  if (input === undefined) return '';
  return asText(input, max);
}

/** Any value as short text (errors arrive as strings, or as objects from newer builds). */
export function asText(v: unknown, max: number): string {
  if (v === undefined || v === null) return '';
  // Bounded first: JSON.stringify recurses, and a hostile payload can nest thousands deep.
  return cut(typeof v === 'string' ? v : (JSON.stringify(small(v, 0)) ?? String(v)), max);
}
