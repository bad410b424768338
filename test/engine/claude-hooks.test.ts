// @vitest-environment node
/**
 * Claude Code hooks end to end, posted over HTTP to the real headless server: answers, state
 * transitions, events, one agent with the transcript, one tool call with the hook's duration.
 * Payloads are this project's own fixtures (test/fixtures/claude-hooks), shaped like FORMATS.md
 * §2.3 and the real payloads in ../shared/corpus/claude-hooks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LanternEvent } from '../../src/shared/events';
import { promptLine, toolResultLine, toolUseLine } from '../helpers/claude-lines';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { openSse } from '../helpers/http-raw-client';
import { waitFor } from '../helpers/wait-for';

type Payload = Record<string, unknown>;
const fixture = (name: string): Payload[] =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/claude-hooks', name), 'utf8')) as Payload[];
const FLOW = fixture('session-flow.json');
const ALL = fixture('all-events.json');
const FLOW_ID = `claude:${FLOW[0].session_id as string}`;
const ALL_SESSION = ALL[0].session_id as string;

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function hook(server: TestServer, payload: Payload): Promise<void> {
  const res = await server.post('/api/hooks/claude', payload);
  expect(res.status, `${String(payload.hook_event_name)}: ${res.status}`).toBe(204);
  expect(await res.text()).toBe('');
}

const statuses = (events: LanternEvent[]) =>
  events.flatMap((e) => (e.kind === 'status' ? [`${e.state}${e.reason ? `(${e.reason})` : ''}`] : []));

describe('POST /api/hooks/claude', () => {
  it('answers 204 with an empty body for every hook event type', async () => {
    t = await startTestServer();
    for (const p of [...FLOW, ...ALL]) await hook(t, p);
  });

  it('moves state with the session: one status event per change', async () => {
    t = await startTestServer();
    const expected = ['idle', 'running', 'running', 'blocked(permission)', 'running', 'idle', 'blocked(input)', 'done'];
    for (const [i, p] of FLOW.entries()) {
      await hook(t, p);
      const agent = (await t.agent(FLOW_ID))!;
      expect(`${agent.state}${agent.stateReason ? `(${agent.stateReason})` : ''}`, String(p.hook_event_name)).toBe(expected[i]);
    }
    const events = await t.events(FLOW_ID);
    expect(statuses(events)).toEqual(['idle', 'running', 'blocked(permission)', 'running', 'idle', 'blocked(input)', 'done']);
    // No events for PreToolUse / PostToolUse / UserPromptSubmit / Stop; compact ones for the rest.
    const own = events.filter((e) => e.kind !== 'status');
    expect(own.map((e) => (e.kind === 'system' ? e.subtype : e.kind))).toEqual([
      'hook:SessionStart',
      'hook:PermissionRequest',
      'notification',
      'hook:SessionEnd',
    ]);
    expect(own.every((e) => e.source === 'hook')).toBe(true);
    expect(own[0]).toMatchObject({ data: { source: 'startup', model: 'claude-sonnet-4-6' } });
    expect(own[1]).toMatchObject({ text: 'Bash: npm test -- checkout', data: { tool: 'Bash', input: 'npm test -- checkout' } });
    expect(own[2]).toMatchObject({ message: 'Claude is waiting for your input', type: 'idle_prompt' });
    expect(own[3]).toMatchObject({ data: { reason: 'prompt_input_exit' } });
    const agent = (await t.agent(FLOW_ID))!;
    expect(agent).toMatchObject({
      source: 'claude',
      sessionId: FLOW[0].session_id,
      cwd: '/home/dev/shop',
      transcript: FLOW[0].transcript_path,
      models: ['claude-sonnet-4-6'],
      title: 'Fix the failing checkout test',
      counts: { toolCalls: 0 }, // the transcript's tool_call event counts calls, not hooks
    });
    // PreToolUse + PostToolUse recorded the call's timing anyway.
    const [row] = t.sql<{ duration_ms: number; is_error: number; name: string }>('SELECT * FROM tool_calls WHERE tool_use_id = ?', 'toolu_01FLOWBASH0000000000001');
    expect(row).toMatchObject({ duration_ms: 4210, is_error: 0, name: 'Bash' });
  });

  it('maps every other event: notifications, failures, compaction, sub-agents, unknown names', async () => {
    t = await startTestServer();
    const main = `claude:${ALL_SESSION}`;
    const child = `${main}/a4f2c91`;
    const stateAfter: Array<[string, string]> = [];
    for (const p of ALL) {
      await hook(t, p);
      const a = (await t.agent(main))!;
      stateAfter.push([`${String(p.hook_event_name)}${p.notification_type ? `/${String(p.notification_type)}` : ''}`, `${a.state}${a.stateReason ? `(${a.stateReason})` : ''}`]);
    }
    expect(Object.fromEntries(stateAfter.filter(([k]) => k.startsWith('Notification/')))).toEqual({
      'Notification/permission_prompt': 'blocked(permission)',
      'Notification/idle_prompt': 'blocked(input)',
      'Notification/auth_success': 'blocked(input)', // says nothing about state: the last one holds
      'Notification/elicitation_dialog': 'blocked(question)',
      'Notification/elicitation_response': 'running',
    });
    const at = (name: string) => stateAfter.filter(([k]) => k === name).map(([, s]) => s);
    expect(at('Notification')).toEqual(['blocked(permission)']); // untyped (old CC), read from the message
    expect(at('PostToolUseFailure')).toEqual(['running', 'idle']); // an interrupt ends the turn
    expect(at('StopFailure')).toEqual(['idle']);
    expect(at('SessionStart')).toEqual(['idle', 'idle', 'running']); // resume, clear, compact
    expect(at('SessionEnd')).toEqual(['done']);

    const events = (await t.events(main)).filter((e) => e.kind !== 'status');
    const bySubtype = (s: string) => events.filter((e) => e.kind === 'system' && e.subtype === s);
    expect(bySubtype('hook:StopFailure')[0]).toMatchObject({ text: 'rate_limit', data: { level: 'error', error: 'rate_limit' } });
    const failures = bySubtype('hook:PostToolUseFailure');
    expect(failures[0]).toMatchObject({ data: { tool: 'Bash', isInterrupt: false, durationMs: 1830 } });
    expect(failures[1]).toMatchObject({ data: { isInterrupt: true } });
    expect(bySubtype('hook:PermissionRequest')[0]).toMatchObject({ data: { tool: 'WebFetch', input: 'https://example.com/docs' } });
    expect(bySubtype('hook:PreCompact').map((e) => (e.kind === 'system' ? e.data : null))).toEqual([
      { trigger: 'manual', customInstructions: 'keep the test names' },
      { trigger: 'auto' },
    ]);
    expect(bySubtype('hook:PostCompact')[0]).toMatchObject({ data: { trigger: 'auto' } });
    expect(bySubtype('hook:InstructionsLoaded')[0]).toMatchObject({ data: { file_path: '/home/dev/shop/CLAUDE.md', load_reason: 'session_start' } });
    const task = bySubtype('hook:TaskCompleted')[0];
    expect(JSON.stringify(task)).not.toContain('deeper'); // unknown events keep small data only
    expect(events.filter((e) => e.kind === 'notification').map((e) => (e.kind === 'notification' ? e.type : null))).toEqual([
      'permission_prompt',
      'idle_prompt',
      'auth_success',
      'elicitation_dialog',
      'elicitation_response',
      undefined,
    ]);
    expect(events.find((e) => e.kind === 'notification' && e.type === 'elicitation_dialog')).toMatchObject({ title: 'docs-server' });
    // Session title from SessionStart outranks the prompt.
    expect((await t.agent(main))!.title).toBe('Checkout test fix');

    // The sub-agent: started, ran a tool, stopped — its own agent, linked to the session.
    const sub = (await t.agent(child))!;
    expect(sub).toMatchObject({
      parentId: main,
      sessionId: ALL_SESSION,
      state: 'done',
      transcript: `/home/dev/.claude/projects/-home-dev-shop/${ALL_SESSION}/subagents/agent-a4f2c91.jsonl`,
    });
    expect(statuses(await t.events(child))).toEqual(['running', 'done']);
    expect((await t.events(child)).filter((e) => e.kind === 'system').map((e) => (e.kind === 'system' ? e.subtype : ''))).toEqual([
      'hook:SubagentStart',
      'hook:SubagentStop',
    ]);
  });

  it('streams hook events and state changes over SSE like transcript events', async () => {
    t = await startTestServer();
    const server = t;
    const sse = await openSse(server.port, '/api/stream', { 'X-Token': server.token });
    try {
      await hook(server, FLOW[3]); // PermissionRequest
      const seen = await waitFor(() => {
        const events = sse.messages.map((m) => JSON.parse(m.data) as LanternEvent);
        const status = events.find((e) => e.kind === 'status' && e.state === 'blocked');
        const request = events.find((e) => e.kind === 'system' && e.subtype === 'hook:PermissionRequest');
        return status && request ? { status, request } : undefined;
      }, 5000, 'the hook events on the stream');
      if (!seen) throw new Error('unreachable: waitFor resolves only with a value');
      expect(seen.status).toMatchObject({ agentId: FLOW_ID, reason: 'permission', evidence: 'hook' });
      expect(seen.request.id).toBeLessThan(seen.status.id);
    } finally {
      sse.close();
    }
  });

  it('rejects payloads without hook_event_name or session_id with 400 saying what is required', async () => {
    t = await startTestServer();
    for (const body of [{ session_id: 'abc' }, { hook_event_name: 'Stop' }, { hook_event_name: 'Stop', session_id: '../../x' }, [1, 2]]) {
      const res = await t.post('/api/hooks/claude', body);
      expect(res.status).toBe(400);
      const err = (await res.json()) as { error: string; detail: string; accepted: Record<string, string> };
      expect(err.error).toBe('invalid hook payload');
      expect(Object.keys(err.accepted)).toEqual(expect.arrayContaining(['hook_event_name', 'session_id']));
    }
    expect((await t.get<{ totals: { events: number } }>('/api/health')).totals.events).toBe(0);
  });
});

describe('hooks and transcripts of one session', () => {
  const S = '7a7a7a7a-0000-4000-8000-00000000abcd';
  const id = `claude:${S}`;
  const now = () => new Date().toISOString();
  const base = (name: string, extra: Payload = {}): Payload => ({ session_id: S, transcript_path: '/elsewhere/x.jsonl', cwd: '/home/dev/p', hook_event_name: name, ...extra });
  const msg = (n: number) => ({ id: `msg_${n}`, requestId: `req_${n}` });

  async function setup(): Promise<{ server: TestServer; file: string; append: (...lines: string[]) => void }> {
    const server = await startTestServer();
    t = server;
    const dir = path.join(server.claudeDir, 'projects', '-home-dev-p');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${S}.jsonl`);
    const append = (...lines: string[]) => fs.appendFileSync(file, lines.map((l) => l + '\n').join(''));
    return { server, file, append };
  }

  /** The session's events, or none while the watcher has not read its transcript yet. */
  const eventsSoFar = (server: TestServer) => server.events(id).catch((): LanternEvent[] => []);
  const toolResult = async (server: TestServer, toolUseId: string) =>
    waitFor(async () => (await eventsSoFar(server)).find((e) => e.kind === 'tool_result' && e.toolUseId === toolUseId), 10_000, 'the tool_result');

  it('hooks first: one agent, one call, and the tool_result carries the hook duration', async () => {
    const { server, file, append } = await setup();
    append(promptLine({ session: S, ts: now() }, 'run the tests'));
    await waitFor(() => server.agent(id), 10_000, 'the transcript agent');
    await hook(server, base('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm test' }, tool_use_id: 'toolu_H1' }));
    await hook(server, base('PostToolUse', { tool_name: 'Bash', tool_use_id: 'toolu_H1', duration_ms: 1234, tool_response: { stdout: 'ok' } }));
    const o = { session: S, ts: now() };
    append(toolUseLine(o, 'toolu_H1', 'Bash', { command: 'npm test' }, msg(1)), toolResultLine(o, 'toolu_H1', 'ok'));
    expect(await toolResult(server, 'toolu_H1')).toMatchObject({ durationMs: 1234, isError: false });
    const agents = await server.agents();
    expect(agents.map((a) => a.id)).toEqual([id]);
    // The watcher's path is the transcript of record; the hook's path did not replace it.
    expect(agents[0]).toMatchObject({ transcript: file, counts: { toolCalls: 1 } });
    expect((await server.events(id)).filter((e) => e.kind === 'tool_call')).toHaveLength(1);
    expect(server.sql('SELECT duration_ms FROM tool_calls')).toEqual([{ duration_ms: 1234 }]);
  });

  it('transcript first: the late PostToolUse duration is recorded on the call', async () => {
    const { server, append } = await setup();
    const t0 = Date.now();
    const o = { session: S, ts: new Date(t0).toISOString() };
    append(promptLine(o, 'run the tests'), toolUseLine(o, 'toolu_T1', 'Bash', { command: 'npm test' }, msg(2)));
    append(toolResultLine({ session: S, ts: new Date(t0 + 900).toISOString() }, 'toolu_T1', 'ok'));
    expect(await toolResult(server, 'toolu_T1')).toMatchObject({ durationMs: 900 }); // from timestamps
    await hook(server, base('PostToolUse', { tool_name: 'Bash', tool_use_id: 'toolu_T1', duration_ms: 777 }));
    expect(server.sql('SELECT tool_use_id, duration_ms FROM tool_calls')).toEqual([{ tool_use_id: 'toolu_T1', duration_ms: 777 }]);
    const agents = await server.agents();
    expect(agents.map((a) => a.id)).toEqual([id]);
    expect(agents[0].counts.toolCalls).toBe(1);
  });

  it('a PermissionRequest blocks the transcript agent until the tool runs', async () => {
    const { server, append } = await setup();
    append(promptLine({ session: S, ts: now() }, 'delete the build dir'));
    await waitFor(() => server.agent(id), 10_000, 'the transcript agent');
    append(toolUseLine({ session: S, ts: now() }, 'toolu_P1', 'Bash', { command: 'rm -rf build' }, msg(3)));
    await toolCallSeen(server, 'toolu_P1');
    await hook(server, base('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'rm -rf build' } }));
    expect(await server.agent(id)).toMatchObject({ state: 'blocked', stateReason: 'permission' });
    await hook(server, base('PostToolUse', { tool_name: 'Bash', tool_use_id: 'toolu_P1', duration_ms: 5 }));
    expect(await server.agent(id)).toMatchObject({ state: 'running', stateReason: null });
  });

  async function toolCallSeen(server: TestServer, toolUseId: string) {
    return waitFor(async () => (await eventsSoFar(server)).find((e) => e.kind === 'tool_call' && e.toolUseId === toolUseId), 10_000, 'the tool_call');
  }
});

describe('conformance with real hook payloads (../shared/corpus/claude-hooks)', () => {
  const dir = path.resolve(__dirname, '../../../shared/corpus/claude-hooks');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  it.skipIf(files.length === 0)('answers 204 to every payload', async () => {
    t = await startTestServer();
    let n = 0;
    for (const f of files) {
      const payloads = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Payload[];
      for (const p of payloads) {
        await hook(t, p);
        n++;
      }
    }
    expect(n).toBeGreaterThan(0);
    const agents = await t.agents();
    expect(agents.length).toBeGreaterThan(0);
    expect(agents.every((a) => a.id.startsWith('claude:') && a.source === 'claude')).toBe(true);
  });
});
