import { describe, expect, it } from 'vitest';
import { claudeAdapter } from '../../src/engine/adapters/claude';
import type { NewEvent, ParseOutput } from '../../src/engine/adapters/types';
import { readFileSync } from 'node:fs';
import { newParseOutput } from '../../src/engine/adapters/types';
import { feed, linesOf, mergeOutputs, parseFixture, parseText } from '../fixtures/claude/harness';

const S = '7d3f0a52-1c4e-4b8a-9f60-2e5d8c1b7a90';
const P = '/home/dev/.claude/projects/-home-dev-my-app';
const MAIN = `${P}/${S}.jsonl`;
const A = `claude:${S}`;
const ms = (iso: string): number => Date.parse(iso);

type Data = Record<string, unknown>;
const kinds = (out: ParseOutput): string[] => out.events.map((e) => (e.kind === 'system' ? `system:${e.data.subtype}` : e.kind));
const ofKind = <K extends NewEvent['kind']>(out: ParseOutput, kind: K): Extract<NewEvent, { kind: K }>[] =>
  out.events.filter((e): e is Extract<NewEvent, { kind: K }> => e.kind === kind);
const system = (out: ParseOutput, subtype: string) => ofKind(out, 'system').filter((e) => e.data.subtype === subtype);

describe('main session (2.1.5x)', () => {
  const out = parseFixture('session-basic.jsonl', MAIN);

  it('turns every line into typed events in order', () => {
    expect(kinds(out)).toEqual([
      'system:permission-mode',
      'system:file-history-snapshot',
      'prompt',
      'usage',
      'thinking',
      'assistant_text',
      'tool_call',
      'tool_result',
      'usage',
      'assistant_text',
      'system:turn_duration',
      'system:last-prompt',
    ]);
    expect(out.events.every((e) => e.agentId === A && e.source === 'transcript')).toBe(true);
  });

  it('keeps one usage record per block record but emits one usage event per (message.id, requestId)', () => {
    expect(out.usage.map((u) => u.key)).toEqual([
      'msg_01BasicAAAA:req_01BasicAAAA',
      'msg_01BasicAAAA:req_01BasicAAAA',
      'msg_01BasicAAAA:req_01BasicAAAA',
      'msg_01BasicBBBB:req_01BasicBBBB',
    ]);
    expect(out.usage.map((u) => u.outputTokens)).toEqual([9, 9, 152, 40]);
    expect(out.usage[0]).toMatchObject({ agentId: A, model: 'claude-sonnet-4-6', cacheCreationTokens: 4200, cache5mTokens: 0, cache1hTokens: 4200, placeholderOutput: false });
    // no cache_creation split: all 5m
    expect(out.usage[3]).toMatchObject({ cacheCreationTokens: 300, cache5mTokens: 300, cache1hTokens: 0, ts: ms('2026-03-01T10:00:12.000Z') });
    const ev = ofKind(out, 'usage');
    expect(ev).toHaveLength(2);
    expect(ev[0].data).toEqual({
      messageId: 'msg_01BasicAAAA',
      requestId: 'req_01BasicAAAA',
      model: 'claude-sonnet-4-6',
      inputTokens: 3,
      outputTokens: 9,
      cacheCreationTokens: 4200,
      cacheReadTokens: 11000,
    });
  });

  it('maps blocks, tool results and system records to their data', () => {
    expect(ofKind(out, 'prompt')[0].data).toEqual({ text: 'Fix the failing date test in utils\nIt breaks on leap years.' });
    expect(ofKind(out, 'thinking')[0].data).toEqual({ text: 'The user wants the leap-year test fixed. Run it first.' });
    expect(ofKind(out, 'assistant_text')[0].data).toEqual({ text: "I'll run the test first.", model: 'claude-sonnet-4-6', messageId: 'msg_01BasicAAAA' });
    expect(ofKind(out, 'tool_call')[0].data).toEqual({
      toolUseId: 'toolu_01Bash',
      name: 'Bash',
      input: { command: 'npm test -- utils/date', description: 'Run the date tests' },
    });
    expect(ofKind(out, 'tool_result')[0].data).toEqual({ toolUseId: 'toolu_01Bash', isError: true, text: 'FAIL utils/date.test.ts\n  expected 29, got 28' });
    expect(system(out, 'turn_duration')[0].data.data).toMatchObject({ durationMs: 12090 });
    expect(system(out, 'last-prompt')[0].data.text).toBe('Fix the failing date test in utils');
  });

  it('dates records without a timestamp from the last one seen (or the snapshot, or 0)', () => {
    expect(out.events[0].ts).toBe(0); // permission-mode, first line
    expect(out.events[1].ts).toBe(ms('2026-03-01T10:00:00.000Z')); // snapshot's own timestamp
    expect(out.events[2].ts).toBe(ms('2026-03-01T10:00:00.010Z'));
    expect(out.events.at(-1)?.ts).toBe(ms('2026-03-01T10:00:12.100Z')); // last-prompt inherits
  });

  it('patches the agent: cwd from records, title from the first prompt, models, times, marker', () => {
    expect([...out.agents.keys()]).toEqual([A]);
    expect(out.agents.get(A)).toEqual({
      id: A,
      source: 'claude',
      sessionId: S,
      transcript: MAIN,
      cwd: '/home/dev/my.app',
      title: { text: 'Fix the failing date test in utils', priority: 0 },
      models: ['claude-sonnet-4-6'],
      startedAt: ms('2026-03-01T10:00:00.010Z'),
      lastEventAt: ms('2026-03-01T10:00:12.100Z'),
      marker: 'turn_end',
    });
  });
});

describe('markers', () => {
  const marker = (lines: object[]): string | undefined => parseText(MAIN, lines.map((l) => JSON.stringify(l)).join('\n')).out.agents.get(A)?.marker;
  const asst = (content: object[], stop: string | null = null) => ({ type: 'assistant', message: { id: 'm', model: 'claude-opus-4-6', content, stop_reason: stop } });
  const text = { type: 'text', text: 'done' };
  const tool = { type: 'tool_use', id: 't', name: 'Read', input: {} };

  it('follows the last record', () => {
    expect(marker([{ type: 'user', message: { content: 'go' } }])).toBe('prompt');
    expect(marker([asst([text])])).toBe('turn_end'); // stop_reason null: text ends the turn
    expect(marker([asst([text]), asst([tool])])).toBe('tool_pending'); // ...until a tool_use follows
    expect(marker([asst([text], 'tool_use')])).toBe('responding');
    expect(marker([asst([text], 'end_turn')])).toBe('turn_end');
    expect(marker([asst([{ type: 'thinking', thinking: '' }])])).toBe('responding');
    expect(marker([asst([tool]), { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] } }])).toBe('responding');
    expect(marker([asst([text]), { type: 'system', subtype: 'turn_duration', durationMs: 5 }])).toBe('turn_end');
    expect(marker([{ type: 'user', message: { content: 'go' } }, { type: 'user', isMeta: true, message: { content: 'Caveat: injected' } }])).toBe('prompt');
    expect(marker([{ type: 'system', subtype: 'local_command', content: '<local-command-stdout>ok</local-command-stdout>' }])).toBe('turn_end');
  });
});

describe('metadata, system, progress and attachment records', () => {
  const out = parseFixture('session-records.jsonl', MAIN);

  it('maps each record to a system event with its subtype', () => {
    expect(kinds(out)).toEqual([
      'system:summary',
      'system:file-history-snapshot',
      'prompt',
      'system:compact_boundary',
      'prompt',
      'system:local_command',
      'system:local_command',
      'system:stop_hook_summary',
      'system:informational',
      'system:api_error',
      'system:brand_new_subtype',
      'system:attachment:hook_success',
      'system:progress:hook_progress',
      'system:progress:bash_progress',
      'system:custom-title',
      'system:ai-title',
      'system:agent-name',
      'system:pr-link',
      'system:queue-operation',
      'system:teleported-from',
      'system:unknown:mode',
    ]);
    expect(ofKind(out, 'unparsed')).toEqual([]);
  });

  it('keeps only the file count of a file-history snapshot', () => {
    expect(system(out, 'file-history-snapshot')[0].data.data).toEqual({
      trackedFiles: 3,
      messageId: 'b2000000-0000-4000-8000-000000000001',
      isSnapshotUpdate: true,
    });
  });

  it('carries compact boundaries, compact summaries and local commands', () => {
    const cb = system(out, 'compact_boundary')[0].data;
    expect(cb.text).toBe('Conversation compacted');
    expect(cb.data).toMatchObject({ compactMetadata: { trigger: 'manual', preTokens: 151000 }, logicalParentUuid: 'b2000000-0000-4000-8000-000000000001' });
    expect(ofKind(out, 'prompt')[1].data).toMatchObject({ isCompactSummary: true });
    expect(system(out, 'local_command').map((e) => e.data.text)).toEqual([
      '<command-name>/cost</command-name>\n<command-message>cost</command-message>\n<command-args></command-args>',
      '<local-command-stdout>Total cost: $0.42</local-command-stdout>',
    ]);
    expect(system(out, 'stop_hook_summary')[0].data.data).toMatchObject({ hookCount: 1, hookInfos: [{ command: '~/bin/notify.sh', durationMs: 31 }] });
    expect(system(out, 'api_error')[0].data.data).toMatchObject({ retryAttempt: 1, maxRetries: 10, error: { status: 529 } });
    expect(system(out, 'brand_new_subtype')[0].data.text).toBe('something new');
  });

  it('caps big strings in attachments and progress at 4 KB', () => {
    const hook = system(out, 'attachment:hook_success')[0].data.data as Data;
    expect(hook).toMatchObject({ hookName: 'SessionStart:startup', exitCode: 0 });
    expect((hook.stdout as string).length).toBeLessThan(4200);
    expect(hook.stdout).toMatch(/\[\+\d+ chars\]$/);
    const bash = system(out, 'progress:bash_progress')[0].data.data as Data;
    expect((bash.fullOutput as string).length).toBeLessThan(4200);
    expect(bash).toMatchObject({ output: 'building…', totalLines: 400, parentToolUseId: 'toolu_01Build' });
    expect(system(out, 'progress:hook_progress')[0].data.data).toMatchObject({ hookName: 'PreToolUse:Read', toolUseId: 'toolu_01Read' });
  });

  it('keeps metadata text and the highest-priority title', () => {
    expect(system(out, 'pr-link')[0].data).toMatchObject({ text: 'https://github.com/example/my.app/pull/42', data: { prNumber: 42, prRepository: 'example/my.app' } });
    expect(system(out, 'queue-operation')[0].data).toMatchObject({ text: 'also update the changelog', data: { operation: 'enqueue' } });
    expect(system(out, 'teleported-from')[0].data.data).toMatchObject({ remoteSessionId: 'session_01RemoteXYZ', messageCount: 12 });
    expect(system(out, 'unknown:mode')[0].data.data).toEqual({ mode: 'normal' });
    // summary (1) < ai-title (2) < custom-title = agent-name (3, later wins); the /compact command is no title
    expect(out.agents.get(A)?.title).toEqual({ text: 'leap-fixer', priority: 3 });
  });

  it('applies title priorities whatever the order', () => {
    const lines = [
      { type: 'custom-title', customTitle: 'Mine' },
      { type: 'ai-title', aiTitle: 'Auto' },
      { type: 'summary', summary: 'Old summary' },
      { type: 'user', message: { content: 'first prompt' } },
    ];
    expect(parseText(MAIN, lines.map((l) => JSON.stringify(l)).join('\n')).out.agents.get(A)?.title).toEqual({ text: 'Mine', priority: 3 });
  });
});

describe('odd and broken lines', () => {
  const out = parseFixture('session-edge.jsonl', MAIN);
  const unparsed = ofKind(out, 'unparsed');

  it('counts bad lines as unparsed with a reason, excerpt and offset, and skips blank ones', () => {
    expect(unparsed.map((e) => e.data.reason)).toEqual([
      'invalid JSON',
      'not an object',
      'not an object',
      'not an object',
      'no type',
      'user record without content',
    ]);
    expect(unparsed[0].data).toEqual({ reason: 'invalid JSON', excerpt: '{"type":"user","message":{"role":"user","content":"tr', offset: 0 });
    expect(unparsed[1].data.offset).toBe(54);
    expect(unparsed[1].data.excerpt).toBe('[1,2,3]');
    expect(unparsed.every((e) => e.agentId === A)).toBe(true);
  });

  it('turns a <synthetic> API error into a system api_error event, without usage', () => {
    const err = system(out, 'api_error')[0];
    expect(err.data.text).toContain('API Error: 401');
    expect(err.data.data).toMatchObject({ model: '<synthetic>', error: 'authentication_failed', isApiErrorMessage: true });
    expect(out.usage.some((u) => u.model === '<synthetic>')).toBe(false);
    expect(out.agents.get(A)?.models).not.toContain('<synthetic>');
  });

  it('keys usage without a requestId by file and offset', () => {
    const noReq = out.usage.find((u) => u.messageId === 'msg_01NoRequestId');
    const line = out.events.find((e) => e.kind === 'assistant_text' && e.data.text === 'Retried without a request id.');
    expect(noReq).toMatchObject({ requestId: '', outputTokens: 7 });
    expect(noReq?.key).toMatch(new RegExp(`^${MAIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@\\d+$`));
    expect(line).toBeDefined();
  });

  it('flags placeholder output tokens', () => {
    const u = out.usage.find((r) => r.messageId === 'msg_01Placeholder');
    expect(u?.placeholderOutput).toBe(true);
    expect(ofKind(out, 'usage').find((e) => e.data.messageId === 'msg_01Placeholder')?.data.placeholderOutput).toBe(true);
    expect(out.usage.find((r) => r.messageId === 'msg_01NoRequestId')?.placeholderOutput).toBe(false);
  });

  it('maps redacted thinking, server tools and their results', () => {
    expect(ofKind(out, 'thinking')[0].data).toEqual({ text: '', redacted: true });
    expect(ofKind(out, 'tool_call').map((e) => e.data.name)).toEqual(['web_search', 'Read', 'Bash']);
    const [web, shot, sleep] = ofKind(out, 'tool_result');
    expect(web.data).toEqual({ toolUseId: 'srvtoolu_01Web', isError: false, text: 'Leap year https://en.wikipedia.org/wiki/Leap_year' });
    expect(shot.data).toEqual({ toolUseId: 'toolu_01Shot', isError: false, text: 'Screenshot:\n[image]' });
    expect(sleep.data).toEqual({ toolUseId: 'toolu_01Sleep', isError: true, text: '[Request interrupted by user for tool use]', interrupted: true });
  });

  it('parses <task-notification> messages', () => {
    expect(system(out, 'task_notification')[0].data).toEqual({
      subtype: 'task_notification',
      text: 'Background command "npm run build" completed (exit code 0)',
      data: {
        taskId: 'bt2kelt7i',
        toolUseId: 'toolu_01Bg',
        outputFile: `/tmp/claude-1000/-home-dev-my-app/${S}/tasks/bt2kelt7i.output`,
        status: 'completed',
        summary: 'Background command "npm run build" completed (exit code 0)',
      },
    });
  });

  it('emits one usage event per key even across many block records', () => {
    const keys = out.usage.filter((u) => u.messageId === 'msg_01Redacted');
    expect(keys).toHaveLength(4);
    expect(ofKind(out, 'usage').filter((e) => e.data.messageId === 'msg_01Redacted')).toHaveLength(1);
  });

  it('ends the turn on an interrupt and titles from the first typed prompt', () => {
    const agent = out.agents.get(A);
    expect(agent?.title).toEqual({ text: 'hello', priority: 0 });
    // the task notification (a user message that wakes the model) comes last before the broken record
    expect(agent?.marker).toBe('prompt');
    const interrupted = parseText(MAIN, JSON.stringify({ type: 'user', message: { content: [{ type: 'text', text: '[Request interrupted by user]' }] } })).out;
    expect(interrupted.agents.get(A)?.marker).toBe('turn_end');
    expect(interrupted.agents.get(A)?.title).toBeUndefined();
  });

  it('handles CRLF-terminated lines and a 3 MB line', () => {
    const crlf = parseText(MAIN, `${JSON.stringify({ type: 'user', message: { content: 'windows' } })}\r\n${JSON.stringify({ type: 'ai-title', aiTitle: 'T' })}\r\n`).out;
    expect(kinds(crlf)).toEqual(['prompt', 'system:ai-title']);
    const big = 'x'.repeat(3 * 1024 * 1024);
    const line = JSON.stringify({
      type: 'user',
      timestamp: '2026-03-02T10:00:00.000Z',
      message: { content: [{ type: 'tool_result', tool_use_id: 'toolu_big', content: big }] },
    });
    const out3 = parseText(MAIN, `${line}\n${JSON.stringify({ type: 'user', message: { content: 'after' } })}`).out;
    // Stored clipped to its head and tail; the full text stays in the transcript line at lineOffset.
    const result = ofKind(out3, 'tool_result')[0].data;
    expect(result.omittedChars).toBe(big.length - 64 * 1024);
    expect(result.lineOffset).toBe(0);
    expect(result.text.startsWith('x'.repeat(48 * 1024))).toBe(true);
    expect(result.text).toContain(`[${big.length - 64 * 1024} chars omitted]`);
    expect(result.text.endsWith('x'.repeat(16 * 1024))).toBe(true);
    expect(ofKind(out3, 'prompt')[0].data.text).toBe('after');
    expect(ofKind(out3, 'prompt')[0].ts).toBe(ms('2026-03-02T10:00:00.000Z'));
  });
});

it('keeps tool inputs whole unless a string in them is huge, then clips only that string', () => {
  const small = { command: 'ls -la', description: 'list' };
  const huge = { file_path: '/w/big.txt', content: 'y'.repeat(200_000) };
  const line = (id: string, input: unknown) =>
    JSON.stringify({ type: 'assistant', requestId: `r_${id}`, message: { id: `m_${id}`, model: 'claude-sonnet-4-6', content: [{ type: 'tool_use', id, name: 'Write', input }] } });
  const out = parseText(MAIN, `${line('t1', small)}\n${line('t2', huge)}\n`).out;
  const [a, b] = ofKind(out, 'tool_call').map((e) => e.data.input as Record<string, string>);
  expect(a).toEqual(small);
  expect(b.file_path).toBe('/w/big.txt');
  expect(b.content.length).toBeLessThan(70_000);
  expect(b.content).toContain('chars omitted');
});

describe('sub-agents', () => {
  it('links a foreground Task and a background Agent from the parent file, without events for agent_progress', () => {
    const out = parseFixture('session-task.jsonl', MAIN);
    expect(kinds(out)).toEqual(['prompt', 'usage', 'tool_call', 'tool_result', 'usage', 'tool_call', 'tool_result']);
    expect(out.usage.map((u) => u.messageId)).toEqual(['msg_01TaskAAAA', 'msg_01TaskBBBB']); // no mirrored sub-agent usage
    expect(out.agents.get(`${A}/b81c3e9`)).toEqual({ id: `${A}/b81c3e9`, source: 'claude', sessionId: S, parentId: A });
    expect(out.agents.get(`${A}/c92d4fa`)).toEqual({ id: `${A}/c92d4fa`, source: 'claude', sessionId: S, parentId: A });
    expect(ofKind(out, 'tool_result')[0].data).toMatchObject({ toolUseId: 'toolu_01Task', durationMs: 27500 });
    expect(out.agents.get(A)?.marker).toBe('responding');
  });

  it('links a lone agent_progress line to its sub-agent', () => {
    const line = { type: 'progress', sessionId: S, data: { type: 'agent_progress', agentId: 'd00d1e5', message: {} } };
    const out = parseText(MAIN, JSON.stringify(line)).out;
    expect(out.events).toEqual([]);
    expect(out.agents.get(`${A}/d00d1e5`)).toMatchObject({ parentId: A });
  });

  it('reads a new-layout sub-agent file as its own agent', () => {
    const path = `${P}/${S}/subagents/agent-b81c3e9.jsonl`;
    const out = parseFixture('subagent.jsonl', path);
    const id = `${A}/b81c3e9`;
    expect(new Set(out.events.map((e) => e.agentId))).toEqual(new Set([id]));
    expect(kinds(out)).toEqual(['prompt', 'usage', 'tool_call', 'tool_result', 'usage', 'assistant_text']);
    expect(out.agents.get(id)).toEqual({
      id,
      source: 'claude',
      sessionId: S,
      parentId: A,
      transcript: path,
      cwd: '/home/dev/my.app',
      title: { text: 'Read every file under docs/ and summarise.', priority: 0 },
      models: ['claude-haiku-4-5-20251001'],
      startedAt: ms('2026-03-03T08:00:02.500Z'),
      lastEventAt: ms('2026-03-03T08:00:29.000Z'),
      marker: 'turn_end',
    });
    expect(out.usage.every((u) => u.agentId === id)).toBe(true);
  });

  it('links an orphan acompact file to its session by id', () => {
    const session = '3b9d0c41-5e2f-4a6b-8c7d-9e0f1a2b3c4d';
    const out = parseFixture('acompact-orphan.jsonl', `${P}/${session}/subagents/agent-acompact-3e1f7a.jsonl`);
    const agent = out.agents.get(`claude:${session}/acompact-3e1f7a`);
    expect(agent).toMatchObject({ sessionId: session, parentId: `claude:${session}`, models: ['claude-opus-4-6'] });
    expect(out.usage).toHaveLength(1);
    expect(out.usage[0]).toMatchObject({ cacheReadTokens: 160000, agentId: `claude:${session}/acompact-3e1f7a` });
  });

  it('names an old 2.0.x agent file by the session in its records', () => {
    const out = parseFixture('legacy-agent.jsonl', `${P}/agent-5f0e2a91.jsonl`);
    const id = `${A}/5f0e2a91`;
    expect(new Set(out.events.map((e) => e.agentId))).toEqual(new Set([id]));
    expect(out.agents.get(id)).toMatchObject({ sessionId: S, parentId: A, title: { text: 'Warmup', priority: 0 }, marker: 'turn_end' });
  });

  it('keeps the provisional id of an old agent file whose first line has no session', () => {
    const path = `${P}/agent-5f0e2a91.jsonl`;
    const first = parseFixture('legacy-agent-nosession.jsonl', path);
    expect(new Set(first.events.map((e) => e.agentId))).toEqual(new Set(['claude:agent-5f0e2a91']));
    expect(first.agents.get('claude:agent-5f0e2a91')).toMatchObject({ sessionId: S, parentId: A });
    expect([...first.agents.keys()]).toEqual(['claude:agent-5f0e2a91']);
  });

  it('splits inline sidechains (CC 1.0.x) into one sub-agent each', () => {
    const out = parseFixture('inline-sidechains.jsonl', MAIN);
    const sideA = `${A}/side-a9000000`;
    const sideB = `${A}/side-b9000000`;
    expect(out.events.map((e) => e.agentId.slice(A.length) || 'main')).toEqual([
      'main', // prompt
      'main', // usage
      'main', // tool_call TaskA
      'main', // tool_call TaskB
      '/side-a9000000', // prompt
      '/side-b9000000', // prompt
      '/side-a9000000', // usage
      '/side-a9000000', // tool_call Read
      '/side-b9000000', // usage
      '/side-b9000000', // text
      '/side-a9000000', // tool_result
      '/side-a9000000', // usage
      '/side-a9000000', // text
      'main', // tool_result A
      'main', // tool_result B
      'main', // usage
      'main', // text
    ]);
    expect(out.agents.get(sideA)).toMatchObject({ parentId: A, sessionId: S, transcript: MAIN, title: { text: 'Audit package.json', priority: 0 }, marker: 'turn_end' });
    expect(out.agents.get(sideB)).toMatchObject({ parentId: A, title: { text: 'Audit the tests', priority: 0 } });
    expect(out.agents.get(A)?.title).toEqual({ text: 'Audit the package and the tests', priority: 0 });
    expect(out.usage.filter((u) => u.agentId === sideA).map((u) => u.messageId)).toEqual(['msg_01SideA1', 'msg_01SideA2']);
  });
});

describe('background task output', () => {
  it('parses an agent task output file like a sub-agent', () => {
    const path = `/tmp/claude-1000/-home-dev-my-app/${S}/tasks/c92d4fa.output`;
    const out = parseFixture('task-agent.output', path);
    const id = `${A}/task-c92d4fa`;
    expect(kinds(out)).toEqual(['prompt', 'usage', 'assistant_text']);
    expect(out.agents.get(id)).toMatchObject({ sessionId: S, parentId: A, transcript: path, marker: 'turn_end', title: { text: 'Run the slow checks.', priority: 0 } });
  });

  it('gathers plain-text output into one task_output event per batch', () => {
    const path = `/tmp/claude-1000/-home-dev-my-app/${S}/tasks/bt2kelt7i.output`;
    const out = parseFixture('task-bash.output', path);
    expect(out.events).toEqual([
      {
        agentId: `${A}/task-bt2kelt7i`,
        kind: 'system',
        ts: 0,
        source: 'transcript',
        data: { subtype: 'task_output', text: '> my.app@1.0.0 build\n> tsc -p .\n\nsrc/a.ts compiled\n{not json, just braces}\nDone in 4.2s', data: { lines: 6 } },
      },
    ]);
    expect(out.agents.get(`${A}/task-bt2kelt7i`)).toMatchObject({ parentId: A, transcript: path });
  });

  it('names a legacy task without a session folder claude:task-<id>, and caps each event at 64 KB', () => {
    const path = '/tmp/claude/-home-dev-my-app/tasks/bt9zz.output';
    const line = 'y'.repeat(1000);
    const { out } = parseText(path, Array.from({ length: 100 }, () => line).join('\n'));
    const [ev] = ofKind(out, 'system');
    expect(ev.agentId).toBe('claude:task-bt9zz');
    expect(ev.data.text?.length).toBeLessThanOrEqual(64 * 1024);
    expect(ev.data.data).toMatchObject({ lines: 100 });
    expect((ev.data.data as Data).droppedChars).toBeGreaterThan(0);
  });

  it('flushes nothing when no text arrived', () => {
    const parser = claudeAdapter.createParser({ path: `/tmp/claude-1000/p/${S}/tasks/b1.output`, adapter: 'claude', mode: 'append' }, null);
    const out = { events: [], usage: [], agents: new Map() } as ParseOutput;
    parser.flush?.(out);
    expect(out.events).toEqual([]);
  });
});

describe('parser state', () => {
  const cases: [string, string][] = [
    ['session-basic.jsonl', MAIN],
    ['session-records.jsonl', MAIN],
    ['session-edge.jsonl', MAIN],
    ['session-task.jsonl', MAIN],
    ['inline-sidechains.jsonl', MAIN],
    ['subagent.jsonl', `${P}/${S}/subagents/agent-b81c3e9.jsonl`],
    ['legacy-agent-nosession.jsonl', `${P}/agent-5f0e2a91.jsonl`],
    ['task-agent.output', `/tmp/claude-1000/-home-dev-my-app/${S}/tasks/c92d4fa.output`],
  ];
  it.each(cases)('%s: parse half, save, resume → same as one pass', (name, path) => {
    const lines = linesOf(readFileSync(new URL(`../fixtures/claude/${name}`, import.meta.url), 'utf8'));
    const file = claudeAdapter.claims(path)!;
    const once = feed(claudeAdapter.createParser(file, null), lines);
    for (let cut = 1; cut < lines.length; cut++) {
      const first = claudeAdapter.createParser(file, null);
      const a = feed(first, lines.slice(0, cut));
      const saved = JSON.parse(JSON.stringify(first.state()));
      const b = feed(claudeAdapter.createParser(file, saved), lines.slice(cut));
      const merged = mergeOutputs(a, b);
      expect(merged.events, `cut at ${cut}`).toEqual(once.events);
      expect(merged.usage, `cut at ${cut}`).toEqual(once.usage);
      expect(merged.agents, `cut at ${cut}`).toEqual(mergeOutputs(once, newParseOutput()).agents);
    }
  });

  it('starts fresh from unreadable state', () => {
    const parser = claudeAdapter.createParser(claudeAdapter.claims(MAIN)!, { v: 99, garbage: true });
    expect(parser.state()).toEqual({ v: 1, lastTs: 0 });
  });

  it('keeps the state small for a plain session', () => {
    const { parser } = parseText(MAIN, readFileSync(new URL('../fixtures/claude/session-basic.jsonl', import.meta.url), 'utf8'));
    const state = parser.state();
    expect(Object.keys(state).sort()).toEqual(['lastTs', 'titled', 'usageKeys', 'v']);
    expect(JSON.stringify(state).length).toBeLessThan(300);
  });

  it('bounds the sidechain map and the usage keys', () => {
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const uuid = `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
      lines.push(JSON.stringify({ type: 'user', isSidechain: true, parentUuid: null, uuid, message: { content: 'side' } }));
      lines.push(JSON.stringify({ type: 'assistant', requestId: `r${i}`, message: { id: `m${i}`, model: 'x', content: [], usage: {} } }));
    }
    const { parser } = parseText(MAIN, lines.join('\n'));
    const state = parser.state() as { side: unknown[]; usageKeys: unknown[]; titled: unknown[] };
    expect(state.side.length).toBe(5000);
    expect(state.usageKeys.length).toBeLessThanOrEqual(512);
    expect(state.titled.length).toBeLessThanOrEqual(1000);
  });
});
