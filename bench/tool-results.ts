/**
 * Tool calls and their results: inputs per tool, and result lines of every size from ~100 B to
 * ~500 KB (long-tailed, mostly small), with the tool-specific `toolUseResult` that usually repeats
 * the output (which is why a 250 KB output makes a ~500 KB line).
 */
import { record, tick, toolUseId, type Conversation, type Rec, type Written } from './conversation';
import type { Rng } from './prng';

export const TOOLS = ['Bash', 'Read', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'WebFetch', 'TodoWrite', 'Bash'] as const;
export type ToolName = (typeof TOOLS)[number] | 'Task' | 'Agent';

/** Size in bytes of one result line: 70% under 2 KB, 1.5% between 120 and 480 KB. */
export function resultLineSize(c: Conversation): number {
  return outputSize(c.rng, c.target);
}

/** The same long tail for any agent's tool output, capped at 40% of the transcript's target size. */
export function outputSize(rng: Rng, target: number): number {
  const r = rng.next();
  const n =
    r < 0.7 ? rng.logUniform(60, 2000) : r < 0.92 ? rng.logUniform(2000, 20_000) : r < 0.985 ? rng.logUniform(20_000, 120_000) : rng.logUniform(120_000, 480_000);
  return Math.min(n, Math.max(2000, Math.round(target * 0.4)));
}

export function toolUseBlock(c: Conversation, name: ToolName, input?: Rec): Rec {
  const { rng, pool } = c;
  const file = `${c.cwd}/${pool.path(rng)}`;
  const inputs: Record<string, () => Rec> = {
    Bash: () => ({ command: `npm run ${rng.pick(['test', 'build', 'lint'])} -- ${pool.path(rng)}`, description: pool.sentence(rng) }),
    Read: () => ({ file_path: file }),
    Edit: () => ({ file_path: file, old_string: pool.text(rng, rng.logUniform(20, 1500)), new_string: pool.text(rng, rng.logUniform(20, 1500)) }),
    Grep: () => ({ pattern: rng.pick(['TODO', 'createEngine', 'export function', 'usage']), path: c.cwd, output_mode: 'files_with_matches' }),
    Glob: () => ({ pattern: rng.pick(['**/*.ts', 'src/**/*.tsx', '*.md']) }),
    Write: () => ({ file_path: file, content: pool.text(rng, rng.logUniform(100, 12_000)) }),
    WebFetch: () => ({ url: `https://example.com/docs/${rng.hex(6)}.md`, prompt: pool.sentence(rng) }),
    TodoWrite: () => ({ todos: [{ content: pool.sentence(rng), status: 'in_progress', activeForm: pool.sentence(rng) }] }),
  };
  const block: Rec = { type: 'tool_use', id: toolUseId(rng), name, input: input ?? inputs[name]?.() ?? {} };
  if (c.style === '2.1.9x') block.caller = { type: 'direct' };
  return block;
}

/** The content a result carries and its structured `toolUseResult`, for a line of about `size` bytes. */
function resultOf(c: Conversation, tool: Rec, size: number): { content: string; result: unknown } {
  const { rng, pool } = c;
  const input = tool.input as Rec;
  const half = Math.max(20, Math.round(size / 2) - 400);
  switch (tool.name) {
    case 'Read': {
      const text = pool.text(rng, half);
      const numLines = text.split('\n').length;
      return { content: text, result: { type: 'text', file: { filePath: input.file_path, content: text, numLines, startLine: 1, totalLines: numLines } } };
    }
    case 'Edit':
      return {
        content: `The file ${String(input.file_path)} has been updated successfully.`,
        result: { filePath: input.file_path, oldString: input.old_string, newString: input.new_string, originalFile: pool.text(rng, half), structuredPatch: [], userModified: false, replaceAll: false },
      };
    case 'Write':
      return { content: `File created successfully at: ${String(input.file_path)}`, result: { type: 'create', filePath: input.file_path, content: input.content, structuredPatch: [], originalFile: null } };
    case 'Grep':
    case 'Glob': {
      const names: string[] = [];
      for (let n = 0; n < half; ) {
        const p = `${c.cwd}/${pool.path(rng).replace('.', `-${rng.hex(4)}.`)}`;
        names.push(p);
        n += p.length + 4;
      }
      return { content: names.join('\n'), result: { filenames: names, durationMs: rng.int(2, 400), numFiles: names.length, truncated: false } };
    }
    case 'WebFetch': {
      const text = pool.text(rng, half);
      return { content: text, result: { bytes: text.length, code: 200, codeText: 'OK', result: text, durationMs: rng.int(200, 9000), url: input.url } };
    }
    case 'TodoWrite':
      return { content: 'Todos have been modified successfully.', result: { oldTodos: [], newTodos: input.todos } };
    default: {
      const text = pool.text(rng, half);
      return { content: text, result: { stdout: text, stderr: '', interrupted: false, isImage: false, noOutputExpected: false } };
    }
  }
}

/** The user record answering one tool_use. */
export function toolResult(c: Conversation, tool: Rec, toolRecord: Written): Written {
  const { rng, pool } = c;
  const size = resultLineSize(c);
  let { content, result } = resultOf(c, tool, size);
  const isError = rng.chance(0.04);
  if (isError) {
    content = `Error: Exit code 1\n${pool.text(rng, Math.min(size, 2000))}`;
    result = content;
  }
  tick(c, 30, tool.name === 'Bash' ? 60_000 : 2000);
  c.parentUuid = toolRecord.uuid;
  const block: Rec = { tool_use_id: tool.id, type: 'tool_result', content };
  if (isError || c.style === '2.1.9x') block.is_error = isError;
  const w = record(
    c,
    'user',
    { message: { role: 'user', content: [block] } },
    { toolUseResult: result, ...(c.style === '2.0' ? {} : { sourceToolAssistantUUID: toolRecord.uuid }) },
  );
  c.mirror?.({ type: 'user', message: { role: 'user', content: [block] }, uuid: w.uuid, timestamp: w.timestamp });
  c.toolCalls++;
  return w;
}
