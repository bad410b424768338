/**
 * Request bodies for the ingest scenarios (f, g): milestones for `POST /api/event`, and a mix of
 * Claude Code hook payloads for `POST /api/hooks/claude` modelled on test/fixtures/claude-hooks.
 * All made up; deterministic in the request index.
 */
import os from 'node:os';
import path from 'node:path';

export type PayloadKind = 'milestone' | 'hooks';

const PHASES = ['setup', 'repro', 'fix', 'test', 'lint', 'pr'] as const;
const LEVELS = ['info', 'info', 'info', 'success', 'warning'] as const;
const ISSUES = 8;
export const BENCH_MARKER = 'lantern-bench-ingest-';

export function milestoneBody(i: number): string {
  return JSON.stringify({
    issue: `BENCH-${(i % ISSUES) + 1}`,
    phase: PHASES[Math.floor(i / ISSUES) % PHASES.length],
    level: LEVELS[i % LEVELS.length],
    title: `${BENCH_MARKER}${i}: ran the checkout tests, 3 of 42 failing`,
  });
}

const SESSIONS = 4;
const session = (s: number): string => `be0c4000-0000-4000-8000-00000000000${s + 1}`;
const CWD = '/home/dev/shop';
/** A path that never exists, so no watcher ever reads it. */
const transcript = (id: string): string => path.join(os.tmpdir(), 'lantern-bench-hooks-none', '-home-dev-shop', `${id}.jsonl`);

type Step = (base: Record<string, unknown>, toolUseId: string, n: number) => Record<string, unknown>;

const bash = { command: 'npm test -- checkout', description: 'Run the checkout tests' };
const edit = { file_path: `${CWD}/src/checkout.ts`, old_string: 'const total = 0', new_string: 'let total = 0' };

/** One turn of a session: tool calls with their timings, a permission prompt, a notification, the stop. */
const TURN: Step[] = [
  (b, id) => ({ ...b, hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: 'Read', tool_input: { file_path: `${CWD}/src/checkout.ts` }, tool_use_id: id }),
  (b, id, n) => ({ ...b, hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: `${CWD}/src/checkout.ts` }, tool_response: { type: 'text', file: { numLines: 120 + (n % 40) } }, tool_use_id: id, duration_ms: 3 + (n % 20) }),
  (b, id) => ({ ...b, hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: 'Bash', tool_input: bash, tool_use_id: id }),
  (b) => ({ ...b, hook_event_name: 'PermissionRequest', permission_mode: 'default', tool_name: 'Bash', tool_input: bash, permission_suggestions: [{ type: 'addRules', rules: [{ toolName: 'Bash', ruleContent: 'npm test:*' }], behavior: 'allow', destination: 'localSettings' }] }),
  (b) => ({ ...b, hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }),
  (b, id, n) => ({ ...b, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: bash.command }, tool_response: { stdout: `${n % 5} failing`, stderr: '', interrupted: false, isImage: false }, tool_use_id: id, duration_ms: 1200 + (n % 3000) }),
  (b, id) => ({ ...b, hook_event_name: 'PreToolUse', permission_mode: 'acceptEdits', tool_name: 'Edit', tool_input: edit, tool_use_id: id }),
  (b, id, n) => ({ ...b, hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: edit.file_path }, tool_response: { filePath: edit.file_path, oldString: edit.old_string, newString: edit.new_string, structuredPatch: [] }, tool_use_id: id, duration_ms: 8 + (n % 30) }),
  (b, _id, n) => ({ ...b, hook_event_name: 'Stop', permission_mode: 'default', stop_hook_active: false, last_assistant_message: `Fixed the fixture date (turn ${n}).`, background_tasks: [], session_crons: [] }),
  (b) => ({ ...b, hook_event_name: 'Notification', message: 'Claude is waiting for your input', notification_type: 'idle_prompt' }),
];
/** Steps that share a tool_use_id with the step before them (the Post of a Pre). */
const TOOL_USE_OF = [0, 0, 2, 2, 2, 2, 6, 6, 8, 9];

/** Request i: sessions take turns, each walking through TURN. */
export function hookBody(i: number): string {
  const s = i % SESSIONS;
  const n = Math.floor(i / SESSIONS);
  const turn = Math.floor(n / TURN.length);
  const step = n % TURN.length;
  const id = session(s);
  const toolUseId = `toolu_01BENCH${s}T${String(turn).padStart(6, '0')}S${TOOL_USE_OF[step]}`;
  return JSON.stringify(TURN[step]({ session_id: id, transcript_path: transcript(id), cwd: CWD }, toolUseId, n));
}

export const HOOK_MIX = 'PreToolUse ×3, PostToolUse ×3 (with duration_ms), PermissionRequest, Notification ×2, Stop';
export const HOOK_SESSIONS = SESSIONS;

export function bodyFor(kind: PayloadKind, i: number): string {
  return kind === 'milestone' ? milestoneBody(i) : hookBody(i);
}
