/**
 * The Codex adapter line by line: both eras, every record type the fixtures carry, usage counted as
 * ccusage counts it (repeats, deltas, sub-agent replay, fallback model), tools linked by call_id with
 * their measured durations, interrupted calls, and state that survives a restart mid-file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCodexPath, codexSource, createCodexParser, defaultCodexHomes } from '../../src/engine/adapters/codex';
import { newParseOutput, type FileParser, type NewEvent, type ParseOutput } from '../../src/engine/adapters/types';

const HOME = path.resolve(__dirname, '../fixtures/codex/home');
const MAIN = '0199e1a2-7b3c-7d4e-8f50-6a7b8c9d0e1f';
const SUB = '0199e1a3-1c2d-7e3f-9a40-5b6c7d8e9f00';
const LEGACY = '5f1c2a9e-3b7d-4c1e-9a2b-0c4d5e6f7a81';
const FILES = {
  main: `sessions/2025/10/14/rollout-2025-10-14T10-00-00-${MAIN}.jsonl`,
  sub: `sessions/2025/10/13/rollout-2025-10-13T23-30-00-${SUB}.jsonl`,
  legacy: `sessions/2025/09/10/rollout-2025-09-10T09-15-00-${LEGACY}.jsonl`,
  fallback: 'sessions/2025/10/13/rollout-2025-10-13T20-10-00-0199e0ff-2222-7333-8444-555566667777.jsonl',
};

function lines(rel: string): string[] {
  return fs.readFileSync(path.join(HOME, rel), 'utf8').split('\n').filter((l) => l !== '');
}

/** Parse `input` lines as the file `file` would, optionally stopping and resuming from saved state at `splitAt`. */
function parse(file: string, input: string[], splitAt?: number): ParseOutput {
  const src = { path: path.join('/home/dev/.codex', file), adapter: 'codex', mode: 'append' as const };
  let parser: FileParser = createCodexParser(src, null);
  const out = newParseOutput();
  let offset = 0;
  input.forEach((line, i) => {
    if (i === splitAt) parser = createCodexParser(src, JSON.parse(JSON.stringify(parser.state())) as Record<string, unknown>);
    parser.parseLine(line, offset, out);
    offset += Buffer.byteLength(line) + 1;
  });
  return out;
}

const kinds = (out: ParseOutput) => out.events.map((e) => (e.kind === 'system' ? `system:${e.data.subtype}` : e.kind));
const ofKind = <K extends NewEvent['kind']>(out: ParseOutput, kind: K) => out.events.filter((e): e is Extract<NewEvent, { kind: K }> => e.kind === kind);
const env = (type: string, payload: Record<string, unknown>, timestamp = '2025-10-14T08:00:00.000Z') => JSON.stringify({ timestamp, type, payload });
const usage = (input: number, cached: number, output: number, reasoning: number) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: input + output,
});
const tokenCount = (ts: string, total: object | null, last: object | null) =>
  env('event_msg', { type: 'token_count', info: total || last ? { ...(total ? { total_token_usage: total } : {}), ...(last ? { last_token_usage: last } : {}) } : null }, ts);

describe('codex paths', () => {
  it('claims rollouts under sessions/YYYY/MM/DD and archived_sessions, nothing else', () => {
    expect(classifyCodexPath(`/h/.codex/sessions/2025/10/14/rollout-2025-10-14T10-00-00-${MAIN}.jsonl`)).toEqual({ kind: 'session', threadId: MAIN });
    expect(classifyCodexPath(`C:\\Users\\me\\.codex\\archived_sessions\\rollout-x-${MAIN.toUpperCase()}.jsonl`)).toEqual({ kind: 'archived', threadId: MAIN });
    expect(classifyCodexPath('/h/.codex/archived_sessions/old.jsonl')).toEqual({ kind: 'archived', threadId: null });
    expect(classifyCodexPath('/h/.codex/history.jsonl')).toBeNull();
    expect(classifyCodexPath('/h/.codex/sessions/2025/10/notes/rollout-x.jsonl')).toBeNull();
    expect(classifyCodexPath('/h/.codex/sessions/2025/10/14/rollout-x.json')).toBeNull();
    expect(classifyCodexPath('/h/.claude/projects/p/rollout-x.jsonl')).toBeNull();
  });

  it('reads $CODEX_HOME (a comma list) or ~/.codex, plus --codex-dir, as sessions and archived_sessions', () => {
    expect(defaultCodexHomes({}, '/home/u')).toEqual(['/home/u/.codex']);
    expect(defaultCodexHomes({ CODEX_HOME: ' /a , /b ' }, '/home/u')).toEqual(['/a', '/b']);
    expect(codexSource.dirs({ env: { CODEX_HOME: '/a' }, home: '/home/u', codexDirs: ['/c'] })).toEqual(['/a/sessions', '/a/archived_sessions', '/c/sessions', '/c/archived_sessions']);
    expect(codexSource.dirs({ env: { CODEX_HOME: '/a' }, home: '/home/u', discoverRoots: false, codexDirs: ['/c'] })).toEqual(['/c/sessions', '/c/archived_sessions']);
  });
});

describe('codex parser: the enveloped era', () => {
  const out = parse(FILES.main, lines(FILES.main));
  const agent = out.agents.get(`codex:${MAIN}`)!;

  it('turns every line into the expected events, in order', () => {
    expect(kinds(out)).toEqual([
      'system:session_meta',
      'prompt', // <permissions instructions> (developer)
      'prompt', // AGENTS.md
      'prompt', // <environment_context>
      'system:task_started',
      'system:turn_context',
      'prompt',
      'thinking',
      'tool_call',
      'usage',
      'tool_result',
      'thinking',
      'tool_call',
      'usage',
      'tool_result',
      'tool_call',
      'usage',
      'tool_result',
      'tool_call', // web_search_call: closed at once
      'tool_result',
      'system:unknown:mystery_record',
      'unparsed',
      'assistant_text',
      'usage',
      'system:task_complete',
      'system:task_started',
      'prompt',
      'tool_call',
      'usage',
      'tool_result', // the call the abort cut short
      'system:turn_aborted',
      'system:context_compacted',
    ]);
  });

  it('describes the agent: thread id, cwd, model from turn_context, title from the first typed prompt, rate limits', () => {
    expect(agent).toMatchObject({
      id: `codex:${MAIN}`,
      source: 'codex',
      sessionId: MAIN,
      cwd: '/home/dev/lantern-demo',
      models: ['gpt-5-codex'],
      title: { text: 'Fix the failing date test in src/date.ts', priority: 0 },
      startedAt: Date.parse('2025-10-14T08:00:00.000Z'),
      lastEventAt: Date.parse('2025-10-14T08:01:31.000Z'),
      marker: 'turn_end',
    });
    expect(agent.parentId).toBeUndefined();
    expect(agent.meta?.rateLimits).toEqual({
      primaryPct: 15,
      secondaryPct: 3.5,
      primaryWindowMin: 300,
      secondaryWindowMin: 10080,
      primaryResetsAt: '2025-10-14T12:00:00.000Z',
      secondaryResetsAt: '2025-10-19T18:53:20.000Z',
      planType: 'plus',
      limitId: 'codex',
      at: '2025-10-14T08:01:02.050Z',
    });
  });

  it('marks injected context as meta prompts and keeps the typed one plain', () => {
    const prompts = ofKind(out, 'prompt');
    expect(prompts.map((p) => p.data.isMeta === true)).toEqual([true, true, true, false, false]);
    expect(prompts[3].data.text).toBe('Fix the failing date test in src/date.ts\nIt fails on leap years.');
  });

  it('reads reasoning summaries, and encrypted-only reasoning as redacted', () => {
    expect(ofKind(out, 'thinking').map((e) => e.data)).toEqual([{ text: "**Looking at the test**\n\nI'll run it first." }, { text: '', redacted: true }]);
  });

  it('links calls and outputs by call_id, with the duration and exit code Codex measured', () => {
    const calls = ofKind(out, 'tool_call').map((e) => [e.data.toolUseId, e.data.name]);
    expect(calls).toEqual([
      ['call_AAAAAAAAAAAAAAAAAAAAAAA1', 'shell'],
      ['call_AAAAAAAAAAAAAAAAAAAAAAA2', 'mcp__docs__search'],
      ['call_AAAAAAAAAAAAAAAAAAAAAAA3', 'apply_patch'],
      [expect.stringMatching(new RegExp(`^${MAIN}/web_search@\\d+$`)), 'web_search'],
      ['call_AAAAAAAAAAAAAAAAAAAAAAA4', 'shell_command'],
    ]);
    expect(ofKind(out, 'tool_call')[0].data.input).toEqual({ command: ['bash', '-lc', 'npm test -- date'], workdir: '/home/dev/lantern-demo' });
    const results = ofKind(out, 'tool_result').map((e) => e.data);
    expect(results[0]).toEqual({ toolUseId: 'call_AAAAAAAAAAAAAAAAAAAAAAA1', isError: true, text: 'FAIL src/date.test.ts\n  leap year\n', durationMs: 2500 });
    expect(results[1]).toEqual({ toolUseId: 'call_AAAAAAAAAAAAAAAAAAAAAAA2', isError: false, text: 'Divisible by 4, not by 100 unless by 400.', durationMs: 1250 });
    expect(results[2]).toMatchObject({ toolUseId: 'call_AAAAAAAAAAAAAAAAAAAAAAA3', isError: false, durationMs: 200 });
    expect(results[3]).toMatchObject({ isError: false, text: '[web search completed]' });
    expect(results[4]).toEqual({ toolUseId: 'call_AAAAAAAAAAAAAAAAAAAAAAA4', isError: false, text: '[interrupted]', interrupted: true });
  });

  it('counts usage as ccusage does: last_token_usage, total deltas, repeats skipped, cached split out', () => {
    expect(out.usage.map((u) => [u.inputTokens, u.cacheReadTokens, u.outputTokens, u.reasoningTokens, u.model])).toEqual([
      [4000, 1000, 300, 100, 'gpt-5-codex'],
      [2000, 4000, 220, 60, 'gpt-5-codex'],
      [1500, 5000, 380, 100, 'gpt-5-codex'], // total only: the delta from the previous total
      [500, 6000, 300, 40, 'gpt-5-codex'],
      [1000, 6000, 100, 0, 'gpt-5-codex'],
    ]);
    expect(out.usage[0]).toMatchObject({ key: `codex:${Date.parse('2025-10-14T08:00:04.200Z')}:gpt-5-codex:5000:1000:300:100:5300`, messageId: 't1', cacheCreationTokens: 0, placeholderOutput: false });
    expect(new Set(out.usage.map((u) => u.key)).size).toBe(5);
    expect(ofKind(out, 'usage')).toHaveLength(5);
  });

  it('keeps the unknown record and the malformed line, and moves on', () => {
    const unknown = out.events.find((e) => e.kind === 'system' && e.data.subtype === 'unknown:mystery_record')!;
    expect(unknown.data).toEqual({ subtype: 'unknown:mystery_record', data: { payload: { hello: 'world' } } });
    const bad = ofKind(out, 'unparsed')[0];
    expect(bad.data).toMatchObject({ reason: 'invalid JSON', excerpt: 'this line is not JSON {' });
    expect(bad.data.offset).toBe(lines(FILES.main).slice(0, 27).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
  });

  it('gives the same output when stopped and resumed from saved state at any line', () => {
    const all = lines(FILES.main);
    const strip = (o: ParseOutput) => ({ events: o.events, usage: o.usage });
    for (let split = 1; split < all.length; split++) {
      expect(strip(parse(FILES.main, all, split)), `split at ${split}`).toEqual(strip(out));
    }
  });
});

describe('codex parser: the legacy bare era', () => {
  const out = parse(FILES.legacy, lines(FILES.legacy));
  const agent = out.agents.get(`codex:${LEGACY}`)!;

  it('reads the bare meta line, skips state sentinels and takes the cwd from <environment_context>', () => {
    expect(agent).toMatchObject({ sessionId: LEGACY, cwd: '/home/dev/legacy-app', title: { text: 'List the TODO comments' }, marker: 'tool_pending' });
    expect(kinds(out)).toEqual([
      'system:session_meta',
      'prompt',
      'prompt',
      'thinking',
      'tool_call',
      'tool_result',
      'assistant_text',
      'prompt',
      'tool_call',
      'tool_result', // cut short by the next prompt
      'prompt',
      'tool_call', // the file ends waiting for its output
    ]);
    expect(out.events.every((e) => e.ts === Date.parse('2025-09-10T14:15:00.000Z'))).toBe(true);
    expect(out.usage).toEqual([]);
  });

  it('closes a call that got no output before the next prompt as interrupted', () => {
    const results = ofKind(out, 'tool_result').map((e) => e.data);
    expect(results[0]).toEqual({ toolUseId: 'call_CCCCCCCCCCCCCCCCCCCCCCC1', isError: false, text: 'src/x.ts:1: // TODO tidy\n', durationMs: 100 });
    expect(results[1]).toMatchObject({ toolUseId: 'call_CCCCCCCCCCCCCCCCCCCCCCC2', interrupted: true });
  });

  it('ends a legacy turn on the assistant text (no turn events to say so)', () => {
    const out2 = parse(FILES.legacy, lines(FILES.legacy).slice(0, 9));
    expect(out2.agents.get(`codex:${LEGACY}`)!.marker).toBe('turn_end');
  });
});

describe('codex parser: a sub-agent whose parent file is absent', () => {
  const out = parse(FILES.sub, lines(FILES.sub));

  it('links to the parent thread and skips the replayed head of usage', () => {
    expect(out.agents.get(`codex:${SUB}`)).toMatchObject({ parentId: 'codex:0199e1a0-aaaa-7bbb-8ccc-dddddddddddd', sessionId: SUB, marker: 'turn_end' });
    expect(out.events[0].data).toMatchObject({ subtype: 'session_meta', data: { spawn: { parent_thread_id: '0199e1a0-aaaa-7bbb-8ccc-dddddddddddd', depth: 1, agent_nickname: 'scout', agent_role: 'explorer' } } });
    expect(out.usage.map((u) => [u.inputTokens, u.cacheReadTokens, u.outputTokens, u.reasoningTokens])).toEqual([
      [1000, 2000, 150, 30],
      [1000, 2500, 120, 10],
    ]);
    expect(ofKind(out, 'tool_result')[0].data).toMatchObject({ toolUseId: 'call_BBBBBBBBBBBBBBBBBBBBBBB1', durationMs: 420, isError: false });
  });

  it('holds a sub-agent first count until the next line tells, also across a restart', () => {
    const all = lines(FILES.sub);
    for (let split = 1; split < all.length; split++) expect(parse(FILES.sub, all, split).usage, `split at ${split}`).toEqual(out.usage);
  });

  it('counts a sub-agent first count that is not replay once a later second arrives', () => {
    const meta = env('session_meta', { id: SUB, source: { subagent: { thread_spawn: { parent_thread_id: 'p' } } } }, '2025-10-14T03:30:00.000Z');
    const first = tokenCount('2025-10-14T03:30:00.500Z', usage(100, 0, 10, 0), usage(100, 0, 10, 0));
    expect(parse(FILES.sub, [meta, first]).usage).toEqual([]); // undecided yet
    const later = env('event_msg', { type: 'agent_message', message: 'x' }, '2025-10-14T03:30:02.000Z');
    expect(parse(FILES.sub, [meta, first, later]).usage.map((u) => u.inputTokens)).toEqual([100]);
  });
});

describe('codex parser: edge cases', () => {
  const file = FILES.main;
  const meta = env('session_meta', { id: MAIN, cwd: '/w' }, '2025-10-14T08:00:00.000Z');

  it('prices usage with no turn_context as gpt-5 and does not list it as a model', () => {
    const out = parse(FILES.fallback, lines(FILES.fallback));
    expect(out.usage.map((u) => [u.model, u.inputTokens, u.outputTokens])).toEqual([['gpt-5', 500, 50]]);
    expect(out.agents.get('codex:0199e0ff-2222-7333-8444-555566667777')!.models).toBeUndefined();
  });

  it('maps codex-auto-review to the model of its date, as ccusage does', () => {
    const out = parse(file, [meta, env('turn_context', { model: 'codex-auto-review' }), tokenCount('2026-03-10T00:00:00.000Z', null, usage(10, 0, 1, 0))]);
    expect(out.usage[0].model).toBe('gpt-5.4');
  });

  it('skips a token_count without timestamp, zero usage and info null', () => {
    const noTs = JSON.stringify({ type: 'event_msg', payload: { type: 'token_count', info: { last_token_usage: usage(5, 0, 1, 0) } } });
    const out = parse(file, [meta, noTs, tokenCount('2025-10-14T08:00:01.000Z', usage(0, 0, 0, 0), null), tokenCount('2025-10-14T08:00:02.000Z', null, null)]);
    expect(out.usage).toEqual([]);
  });

  it('reads epoch timestamps, seconds or milliseconds', () => {
    const sec = JSON.stringify({ timestamp: 1760428800, type: 'event_msg', payload: { type: 'token_count', info: { last_token_usage: usage(5, 0, 1, 0) } } });
    const ms = JSON.stringify({ timestamp: 1760428801000, type: 'event_msg', payload: { type: 'token_count', info: { last_token_usage: usage(6, 0, 1, 0) } } });
    expect(parse(file, [meta, sec, ms]).usage.map((u) => u.ts)).toEqual([1760428800000, 1760428801000]);
  });

  it('never throws on hostile lines: each is unparsed, or a system event', () => {
    const out = parse(file, ['[]', '"x"', '{}', '{"type":"response_item"}', '{"type":"event_msg","payload":{}}', '{"type":"response_item","payload":{"type":"message","content":7}}', '   ', 'null']);
    expect(ofKind(out, 'unparsed').map((e) => e.data.reason)).toEqual(['not an object', 'not an object', 'no type', 'response_item without payload', 'event_msg without payload type', 'not an object']);
    expect(ofKind(out, 'prompt')).toHaveLength(1);
  });

  it('namespaces per-session call ids (Kimi / Ollama) and reads plain-text shell_command output', () => {
    const call = env('response_item', { type: 'function_call', name: 'shell', arguments: 'not json', call_id: 'functions.shell:0' });
    const output = env('response_item', { type: 'function_call_output', call_id: 'functions.shell:0', output: 'Exit code: 2\nWall time: 0.4 seconds\nOutput:\nboom' });
    const out = parse(file, [meta, call, output]);
    expect(ofKind(out, 'tool_call')[0].data).toMatchObject({ toolUseId: `${MAIN}/functions.shell:0`, input: { arguments: 'not json' } });
    expect(ofKind(out, 'tool_result')[0].data).toMatchObject({ toolUseId: `${MAIN}/functions.shell:0`, isError: true, durationMs: 400 });
  });

  it('closes calls still open at task_complete, and shows a late output after an abort without counting it again', () => {
    const call = env('response_item', { type: 'function_call', name: 'shell', arguments: '{}', call_id: 'call_ZZZZZZZZZZZZZZZZZZZZZZZ1' });
    const abort = env('event_msg', { type: 'turn_aborted', reason: 'interrupted' });
    const late = env('response_item', { type: 'function_call_output', call_id: 'call_ZZZZZZZZZZZZZZZZZZZZZZZ1', output: 'aborted by user' });
    const out = parse(file, [meta, call, abort, late]);
    expect(kinds(out)).toEqual(['system:session_meta', 'tool_call', 'tool_result', 'system:turn_aborted', 'system:late_tool_output']);
    const complete = parse(file, [meta, call, env('event_msg', { type: 'task_complete' })]);
    expect(ofKind(complete, 'tool_result')[0].data).toMatchObject({ interrupted: true });
  });

  it('shows an exec_command_end of no call (a `!` command typed by the user), and marks errors as failed turns', () => {
    const end = env('event_msg', { type: 'exec_command_end', call_id: 'call_user_shell_0001', command: ['ls'], exit_code: 0, duration: '1.5s', source: 'user_shell' });
    const error = env('event_msg', { type: 'error', message: 'stream disconnected before completion' });
    const out = parse(file, [meta, end, error]);
    expect(out.events[1].data).toEqual({ subtype: 'exec_command_end', data: { toolUseId: 'call_user_shell_0001', command: ['ls'], exitCode: 0, durationMs: 1500, isError: false, source: 'user_shell' } });
    expect(out.events[2].data).toMatchObject({ subtype: 'error', text: 'stream disconnected before completion' });
    expect(out.agents.get(`codex:${MAIN}`)!.marker).toBe('api_error');
  });

  it('shows a copied session_meta of another thread without taking its facts', () => {
    const copied = env('session_meta', { id: 'ffffffff-0000-7000-8000-000000000000', cwd: '/elsewhere' });
    const out = parse(file, [meta, copied]);
    expect(out.agents.get(`codex:${MAIN}`)!.cwd).toBe('/w');
    expect(out.events[1].data).toMatchObject({ subtype: 'session_meta', text: 'copied from another thread' });
  });

  it('takes the thread from session_meta when the file name has none', () => {
    const src = { path: '/h/.codex/archived_sessions/odd-name.jsonl', adapter: 'codex', mode: 'append' as const };
    const p = createCodexParser(src, null);
    const out = newParseOutput();
    p.parseLine(meta, 0, out);
    p.parseLine('oops', meta.length + 1, out);
    expect(out.events.map((e) => e.agentId)).toEqual([`codex:${MAIN}`, `codex:${MAIN}`]);
  });
});
