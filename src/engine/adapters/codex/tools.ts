/**
 * Tool calls and their results: `function_call` / `custom_tool_call` / `local_shell_call` /
 * `web_search_call` items, their `*_output` items (linked by `call_id`), the `*_end` events that carry
 * what Codex measured (duration, exit code), and calls that never got an output.
 */
import type { ToolResultData } from '../../../shared/events';
import { cap, clipMiddle, clipStrings, isRec, STORED_TEXT_CAP, str, TEXT_CAP, type Rec } from '../claude/values';
import type { CodexContext } from './context';

/**
 * Tool ids are store-wide keys. OpenAI's `call_…` ids are unique; other providers (Kimi, Ollama) number
 * calls per session (`functions.shell:3`), so those get the thread in front. Hooks use the same rule.
 */
export function codexToolId(threadId: string, callId: string): string {
  return /^[a-z]{2,5}_[A-Za-z0-9_-]{8,}$/.test(callId) ? callId : `${threadId}/${callId}`;
}

export function toolCall(ctx: CodexContext, id: string, name: string, input: unknown): void {
  ctx.st.pending.set(id, { name, ts: ctx.ts });
  ctx.st.aborted.delete(id);
  ctx.emit('tool_call', { toolUseId: id, name, input: clipStrings(input, STORED_TEXT_CAP) });
  ctx.setMarker('tool_pending');
}

/** `arguments` is a JSON string; kept as parsed JSON when it is, else as the raw string. */
export function parseArguments(args: unknown): unknown {
  if (typeof args !== 'string') return args ?? {};
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return { arguments: args };
  }
}

interface Output {
  text: string;
  exitCode?: number;
  durationMs?: number;
  failed?: boolean;
}

function contentText(items: unknown[]): string {
  const parts: string[] = [];
  for (const b of items) {
    if (typeof b === 'string') parts.push(b);
    else if (isRec(b)) {
      const type = str(b.type) ?? '';
      if (typeof b.text === 'string') parts.push(b.text);
      else if (type.includes('image')) parts.push('[image]');
      else parts.push(`[${type || 'item'}]`);
    }
  }
  return parts.join('\n');
}

const EXIT_CODE = /^Exit code: (-?\d+)/;
const WALL_TIME = /^Wall time: ([\d.]+) seconds$/m;

/**
 * An output as Codex wrote it: a JSON string `{"output","metadata":{exit_code,duration_seconds}}`
 * (0.4x–0.5x shell), plain text `Exit code: N\nWall time: S seconds\nOutput:\n…` (shell_command), plain
 * text (other tools), content items, or `{content, success}`.
 */
export function readOutput(output: unknown): Output {
  if (typeof output === 'string') {
    if (output.startsWith('{')) {
      try {
        const parsed = JSON.parse(output) as unknown;
        if (isRec(parsed) && (typeof parsed.output === 'string' || typeof parsed.content === 'string')) {
          const out: Output = { text: (parsed.output ?? parsed.content) as string };
          const meta = parsed.metadata;
          if (isRec(meta) && typeof meta.exit_code === 'number') out.exitCode = meta.exit_code;
          if (isRec(meta) && typeof meta.duration_seconds === 'number') out.durationMs = meta.duration_seconds * 1000;
          if (parsed.success === false) out.failed = true;
          return out;
        }
      } catch {
        // plain text that happens to start with a brace
      }
    }
    const out: Output = { text: output };
    const code = EXIT_CODE.exec(output);
    if (code) out.exitCode = Number(code[1]);
    const wall = code ? WALL_TIME.exec(output.slice(0, 200)) : null;
    if (wall) out.durationMs = Number(wall[1]) * 1000;
    return out;
  }
  if (Array.isArray(output)) return { text: contentText(output) };
  if (isRec(output)) {
    const out: Output = { text: Array.isArray(output.content) ? contentText(output.content) : typeof output.content === 'string' ? output.content : cap(JSON.stringify(output), TEXT_CAP) };
    if (output.success === false) out.failed = true;
    return out;
  }
  return { text: output === undefined || output === null ? '' : String(output) };
}

/** `function_call_output` / `custom_tool_call_output`: the result of a call, with what its `*_end` event measured. */
export function toolOutput(ctx: CodexContext, p: Rec): void {
  const callId = str(p.call_id);
  const id = callId ? codexToolId(ctx.threadId, callId) : '';
  const out = readOutput(p.output);
  if (id && ctx.st.aborted.has(id)) {
    // Already closed as interrupted (turn_aborted): the late output is shown, not counted twice.
    ctx.st.aborted.delete(id);
    ctx.emit('system', { subtype: 'late_tool_output', text: cap(out.text, TEXT_CAP), data: { toolUseId: id } });
    return;
  }
  const ended = id ? ctx.st.ended.get(id) : undefined;
  ctx.st.pending.delete(id);
  ctx.st.ended.delete(id);
  const clipped = clipMiddle(out.text, STORED_TEXT_CAP);
  const isError = ended?.isError ?? (out.failed === true || (out.exitCode !== undefined && out.exitCode !== 0));
  const data: ToolResultData = { toolUseId: id, isError, text: clipped.text };
  if (clipped.omitted) {
    data.omittedChars = clipped.omitted;
    data.lineOffset = ctx.offset;
  }
  const duration = ended?.durationMs ?? out.durationMs;
  if (duration !== undefined) data.durationMs = Math.round(duration);
  ctx.emit('tool_result', data);
  ctx.setMarker('responding');
}

/** Every call still waiting for output is closed as interrupted (turn aborted or ended, session resumed). */
export function interruptPending(ctx: CodexContext, why: string): void {
  for (const id of ctx.st.pending.keys()) {
    ctx.emit('tool_result', { toolUseId: id, isError: false, text: `[${why}]`, interrupted: true });
    ctx.st.aborted.set(id, true);
    ctx.st.ended.delete(id);
  }
  ctx.st.pending.clear();
}

const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, min: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 };

/** `{secs, nanos}` (Rust's Duration), a number of milliseconds, or text like `1.5s` / `2m 3s` / `350ms`. */
export function readDuration(v: unknown): number | undefined {
  if (isRec(v) && typeof v.secs === 'number') return v.secs * 1000 + (typeof v.nanos === 'number' ? v.nanos / 1e6 : 0);
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v !== 'string') return undefined;
  let ms = 0;
  let matched = false;
  for (const m of v.matchAll(/([\d.]+)\s*(h|min|ms|us|µs|ns|m|s)\b/g)) {
    ms += Number(m[1]) * UNITS[m[2]];
    matched = true;
  }
  return matched && Number.isFinite(ms) ? ms : undefined;
}

/** `exec_command_end` / `mcp_tool_call_end` / `patch_apply_end`. */
export function toolEnd(ctx: CodexContext, p: Rec, type: string): void {
  const callId = str(p.call_id);
  const id = callId ? codexToolId(ctx.threadId, callId) : '';
  const durationMs = readDuration(p.duration);
  let isError: boolean | undefined;
  if (typeof p.exit_code === 'number') isError = p.exit_code !== 0;
  if (typeof p.success === 'boolean') isError = !p.success;
  if (isRec(p.result)) isError = 'Err' in p.result || (isRec(p.result.Ok) && p.result.Ok.isError === true);
  if (id && ctx.st.pending.has(id)) {
    // The output item follows with the text; it picks these up.
    ctx.st.ended.set(id, { ...(durationMs !== undefined ? { durationMs } : {}), ...(isError !== undefined ? { isError } : {}) });
    return;
  }
  // Not a call of this file (a `!` shell command typed by the user) or already answered: keep it visible.
  const data: Rec = { toolUseId: id };
  if (p.command !== undefined) data.command = clipStrings(p.command, 500);
  if (isRec(p.invocation)) data.invocation = clipStrings(p.invocation, 500);
  if (typeof p.exit_code === 'number') data.exitCode = p.exit_code;
  if (durationMs !== undefined) data.durationMs = Math.round(durationMs);
  if (isError !== undefined) data.isError = isError;
  if (typeof p.source === 'string') data.source = p.source;
  ctx.emit('system', { subtype: type, data });
}
