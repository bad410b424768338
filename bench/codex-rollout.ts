/**
 * Codex CLI rollouts (FORMATS.md §5), enveloped era: `{"timestamp","type","payload"}` lines with
 * `session_meta`, a `turn_context` per turn, `response_item` (message / reasoning / function_call /
 * function_call_output / custom_tool_call(_output) / web_search_call) and `event_msg` (task_started,
 * user_message, agent_reasoning, agent_message, token_count, exec_command_end, patch_apply_end,
 * turn_aborted, context_compacted, task_complete), plus `compacted`.
 *
 * Usage lives only in `token_count`: cumulative `total_token_usage` (input includes cached, output
 * includes reasoning) and the request's `last_token_usage`, emitted after every model request and
 * repeated with identical totals after each tool output and at the next turn's start. The final
 * total is what the session adds up to. Two CLI families: 0.4x–0.5x (`shell` with an argv array and
 * a JSON-string output) and 0.6x+ (`shell_command` with plain-text output).
 */
import { CONTEXT_WINDOW, event, item, line, request, tick, tokenCount, zeroUsage, type CodexTokenUsage, type Family, type Rollout } from './codex-records';
import { toolCall, type ToolCall } from './codex-tools';
import { iso } from './conversation';
import type { Rng } from './prng';
import type { TextPool } from './text-pool';

export { codexUsageTotals, rolloutPath, uuidV7, type CodexTokenUsage } from './codex-records';

export interface CodexSessionPlan {
  threadId: string;
  cwd: string;
  startMs: number;
  /** Characters to aim for. */
  target: number;
}

export interface GeneratedRollout {
  lines: string[];
  endMs: number;
  /** The last `total_token_usage`: what the session used. */
  total: CodexTokenUsage;
  requests: number;
}

const VERSIONS: Record<Family, readonly string[]> = { shell: ['0.46.0', '0.52.0', '0.58.0'], shell_command: ['0.77.0', '0.94.0', '0.104.0'] };
const MODELS = ['gpt-5-codex', 'gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.2', 'gpt-5.2-codex'];
const ORIGINATORS = ['codex_cli_rs', 'codex_cli_rs', 'codex-tui', 'codex_vscode', 'codex_exec'];
/** Auto-compaction kicks in well before the window is full. */
const COMPACT_AT = 170_000;
const MAX_TURNS = 400;
const MAX_STEPS = 60;

function reasoning(r: Rollout): void {
  const { rng, pool } = r;
  const summary = rng.chance(0.85) ? [{ type: 'summary_text', text: `**${pool.sentence(rng).slice(0, 50)}**\n\n${pool.text(rng, rng.logUniform(60, 1200))}` }] : [];
  item(r, { type: 'reasoning', summary, content: null, encrypted_content: rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', rng.logUniform(400, 6000)) + '==' });
  if (summary.length) event(r, { type: 'agent_reasoning', text: summary[0].text });
}

function assistantText(r: Rollout, text: string, phase: string | null): void {
  item(r, { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }], ...(phase ? { phase } : {}) });
  event(r, { type: 'agent_message', message: text, ...(phase ? { phase } : {}) });
}

/** One model response with tool calls, then their outputs; false if the turn was interrupted. */
function toolStep(r: Rollout): boolean {
  const { rng, pool } = r;
  if (rng.chance(0.8)) reasoning(r);
  if (rng.chance(0.3)) assistantText(r, pool.text(rng, rng.logUniform(30, 600)), r.family === 'shell_command' ? 'commentary' : null);
  const n = rng.chance(0.1) ? rng.int(2, 3) : 1;
  const calls: ToolCall[] = [];
  for (let i = 0; i < n; i++) calls.push(toolCall(r));
  request(r);
  if (rng.chance(0.02)) {
    // Interrupted: the call never gets its output.
    tick(r, 500, 5000);
    event(r, { type: 'turn_aborted', turn_id: r.turnId, reason: 'interrupted' });
    return false;
  }
  for (const c of calls) {
    c.after();
    tokenCount(r);
  }
  return true;
}

function compact(r: Rollout): void {
  const { rng, pool } = r;
  tick(r, 2000, 30_000);
  const summary = pool.text(rng, rng.logUniform(1000, 8000));
  request(r, 2500);
  line(r, 'compacted', { message: summary, replacement_history: r.prompts.slice(-3).map((text) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] })) });
  event(r, { type: 'context_compacted' });
  r.context = Math.round(summary.length / 4) + rng.int(6000, 12_000);
}

function prompt(r: Rollout): string {
  const { rng, pool } = r;
  if (rng.chance(0.03)) return pool.text(rng, rng.logUniform(5000, 40_000));
  return rng.chance(0.6) ? pool.sentence(rng) : pool.text(rng, rng.logUniform(20, 2000));
}

function turn(r: Rollout): void {
  const { rng } = r;
  tick(r, 5000, 600_000);
  r.turnId = rng.uuid();
  const started = r.t;
  event(r, { type: 'task_started', turn_id: r.turnId, started_at: Math.floor(r.t / 1000), model_context_window: CONTEXT_WINDOW, collaboration_mode_kind: 'default' });
  if (rng.chance(0.05)) r.model = rng.pick(MODELS);
  line(r, 'turn_context', {
    turn_id: r.turnId,
    cwd: r.cwd,
    current_date: iso(r.t).slice(0, 10),
    timezone: 'Etc/UTC',
    approval_policy: 'on-request',
    sandbox_policy: { type: 'workspace-write', writable_roots: [], network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false },
    model: r.model,
    effort: r.effort,
    summary: 'auto',
    ...(r.family === 'shell_command' ? { personality: 'pragmatic', collaboration_mode: { mode: 'default', settings: { model: r.model, reasoning_effort: r.effort, developer_instructions: null } } } : {}),
    truncation_policy: { mode: 'tokens', limit: 10_000 },
  });
  const text = prompt(r);
  r.prompts.push(text.slice(0, 2000));
  item(r, { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
  event(r, { type: 'user_message', message: text, images: [], local_images: [], text_elements: [] });
  tokenCount(r);
  r.pending += text.length;
  const steps = Math.min(MAX_STEPS, rng.logUniform(1, 30) - 1);
  for (let i = 0; i < steps && r.chars < r.target; i++) {
    if (r.context > COMPACT_AT) compact(r);
    if (!toolStep(r)) return;
  }
  if (rng.chance(0.5)) reasoning(r);
  const last = r.pool.text(rng, rng.logUniform(20, 3000));
  assistantText(r, last, r.family === 'shell_command' ? 'final_answer' : null);
  request(r);
  event(r, { type: 'task_complete', turn_id: r.turnId, last_agent_message: last, ...(r.family === 'shell_command' ? { completed_at: Math.floor(r.t / 1000), duration_ms: r.t - started } : {}) });
}

export function generateRollout(rng: Rng, pool: TextPool, plan: CodexSessionPlan): GeneratedRollout {
  const family: Family = rng.chance(0.35) ? 'shell' : 'shell_command';
  const version = rng.pick(VERSIONS[family]);
  const originator = rng.pick(ORIGINATORS);
  const r: Rollout = {
    rng,
    pool,
    family,
    cwd: plan.cwd,
    model: rng.pick(MODELS),
    effort: rng.pick(['medium', 'medium', 'high', 'low', 'minimal']),
    t: plan.startMs,
    turnId: '',
    lines: [],
    chars: 0,
    target: plan.target,
    context: rng.int(6000, 14_000),
    pending: 0,
    total: zeroUsage(),
    last: null,
    requests: 0,
    used5h: rng.next() * 30,
    used7d: rng.next() * 40,
    startSec: Math.floor(plan.startMs / 1000) - rng.int(0, 5 * 3600),
    prompts: [],
  };
  const base = pool.text(rng, rng.int(6000, 22_000));
  line(r, 'session_meta', {
    id: plan.threadId,
    timestamp: iso(plan.startMs),
    cwd: plan.cwd,
    originator,
    cli_version: version,
    ...(family === 'shell_command' ? { source: originator === 'codex_vscode' ? 'vscode' : originator === 'codex_exec' ? 'exec' : 'cli' } : {}),
    model_provider: 'openai',
    ...(family === 'shell' ? { instructions: null } : { base_instructions: { text: base } }),
    ...(rng.chance(0.8) ? { git: { commit_hash: rng.hex(40), branch: rng.pick(['main', 'main', 'feature/x', 'fix/parser']), repository_url: `git@github.com:example/${plan.cwd.split('/').pop()}.git` } } : {}),
  });
  if (rng.chance(0.03)) {
    // The legacy state sentinel, which also turns up in enveloped files.
    const text = JSON.stringify({ record_type: 'state' });
    r.lines.push(text);
    r.chars += text.length + 1;
  }
  tick(r, 5, 200);
  item(r, { type: 'message', role: 'developer', content: [{ type: 'input_text', text: `<permissions instructions>\n${pool.text(rng, rng.int(400, 2500))}\n</permissions instructions>` }] });
  if (rng.chance(0.6)) item(r, { type: 'message', role: 'user', content: [{ type: 'input_text', text: `# AGENTS.md instructions for ${plan.cwd}\n\n<INSTRUCTIONS>\n${pool.text(rng, rng.logUniform(300, 8000))}\n</INSTRUCTIONS>` }] });
  item(r, {
    type: 'message',
    role: 'user',
    content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${plan.cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>` }],
  });
  for (let i = 0; i < MAX_TURNS && (i === 0 || r.chars < r.target); i++) turn(r);
  return { lines: r.lines, endMs: r.t, total: r.total, requests: r.requests };
}
