/**
 * Builders for Claude Code transcript lines in the shapes FORMATS.md §1 describes, so engine-level
 * tests can write realistic sessions without copying real users' files.
 */
let seq = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

export interface LineOpts {
  session: string;
  cwd?: string;
  ts?: string;
}

export function promptLine(o: LineOpts, text: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: o.cwd ?? '/home/dev/project',
    sessionId: o.session,
    version: '2.1.97',
    gitBranch: 'main',
    type: 'user',
    message: { role: 'user', content: text },
    uuid: uuid(),
    timestamp: o.ts ?? '2026-11-01T10:00:00.000Z',
  });
}

export function assistantTextLine(o: LineOpts, text: string, msg: { id: string; requestId: string; output?: number; input?: number }): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: o.cwd ?? '/home/dev/project',
    sessionId: o.session,
    version: '2.1.97',
    type: 'assistant',
    requestId: msg.requestId,
    message: {
      id: msg.id,
      model: 'claude-sonnet-4-6',
      role: 'assistant',
      type: 'message',
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      usage: {
        input_tokens: msg.input ?? 3,
        output_tokens: msg.output ?? 42,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 1000,
        cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 0 },
      },
    },
    uuid: uuid(),
    timestamp: o.ts ?? '2026-11-01T10:00:01.000Z',
  });
}

export function toolUseLine(o: LineOpts, id: string, name: string, input: unknown, msg: { id: string; requestId: string }): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    cwd: o.cwd ?? '/home/dev/project',
    sessionId: o.session,
    version: '2.1.97',
    type: 'assistant',
    requestId: msg.requestId,
    message: {
      id: msg.id,
      model: 'claude-sonnet-4-6',
      role: 'assistant',
      type: 'message',
      content: [{ type: 'tool_use', id, name, input }],
      stop_reason: 'tool_use',
      usage: { input_tokens: 3, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 500 },
    },
    uuid: uuid(),
    timestamp: o.ts ?? '2026-11-01T10:00:02.000Z',
  });
}

export function toolResultLine(o: LineOpts, toolUseId: string, content: string, isError = false): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    cwd: o.cwd ?? '/home/dev/project',
    sessionId: o.session,
    version: '2.1.97',
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content, is_error: isError }] },
    uuid: uuid(),
    timestamp: o.ts ?? '2026-11-01T10:00:03.000Z',
  });
}

/** A whole small session: prompt, a tool round trip, an answer. */
export function sessionLines(session: string, n: number, cwd = '/home/dev/project'): string[] {
  const o = { session, cwd };
  const lines = [promptLine(o, `task ${n} for ${session}`)];
  lines.push(toolUseLine(o, `toolu_${session}_${n}`, 'Bash', { command: `echo ${n}` }, { id: `msg_${session}_${n}_a`, requestId: `req_${session}_${n}_a` }));
  lines.push(toolResultLine(o, `toolu_${session}_${n}`, `${n}\n`));
  lines.push(assistantTextLine(o, `done with ${n}`, { id: `msg_${session}_${n}_b`, requestId: `req_${session}_${n}_b`, output: 10 + n }));
  return lines;
}
