// @vitest-environment node
/**
 * POST /api/hooks/codex on the real headless server: Codex's notify JSON and its lifecycle hook
 * payloads land on the rollout's agent, move its state as Claude Code's hooks do, add compact
 * events, time tools, and a payload without what routing needs is a 400 with a JSON body.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCodexHook } from '../../src/engine/hooks/codex-hook-schema';
import { codexHookOutput } from '../../src/engine/hooks/codex-hooks';
import type { LanternEvent } from '../../src/shared/events';
import { LANTERN_BIN } from '../helpers/cli-process';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { tempDir } from '../helpers/temp-dir';

const THREAD = '0199e1a2-7b3c-7d4e-8f50-6a7b8c9d0e1f';
const AGENT = `codex:${THREAD}`;
const ROLLOUT = `sessions/2025/10/14/rollout-2025-10-14T10-00-00-${THREAD}.jsonl`;
const FIXTURES = path.resolve(__dirname, '../fixtures/codex/home');

let t: TestServer | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const c of cleanups.splice(0)) c();
});

/** A server reading a Codex home that holds one rollout of THREAD. */
async function server(): Promise<TestServer> {
  const dir = tempDir('lantern-codex-hooks-');
  cleanups.push(dir.cleanup);
  const codexHome = path.join(dir.path, 'codex');
  fs.mkdirSync(path.dirname(path.join(codexHome, ROLLOUT)), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, ROLLOUT), path.join(codexHome, ROLLOUT));
  return startTestServer({ engine: { codexDirs: [codexHome] } });
}

async function post(s: TestServer, payload: unknown): Promise<void> {
  const res = await s.post('/api/hooks/codex', payload);
  expect(res.status, JSON.stringify(payload).slice(0, 80)).toBe(204);
  expect(await res.text()).toBe('');
}

const state = async (s: TestServer, id = AGENT) => {
  const a = (await s.agent(id))!;
  return `${a.state}${a.stateReason ? `(${a.stateReason})` : ''}`;
};
const hookEvents = (events: LanternEvent[]) => events.filter((e) => e.source === 'hook').map((e) => (e.kind === 'system' ? e.subtype : e.kind));

const hook = (event: string, extra: Record<string, unknown> = {}) => ({
  hook_event_name: event,
  session_id: THREAD,
  transcript_path: `/elsewhere/${ROLLOUT}`,
  cwd: '/home/dev/lantern-demo',
  model: 'gpt-5-codex',
  turn_id: 't9',
  ...extra,
});

describe('POST /api/hooks/codex', () => {
  it('maps notify agent-turn-complete to idle on the rollout agent, and approval-requested to blocked', async () => {
    t = await server();
    expect((await t.agent(AGENT))!.transcript).toMatch(/rollout-.*\.jsonl$/);
    await post(t, { type: 'approval-requested', 'thread-id': THREAD, 'turn-id': 't2' });
    expect(await state(t)).toBe('blocked(permission)');
    await post(t, { type: 'agent-turn-complete', 'thread-id': THREAD, 'turn-id': 't2', cwd: '/home/dev/lantern-demo', 'input-messages': ['Now run the whole suite'], 'last-assistant-message': 'Done.' });
    expect(await state(t)).toBe('idle');
    const agent = (await t.agent(AGENT))!;
    expect(agent.transcript).toMatch(new RegExp(`${THREAD}\\.jsonl$`));
    expect(agent.transcript!.startsWith('/elsewhere')).toBe(false); // the watched file stays the transcript of record
    expect(hookEvents(await t.events(AGENT))).toEqual(['hook:approval-requested']);
  });

  it('moves state through a lifecycle hook flow, with events only for what the rollout lacks', async () => {
    t = await server();
    const flow: Array<[Record<string, unknown>, string]> = [
      [hook('SessionStart', { source: 'startup' }), 'idle'],
      [hook('UserPromptSubmit', { prompt: 'Add a leap-second test' }), 'running'],
      [hook('PreToolUse', { tool_name: 'Bash', tool_use_id: 'call_HOOKHOOKHOOKHOOKHOOK001', tool_input: { command: 'npm test' } }), 'running'],
      [hook('PermissionRequest', { tool_name: 'Bash', tool_input: { command: 'npm publish', description: 'publish' } }), 'blocked(permission)'],
      [hook('PostToolUse', { tool_name: 'Bash', tool_use_id: 'call_HOOKHOOKHOOKHOOKHOOK001', tool_response: 'ok' }), 'running'],
      [hook('PreCompact', { trigger: 'auto' }), 'running'],
      [hook('Stop', { last_assistant_message: 'All green.' }), 'idle'],
    ];
    for (const [payload, expected] of flow) {
      await post(t, payload);
      expect(await state(t), String(payload.hook_event_name)).toBe(expected);
    }
    const events = (await t.events(AGENT)).filter((e) => e.source === 'hook');
    expect(hookEvents(events)).toEqual(['hook:SessionStart', 'hook:PermissionRequest', 'hook:PreCompact']);
    expect(events[1]).toMatchObject({ text: 'Bash: npm publish', data: { tool: 'Bash', input: 'npm publish' } });
    const [row] = t.sql<{ started_at: number; ended_at: number }>('SELECT * FROM tool_calls WHERE tool_use_id = ?', 'call_HOOKHOOKHOOKHOOKHOOK001');
    expect(row.ended_at).toBeGreaterThanOrEqual(row.started_at);
  });

  it('creates the agent when a hook comes before any rollout', async () => {
    t = await startTestServer();
    await post(t, { hook_event_name: 'SessionStart', session_id: 'fresh-thread-1', cwd: '/w', model: 'gpt-5.1-codex', source: 'startup' });
    expect(await t.agent('codex:fresh-thread-1')).toMatchObject({ source: 'codex', state: 'idle', cwd: '/w', models: ['gpt-5.1-codex'] });
  });

  it('gets the turn from `lantern hooks codex-notify`, the program install puts in Codex\'s notify', async () => {
    t = await server();
    await post(t, hook('UserPromptSubmit', { prompt: 'go' }));
    expect(await state(t)).toBe('running');
    const payload = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': THREAD, 'turn-id': 't3', 'input-messages': ['go'], 'last-assistant-message': 'done' });
    // Asynchronously: the server answers on this process's event loop.
    await promisify(execFile)(process.execPath, [LANTERN_BIN, 'hooks', 'codex-notify', '--port', String(t.port), '--data-dir', t.dataDir, payload]);
    expect(await state(t)).toBe('idle');
  });

  it('answers 400 with a JSON body saying what is missing', async () => {
    t = await startTestServer();
    for (const body of [{}, [], { type: 'agent-turn-complete' }, { hook_event_name: 'Stop' }, { type: 'agent-turn-complete', 'thread-id': '../x' }]) {
      const res = await t.post('/api/hooks/codex', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: string; detail: string; accepted: unknown };
      expect(err.error).toBe('invalid codex hook payload');
      expect(err.detail.length).toBeGreaterThan(0);
      expect(err.accepted).toBeDefined();
    }
    expect((await t.post('/api/hooks/codex', '{not json')).status).toBe(400);
  });
});

describe('codex hook mapping (pure)', () => {
  const out = (body: unknown) => {
    const parsed = parseCodexHook(body);
    if (!parsed.ok) throw new Error(parsed.detail);
    return codexHookOutput(parsed.value, 1000);
  };

  it('asserts no state for events it does not know, and keeps them as capped system events', () => {
    const r = out({ type: 'some-future-thing', 'thread-id': THREAD, detail: 'x'.repeat(1000) });
    expect(r.output.agents.get(AGENT)!.hook).toBeUndefined();
    const e = r.output.events[0];
    expect(e.kind === 'system' && e.data.subtype).toBe('hook:some-future-thing');
    expect(JSON.stringify(e.data).length).toBeLessThan(800);
  });

  it('names every shell tool for a Bash permission request, and namespaces per-session tool ids', () => {
    expect(out(hook('PermissionRequest', { tool_name: 'Bash' })).permissionTools).toEqual(['shell', 'shell_command', 'exec_command', 'local_shell']);
    expect(out(hook('PermissionRequest', { tool_name: 'mcp__docs__search' })).permissionTools).toEqual(['mcp__docs__search']);
    expect(out(hook('PreToolUse', { tool_use_id: 'functions.shell:2' })).timing).toEqual({ toolUseId: `${THREAD}/functions.shell:2`, startedAt: 1000 });
  });

  it('titles the agent from the prompt, as the rollout would', () => {
    expect(out({ type: 'agent-turn-complete', 'thread-id': THREAD, 'input-messages': ['', 'Fix it\nplease'] }).output.agents.get(AGENT)!.title).toEqual({ text: 'Fix it', priority: 0 });
  });
});
