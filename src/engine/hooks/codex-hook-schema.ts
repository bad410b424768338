/**
 * What Codex posts to `POST /api/hooks/codex` (FORMATS.md §5), in either of its two shapes:
 *
 * - its `notify` program's JSON argument, forwarded by `lantern hooks codex-notify`:
 *   `{"type":"agent-turn-complete","thread-id","turn-id","cwd","input-messages":[…],"last-assistant-message"}`;
 * - a lifecycle hook's stdin (`hooks.json`, 2026 builds), forwarded as is:
 *   `{hook_event_name, session_id, transcript_path, cwd, model, turn_id, tool_name, tool_input, tool_use_id, …}`.
 *
 * Lenient like the Claude schema: only what routing needs is required (the event and the thread id);
 * a field of an unexpected type reads as absent. Both shapes come out as one normalized payload.
 */
import { z } from 'zod';
import { SESSION_ID_PATTERN } from '../../shared/schemas/milestone';

const optString = z.string().optional().catch(undefined);
const optStrings = z.array(z.string()).optional().catch(undefined);

const notifySchema = z.looseObject({
  type: z.string().trim().min(1).max(100),
  'thread-id': z.string().regex(SESSION_ID_PATTERN),
  'turn-id': optString,
  cwd: optString,
  'input-messages': optStrings,
  'last-assistant-message': z.string().nullable().optional().catch(undefined),
});

const hookSchema = z.looseObject({
  hook_event_name: z.string().trim().min(1).max(100),
  session_id: z.string().regex(SESSION_ID_PATTERN),
  transcript_path: z.string().nullable().optional().catch(undefined),
  cwd: optString,
  model: optString,
  turn_id: optString,
  source: optString,
  prompt: optString,
  tool_name: optString,
  tool_input: z.unknown().optional(),
  tool_use_id: optString,
  last_assistant_message: z.string().nullable().optional().catch(undefined),
  trigger: optString,
});

/** Both shapes, normalized: `event` is the notify `type` or the hook's `hook_event_name`. */
export interface CodexHookPayload {
  channel: 'notify' | 'hook';
  event: string;
  threadId: string;
  turnId?: string;
  cwd?: string;
  transcriptPath?: string;
  model?: string;
  source?: string;
  prompt?: string;
  toolName?: string;
  toolInput?: unknown;
  toolUseId?: string;
  lastAssistantMessage?: string;
  trigger?: string;
  /** The whole body, for events this version does not know (kept, capped, in a system event). */
  raw: Record<string, unknown>;
}

export type CodexHookParse = { ok: true; value: CodexHookPayload } | { ok: false; error: string; detail: string; accepted: unknown };

const ACCEPTED = {
  notify: 'Codex notify JSON: {"type":"agent-turn-complete","thread-id":"<thread id>", …} (what `lantern hooks codex-notify` forwards)',
  hook: 'Codex hook stdin: {"hook_event_name":"PreToolUse","session_id":"<thread id>", …}',
  ids: `thread ids: ${SESSION_ID_PATTERN.source}`,
};

function fail(detail: string): CodexHookParse {
  return { ok: false, error: 'invalid codex hook payload', detail, accepted: ACCEPTED };
}

function issues(error: z.ZodError, body: Record<string, unknown>): string {
  const fields = [...new Set(error.issues.map((i) => String(i.path[0])))];
  return fields.map((f) => (Object.hasOwn(body, f) ? `${f} is not acceptable (${typeof body[f]})` : `${f} is required`)).join('; ');
}

const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export function parseCodexHook(body: unknown): CodexHookParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('the body must be a JSON object (Codex notify JSON or hook input)');
  const raw = body as Record<string, unknown>;
  if ('hook_event_name' in raw || 'session_id' in raw) {
    const r = hookSchema.safeParse(raw);
    if (!r.success) return fail(issues(r.error, raw));
    const h = r.data;
    return {
      ok: true,
      value: defined({
        channel: 'hook' as const,
        event: h.hook_event_name,
        threadId: h.session_id,
        turnId: h.turn_id,
        cwd: h.cwd,
        transcriptPath: h.transcript_path ?? undefined,
        model: h.model,
        source: h.source,
        prompt: h.prompt,
        toolName: h.tool_name,
        toolInput: h.tool_input,
        toolUseId: h.tool_use_id,
        lastAssistantMessage: h.last_assistant_message ?? undefined,
        trigger: h.trigger,
        raw,
      }),
    };
  }
  const r = notifySchema.safeParse(raw);
  if (!r.success) return fail(issues(r.error, raw));
  const n = r.data;
  const prompt = n['input-messages']?.find((m) => m.trim());
  return {
    ok: true,
    value: defined({
      channel: 'notify' as const,
      event: n.type,
      threadId: n['thread-id'],
      turnId: n['turn-id'],
      cwd: n.cwd,
      prompt,
      lastAssistantMessage: n['last-assistant-message'] ?? undefined,
      raw,
    }),
  };
}
