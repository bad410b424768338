/**
 * Gemini CLI chats (FORMATS.md §6, ≥ v0.39 JSONL): a header line `{sessionId, projectHash, startTime,
 * lastUpdated, kind}`, then message records `{id, timestamp, type: user|gemini|info|error, content}`;
 * gemini records carry `thoughts`, `tokens{input,output,cached,thoughts,tool,total}` and `model`, and
 * when the response called tools the same id is appended again with `toolCalls` (results inside):
 * last write wins. `{"$set":{"lastUpdated"}}` follows most messages; a `$set` of `summary` may close
 * the session. Tokens are per message (not cumulative): input includes cached, total = input +
 * output + thoughts + tool.
 */
import { createHash } from 'node:crypto';
import { iso } from './conversation';
import type { Rng } from './prng';
import type { TextPool } from './text-pool';
import { outputSize } from './tool-results';
import type { UsageTotals } from './usage-model';

type Rec = Record<string, unknown>;

export interface GeminiTokens {
  input: number;
  output: number;
  cached: number;
  thoughts: number;
  tool: number;
  total: number;
}

export interface GeminiSessionPlan {
  sessionId: string;
  cwd: string;
  startMs: number;
  /** Characters to aim for. */
  target: number;
}

export interface GeneratedChat {
  lines: string[];
  endMs: number;
  /** Sum over message ids (each counted once, as last written). */
  tokens: GeminiTokens;
  messages: number;
}

const MODELS = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3-pro-preview', 'gemini-3-flash-preview'];
const MAX_TURNS = 400;
const MAX_STEPS = 40;

export const zeroGeminiTokens = (): GeminiTokens => ({ input: 0, output: 0, cached: 0, thoughts: 0, tool: 0, total: 0 });

/**
 * Lantern's four counters for Gemini tokens, as ccusage 20 reports them: input without the cached
 * part, output without thoughts (ccusage prices thoughts as output but leaves them out of
 * `outputTokens`; `raw` in the expected file keeps them).
 */
export function geminiUsageTotals(t: GeminiTokens): UsageTotals {
  return { inputTokens: t.input - t.cached, outputTokens: t.output, cacheCreationTokens: 0, cacheReadTokens: t.cached };
}

/** `projectHash` in the header: sha256 of the project root. */
export const projectHash = (cwd: string): string => createHash('sha256').update(cwd).digest('hex');

/** `session-YYYY-MM-DDTHH-MM-<first 8 of the id>.jsonl` (local time in the CLI; UTC here). */
export function chatFileName(startMs: number, sessionId: string): string {
  const s = iso(startMs);
  return `session-${s.slice(0, 10)}T${s.slice(11, 16).replace(':', '-')}-${sessionId.slice(0, 8)}.jsonl`;
}

interface Chat {
  rng: Rng;
  pool: TextPool;
  cwd: string;
  model: string;
  t: number;
  lines: string[];
  chars: number;
  target: number;
  context: number;
  pending: number;
  tokens: GeminiTokens;
  messages: number;
}

function push(c: Chat, obj: Rec): void {
  const text = JSON.stringify(obj);
  c.lines.push(text);
  c.chars += text.length + 1;
}

function tick(c: Chat, minMs: number, maxMs: number): string {
  c.t += c.rng.int(minMs, maxMs);
  return iso(c.t);
}

const setUpdated = (c: Chat): void => push(c, { $set: { lastUpdated: iso(c.t) } });

function nextTokens(c: Chat): GeminiTokens {
  const { rng } = c;
  const input = c.context + Math.round(c.pending / 4) + rng.int(20, 300);
  const cached = c.messages > 0 && rng.chance(0.75) ? Math.floor(c.context * (0.6 + rng.next() * 0.35)) : 0;
  const output = rng.logUniform(10, 2500);
  const thoughts = rng.chance(0.85) ? rng.logUniform(20, 3000) : 0;
  const tool = 0;
  c.context = input + output;
  c.pending = 0;
  return { input, output, cached, thoughts, tool, total: input + output + thoughts + tool };
}

function thoughts(c: Chat): Rec[] {
  const { rng, pool } = c;
  if (rng.chance(0.2)) return [];
  return Array.from({ length: rng.chance(0.8) ? 1 : rng.int(2, 4) }, () => ({
    subject: pool.sentence(rng).slice(0, 40).replace(/[.?:!]$/, ''),
    description: pool.text(rng, rng.logUniform(80, 1500)),
    timestamp: iso(c.t),
  }));
}

const toolId = (rng: Rng): string => rng.base62(8);

/** Terminal output as the CLI's ANSI tokens: one array of styled runs per line. */
function ansiLines(text: string): Rec[][] {
  return text
    .split('\n')
    .slice(0, 40)
    .map((l) => [{ text: l, bold: false, italic: false, underline: false, dim: false, inverse: false, fg: '', bg: '' }]);
}

function toolCall(c: Chat): Rec {
  const { rng, pool } = c;
  const id = toolId(rng);
  const file = `${c.cwd}/${pool.path(rng)}`;
  const size = outputSize(rng, c.target);
  const status = rng.chance(0.04) ? 'error' : rng.chance(0.01) ? 'cancelled' : 'success';
  const at = tick(c, 30, 20_000);
  const call = (name: string, displayName: string, args: Rec, output: string, extra: Rec): Rec => {
    c.pending += output.length;
    return {
      id,
      name,
      args,
      result: [{ functionResponse: { id, name, response: status === 'success' ? { output } : { error: output.slice(0, 2000) } } }],
      status,
      timestamp: at,
      ...extra,
    };
  };
  const p = rng.next();
  if (p < 0.4) {
    const command = rng.pick(['npm test', 'npm run build', 'git status', 'ls -la src', `cat ${pool.path(rng)}`, 'npx tsc --noEmit']);
    const text = pool.text(rng, Math.max(20, Math.round(size / 2) - 300));
    const output = `Command: ${command}\nDirectory: (root)\nOutput: ${text}\nError: (none)\nExit Code: ${status === 'success' ? 0 : 1}\nSignal: (none)\nBackground PIDs: (none)\nProcess Group PGID: ${rng.int(1000, 99_999)}`;
    return call('run_shell_command', 'Shell', { command, description: pool.sentence(rng).slice(0, 80) }, output, {
      resultDisplay: rng.chance(0.7) ? ansiLines(text) : text,
      description: command,
      displayName: 'Shell',
      renderOutputAsMarkdown: false,
    });
  }
  if (p < 0.65) {
    const text = pool.text(rng, Math.max(20, size - 300));
    return call('read_file', 'ReadFile', { file_path: file }, text, { resultDisplay: '', description: pool.path(rng), displayName: 'ReadFile', renderOutputAsMarkdown: true });
  }
  if (p < 0.8) {
    const oldString = pool.text(rng, rng.logUniform(20, 1500));
    const newString = pool.text(rng, rng.logUniform(20, 1500));
    const original = pool.text(rng, Math.max(20, Math.round(size / 2)));
    return call('replace', 'Edit', { file_path: file, old_string: oldString, new_string: newString, instruction: pool.sentence(rng) }, `Successfully modified file: ${file} (1 replacements).`, {
      resultDisplay: { fileDiff: `--- a\n+++ b\n-${oldString}\n+${newString}`, fileName: file.split('/').pop(), originalContent: original, newContent: original + newString, diffStat: { model_added_lines: rng.int(1, 40), model_removed_lines: rng.int(0, 30) } },
      description: pool.path(rng),
      displayName: 'Edit',
      renderOutputAsMarkdown: true,
    });
  }
  if (p < 0.88) {
    const content = pool.text(rng, rng.logUniform(100, 12_000));
    return call('write_file', 'WriteFile', { file_path: file, content }, `Successfully created and wrote to new file: ${file}.`, {
      resultDisplay: { fileDiff: `+++ ${file}\n${content.slice(0, 4000)}`, fileName: file.split('/').pop(), originalContent: '', newContent: content },
      description: pool.path(rng),
      displayName: 'WriteFile',
      renderOutputAsMarkdown: true,
    });
  }
  if (p < 0.96) {
    const names: string[] = [];
    for (let n = 0; n < Math.min(size, 40_000); n += 40) names.push(`${c.cwd}/${pool.path(rng).replace('.', `-${rng.hex(4)}.`)}`);
    const pattern = rng.pick(['**/*.ts', 'src/**/*.tsx', '*.md']);
    return call('glob', 'FindFiles', { pattern }, `Found ${names.length} file(s) matching "${pattern}" within ${c.cwd}, sorted by modification time (newest first):\n${names.join('\n')}`, {
      resultDisplay: `Found ${names.length} matching file(s)`,
      description: `'${pattern}'`,
      displayName: 'FindFiles',
      renderOutputAsMarkdown: true,
    });
  }
  const text = pool.text(rng, Math.max(20, size - 300));
  return call('web_fetch', 'WebFetch', { prompt: `Summarize https://example.com/docs/${rng.hex(6)}.md` }, text, { resultDisplay: 'Content processed from prompt.', description: pool.sentence(rng), displayName: 'WebFetch', renderOutputAsMarkdown: true });
}

/** A gemini response: written, then (with tool calls) written again under the same id with them. */
function response(c: Chat, final: boolean): void {
  const { rng, pool } = c;
  const id = rng.uuid();
  const ts = tick(c, 500, 30_000);
  if (rng.chance(0.03)) c.model = rng.pick(MODELS);
  const tokens = nextTokens(c);
  const content = final ? pool.text(rng, rng.logUniform(20, 3000)) : rng.chance(0.25) ? pool.text(rng, rng.logUniform(20, 400)) : '';
  const rec: Rec = { id, timestamp: ts, type: 'gemini', content, thoughts: thoughts(c), tokens, model: c.model };
  push(c, rec);
  setUpdated(c);
  for (const k of Object.keys(tokens) as Array<keyof GeminiTokens>) c.tokens[k] += tokens[k];
  c.messages++;
  if (final) return;
  const n = rng.chance(0.15) ? rng.int(2, 3) : 1;
  push(c, { ...rec, toolCalls: Array.from({ length: n }, () => toolCall(c)) });
}

function message(c: Chat, type: 'user' | 'info' | 'error', content: unknown): void {
  push(c, { id: c.rng.uuid(), timestamp: iso(c.t), type, content });
  setUpdated(c);
}

function turn(c: Chat): void {
  const { rng, pool } = c;
  tick(c, 5000, 600_000);
  if (rng.chance(0.05)) message(c, 'info', rng.pick(['Switched to fallback model.', 'Authenticated via "oauth-personal".', 'Memory refreshed.', 'Checkpoint saved.']));
  const text = rng.chance(0.03) ? pool.text(rng, rng.logUniform(5000, 40_000)) : rng.chance(0.6) ? pool.sentence(rng) : pool.text(rng, rng.logUniform(20, 2000));
  message(c, 'user', rng.chance(0.3) ? [{ text }] : text);
  c.pending += text.length;
  const steps = Math.min(MAX_STEPS, rng.logUniform(1, 25) - 1);
  for (let i = 0; i < steps && c.chars < c.target; i++) response(c, false);
  if (rng.chance(0.01)) {
    tick(c, 500, 5000);
    message(c, 'error', `[API Error: ${rng.pick(['got status: 429 Too Many Requests', 'got status: 503 Service Unavailable', 'exception TypeError: fetch failed'])}]`);
    return;
  }
  response(c, true);
}

export function generateChat(rng: Rng, pool: TextPool, plan: GeminiSessionPlan): GeneratedChat {
  const c: Chat = {
    rng,
    pool,
    cwd: plan.cwd,
    model: rng.pick(MODELS),
    t: plan.startMs,
    lines: [],
    chars: 0,
    target: plan.target,
    context: rng.int(8000, 14_000),
    pending: 0,
    tokens: zeroGeminiTokens(),
    messages: 0,
  };
  const start = iso(plan.startMs);
  push(c, { sessionId: plan.sessionId, projectHash: projectHash(plan.cwd), startTime: start, lastUpdated: start, kind: 'main', ...(rng.chance(0.5) ? { directories: [plan.cwd] } : {}) });
  for (let i = 0; i < MAX_TURNS && (i === 0 || c.chars < c.target); i++) turn(c);
  if (rng.chance(0.3)) push(c, { $set: { summary: pool.sentence(rng) } });
  return { lines: c.lines, endMs: c.t, tokens: c.tokens, messages: c.messages };
}
