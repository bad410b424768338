/**
 * Claude Code hook payloads (FORMATS.md §2.3), as `type: "http"` hooks POST them. Lenient on
 * purpose: the format changes between Claude Code versions, so only what routing needs is
 * required (`hook_event_name`, `session_id`); every other field is optional, and a field of an
 * unexpected type reads as absent instead of failing the whole hook. Unknown keys are kept.
 */
import { z } from 'zod';
import { SESSION_ID_PATTERN } from '../../shared/schemas/milestone';

/** Sub-agent ids as Claude Code names their files (`agent-<id>.jsonl`); see adapters/claude/paths.ts. */
const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

const optString = z.string().optional().catch(undefined);
const optNumber = z.number().nonnegative().optional().catch(undefined);
const optBool = z.boolean().optional().catch(undefined);

export const claudeHookSchema = z.looseObject({
  hook_event_name: z.string().trim().min(1).max(100),
  session_id: z.string().regex(SESSION_ID_PATTERN),
  transcript_path: optString,
  cwd: optString,
  permission_mode: optString,
  // A malformed agent id is dropped rather than guessed at; the handlers check for its absence.
  agent_id: z.string().regex(AGENT_ID_PATTERN).optional().catch(undefined),
  agent_type: optString,
  agent_transcript_path: optString,
  source: optString,
  model: optString,
  reason: optString,
  prompt: optString,
  tool_name: optString,
  tool_input: z.unknown().optional(),
  tool_use_id: optString,
  duration_ms: optNumber,
  error: z.unknown().optional(),
  error_details: z.unknown().optional(),
  is_interrupt: optBool,
  message: optString,
  title: optString,
  notification_type: optString,
  trigger: optString,
  custom_instructions: z.string().nullable().optional().catch(undefined),
  session_title: optString,
});

export type ClaudeHookPayload = z.output<typeof claudeHookSchema>;

export type ClaudeHookParse =
  | { ok: true; value: ClaudeHookPayload }
  | { ok: false; error: string; detail: string; accepted: unknown };

const ACCEPTED = {
  hook_event_name: 'required: the Claude Code hook event, e.g. PreToolUse, Notification, Stop',
  session_id: `required: the Claude Code session id (${SESSION_ID_PATTERN.source})`,
  '…': 'every other field of the hook payload is optional',
};

export function parseClaudeHook(body: unknown): ClaudeHookParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'invalid hook payload', detail: 'the body must be a JSON object (a Claude Code hook payload)', accepted: ACCEPTED };
  }
  const r = claudeHookSchema.safeParse(body);
  if (r.success) return { ok: true, value: r.data };
  const fields = [...new Set(r.error.issues.map((i) => String(i.path[0])))];
  const raw = body as Record<string, unknown>;
  const detail = fields
    .map((f) => (Object.hasOwn(raw, f) ? `${f} is not acceptable (${typeof raw[f]})` : `${f} is required`))
    .join('; ');
  return { ok: false, error: 'invalid hook payload', detail, accepted: ACCEPTED };
}
