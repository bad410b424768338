/**
 * Codex tool calls and what follows them: `function_call` `shell` / `shell_command` with its
 * `exec_command_end` (the output up to three times) and `function_call_output` (head + tail of long
 * output, as Codex shows the model), `custom_tool_call` `apply_patch` with `patch_apply_end`,
 * `update_plan`, `web_search_call`. Each call is written with the model's response; `after()` writes
 * its outcome once the response's token_count is out.
 */
import { event, item, tick, type Rec, type Rollout } from './codex-records';
import type { Rng } from './prng';
import { outputSize } from './tool-results';

/** Codex keeps the head and tail of long tool output for the model. */
const MODEL_OUTPUT_LIMIT = 10_000;

export interface ToolCall {
  after(): void;
}

/** What the model is shown of a long output: head and tail, as Codex truncates it. */
function forModel(text: string): string {
  if (text.length <= MODEL_OUTPUT_LIMIT) return text;
  const lines = text.split('\n').length;
  const half = MODEL_OUTPUT_LIMIT / 2;
  return `Total output lines: ${lines}\n\n${text.slice(0, half)}\n[... omitted ${text.length - MODEL_OUTPUT_LIMIT} bytes of ${text.length} ...]\n${text.slice(-half)}`;
}

const callId = (rng: Rng): string => `call_${rng.base62(24)}`;

function shellCall(r: Rollout): ToolCall {
  const { rng, pool } = r;
  const file = pool.path(rng);
  const word = rng.pick(['TODO', 'createEngine', 'export function', 'usage', 'parseLine']);
  const commands: Array<[string, Rec]> = [
    [`rg -n "${word}" src`, { type: 'search', cmd: `rg -n "${word}" src`, query: word, path: 'src' }],
    [`sed -n '1,240p' ${file}`, { type: 'read', cmd: `sed -n '1,240p' ${file}`, name: file.split('/').pop(), path: file }],
    [`cat ${file}`, { type: 'read', cmd: `cat ${file}`, name: file.split('/').pop(), path: file }],
    ['ls -la', { type: 'list_files', cmd: 'ls -la', path: null }],
    ['git status --short', { type: 'unknown', cmd: 'git status --short' }],
    [`npm test -- ${file}`, { type: 'unknown', cmd: `npm test -- ${file}` }],
    ['npx tsc --noEmit -p .', { type: 'unknown', cmd: 'npx tsc --noEmit -p .' }],
  ];
  const [cmd, parsed] = rng.pick(commands);
  const id = callId(rng);
  const args = r.family === 'shell' ? { command: ['bash', '-lc', cmd], workdir: r.cwd, timeout_ms: 120_000 } : { command: cmd, workdir: r.cwd, ...(rng.chance(0.3) ? { timeout_ms: 300_000 } : {}) };
  item(r, { type: 'function_call', name: r.family, arguments: JSON.stringify(args), call_id: id });
  return {
    after() {
      // The line carries the output up to three times (stdout, aggregated_output, formatted_output).
      const size = outputSize(rng, r.target);
      const failed = rng.chance(0.06);
      const out = pool.text(rng, Math.max(10, Math.round(size / (size > 2 * MODEL_OUTPUT_LIMIT ? 2.2 : 3)) - 300));
      const stderr = failed ? pool.text(rng, rng.int(40, 600)) : '';
      const exitCode = failed ? rng.pick([1, 2, 127]) : 0;
      const ms = rng.logUniform(20, 90_000);
      tick(r, ms, ms + 50);
      event(r, {
        type: 'exec_command_end',
        call_id: id,
        turn_id: r.turnId,
        command: ['/bin/bash', '-lc', cmd],
        cwd: r.cwd,
        parsed_cmd: [parsed],
        source: 'agent',
        stdout: out,
        stderr,
        aggregated_output: out + stderr,
        exit_code: exitCode,
        duration: { secs: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 },
        formatted_output: forModel(out + stderr),
      });
      const shown = forModel(out + stderr);
      const output =
        r.family === 'shell'
          ? JSON.stringify({ output: shown, metadata: { exit_code: exitCode, duration_seconds: Math.round(ms / 100) / 10 } })
          : `Exit code: ${exitCode}\nWall time: ${(ms / 1000).toFixed(1)} seconds\nOutput:\n${shown}`;
      item(r, { type: 'function_call_output', call_id: id, output });
      r.pending += shown.length;
    },
  };
}

function patchCall(r: Rollout): ToolCall {
  const { rng, pool } = r;
  const file = pool.path(rng);
  const removed = pool.text(rng, rng.logUniform(20, 1500));
  const added = pool.text(rng, rng.logUniform(20, 3000));
  const diff = `@@ -${rng.int(1, 300)},${rng.int(1, 20)} +${rng.int(1, 300)},${rng.int(1, 30)} @@\n${removed.replace(/^/gm, '-')}\n${added.replace(/^/gm, '+')}\n`;
  const id = callId(rng);
  item(r, { type: 'custom_tool_call', status: 'completed', call_id: id, name: 'apply_patch', input: `*** Begin Patch\n*** Update File: ${file}\n${diff}*** End Patch\n` });
  return {
    after() {
      tick(r, 20, 400);
      const stdout = `Success. Updated the following files:\nM ${file}\n`;
      event(r, { type: 'patch_apply_end', call_id: id, turn_id: r.turnId, stdout, stderr: '', success: true, changes: { [`${r.cwd}/${file}`]: { type: 'update', unified_diff: diff, move_path: null } } });
      item(r, { type: 'custom_tool_call_output', call_id: id, output: JSON.stringify({ output: stdout, metadata: { exit_code: 0, duration_seconds: 0 } }) });
      r.pending += stdout.length;
    },
  };
}

function planCall(r: Rollout): ToolCall {
  const { rng, pool } = r;
  const id = callId(rng);
  const plan = Array.from({ length: rng.int(2, 6) }, (_, i) => ({ step: pool.sentence(rng).slice(0, 80), status: i === 0 ? 'in_progress' : 'pending' }));
  item(r, { type: 'function_call', name: 'update_plan', arguments: JSON.stringify({ explanation: rng.chance(0.5) ? pool.sentence(rng) : null, plan }), call_id: id });
  return {
    after() {
      tick(r, 5, 50);
      item(r, { type: 'function_call_output', call_id: id, output: 'Plan updated' });
    },
  };
}

function webSearch(r: Rollout): ToolCall {
  item(r, { type: 'web_search_call', status: 'completed', action: { type: 'search', query: r.pool.sentence(r.rng).slice(0, 60) } });
  return { after: () => tick(r, 500, 4000) };
}

/** One call of the mix real rollouts show: mostly shell, then patches, plans, a rare web search. */
export function toolCall(r: Rollout): ToolCall {
  const p = r.rng.next();
  return p < 0.72 ? shellCall(r) : p < 0.9 ? patchCall(r) : p < 0.98 ? planCall(r) : webSearch(r);
}
