// @vitest-environment node
/**
 * OpenTelemetry into the real headless server over real HTTP on 127.0.0.1, sent by the OpenTelemetry JS
 * SDK's OTLP/HTTP JSON exporters (what Claude Code exports with OTEL_EXPORTER_OTLP_PROTOCOL=http/json):
 * api_request → usage and reported cost, the merge with a transcript of the same session (every number
 * counted once, in either order), tool durations joined by tool_use id, delta and cumulative metrics,
 * the host from the resource, and the token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assistantTextLine, promptLine, toolResultLine, toolUseLine } from '../helpers/claude-lines';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { logSender, metricSender, type LogSender, type MetricSender } from '../helpers/otel-exporters';
import { waitFor } from '../helpers/wait-for';

let t: TestServer | undefined;
const senders: Array<LogSender | MetricSender> = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.shutdown();
  await t?.stop();
  t = undefined;
});

const S = '7c1d2a3b-0000-4000-8000-00000000aa01';
const AGENT = `claude:${S}`;
const PROJECT = '-home-dev-project';

function logs(server: TestServer, resource: Record<string, string> = {}, headers: Record<string, string> = { 'X-Token': server.token }): LogSender {
  const s = logSender({ base: server.base, headers, resource });
  senders.push(s);
  return s;
}

function metrics(server: TestServer, temporality: 'delta' | 'cumulative', resource: Record<string, string> = {}): MetricSender {
  const s = metricSender({ base: server.base, headers: { 'X-Token': server.token }, resource, temporality });
  senders.push(s);
  return s;
}

const ok = (outcomes: { code: number; error?: Error }[]) => {
  expect(outcomes.map((o) => (o.code === 0 ? 'ok' : String(o.error?.message)))).toEqual(outcomes.map(() => 'ok'));
};

function apiRequest(requestId: string | null, tokens: { input: number; output: number; cacheRead?: number; cacheCreation?: number }, cost: number, session = S) {
  return {
    'session.id': session,
    model: 'claude-sonnet-4-6',
    // Claude Code sends most numbers as strings (FORMATS.md §3): both forms are read.
    cost_usd: String(cost),
    duration_ms: '2300',
    input_tokens: String(tokens.input),
    output_tokens: tokens.output,
    cache_read_tokens: String(tokens.cacheRead ?? 0),
    cache_creation_tokens: String(tokens.cacheCreation ?? 0),
    ...(requestId ? { request_id: requestId } : {}),
    'event.sequence': Math.floor(Math.random() * 1e9),
  };
}

function writeTranscript(claudeDir: string, lines: string[], append = false): string {
  const dir = path.join(claudeDir, 'projects', PROJECT);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${S}.jsonl`);
  (append ? fs.appendFileSync : fs.writeFileSync)(file, lines.join('\n') + '\n');
  return file;
}

const o = { session: S, cwd: '/home/dev/project' };
// Each assistant line: input 3, output 42, cache creation 100, cache read 1000 (helpers/claude-lines.ts).
const TRANSCRIPT_TOKENS = { inputTokens: 3, outputTokens: 42, cacheCreationTokens: 100, cacheReadTokens: 1000 };

describe('OTLP logs from the OpenTelemetry SDK', () => {
  it('api_request becomes usage with the reported cost, on an agent that runs on the resource host.name', async () => {
    t = await startTestServer();
    const s = logs(t, { 'host.name': 'build-box-7' });
    s.event('user_prompt', { 'session.id': S, prompt_length: '24', prompt: 'fix the flaky login test' });
    s.event('api_request', apiRequest('req_remote_1', { input: 1200, output: 300, cacheRead: 5000, cacheCreation: 800 }, 0.0421));
    s.event('api_request', apiRequest('req_remote_2', { input: 10, output: 20 }, 0.0009));
    ok(await s.flush());

    const agent = (await t.agent(AGENT))!;
    expect(agent).toMatchObject({ source: 'claude', sessionId: S, host: 'build-box-7', title: 'fix the flaky login test', models: ['claude-sonnet-4-6'] });
    expect(agent.usage).toMatchObject({ inputTokens: 1210, outputTokens: 320, cacheReadTokens: 5000, cacheCreationTokens: 800, costSource: 'reported' });
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.043, 10);
    expect(agent.usage.displayCostUsd).toBeCloseTo(0.043, 10);
    // The estimate stays Lantern's own, from the tokens.
    expect(agent.usage.costUsd).toBeGreaterThan(0);
    expect(agent.usage.costUsd).not.toBeCloseTo(0.043, 6);

    const events = await t.events(AGENT);
    expect(events.filter((e) => e.kind !== 'status').map((e) => `${e.source}:${e.kind}`)).toEqual(['otel:prompt', 'otel:usage', 'otel:usage']);
    // Seen only through telemetry, it is running while its events are recent, like a transcript being written.
    expect(agent.state).toBe('running');
    const local = (await t.agents()).filter((a) => a.id !== AGENT);
    expect(local).toEqual([]);
  });

  it('counts a request once with the transcript that has it: tokens from the transcript, cost as reported', async () => {
    t = await startTestServer({
      before: ({ claudeDir }) =>
        void writeTranscript(claudeDir, [
          promptLine(o, 'hello'),
          assistantTextLine(o, 'one', { id: 'msg_1', requestId: 'req_1' }),
          assistantTextLine(o, 'two', { id: 'msg_2', requestId: 'req_2' }),
        ]),
    });
    const before = (await t.agent(AGENT))!;
    expect(before.usage).toMatchObject({ inputTokens: 6, costSource: 'estimate', reportedCostUsd: null });
    const estimateOfOne = before.usage.costUsd! / 2;

    const s = logs(t, { 'host.name': 'somewhere-else' });
    // req_1 is in the transcript (its tokens differ slightly: the transcript's count); req_aux is not
    // (an auxiliary call no transcript records) and counts from the log.
    s.event('api_request', apiRequest('req_1', { input: 3, output: 45, cacheRead: 1000, cacheCreation: 100 }, 0.25));
    s.event('api_request', apiRequest('req_aux', { input: 50, output: 5 }, 0.001));
    ok(await s.flush());
    // The same batch again (an exporter's retry) changes nothing.
    s.event('api_request', apiRequest('req_1', { input: 3, output: 45, cacheRead: 1000, cacheCreation: 100 }, 0.25));
    ok(await s.flush());

    const agent = (await t.agent(AGENT))!;
    expect(agent.host).not.toBe('somewhere-else'); // its transcript is read here
    expect(agent.usage).toMatchObject({
      inputTokens: 2 * 3 + 50,
      outputTokens: 2 * 42 + 5,
      cacheReadTokens: 2 * 1000,
      cacheCreationTokens: 2 * 100,
      costSource: 'reported',
    });
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.251, 10);
    // Shown: req_1 and req_aux as reported, req_2 as estimated.
    expect(agent.usage.displayCostUsd).toBeCloseTo(0.251 + estimateOfOne, 10);
    expect(t.sql<{ n: number }>("SELECT count(*) AS n FROM usage WHERE key LIKE 'otel:%'")[0].n).toBe(1);
    // The transcript tells this session's story: telemetry added no events to it.
    expect((await t.events(AGENT)).filter((e) => e.source === 'otel')).toEqual([]);
  });

  it('a log that arrives before the transcript is taken back when the transcript has the request', async () => {
    t = await startTestServer();
    const s = logs(t);
    s.event('api_request', apiRequest('req_1', { input: 3, output: 40, cacheRead: 1000, cacheCreation: 100 }, 0.3));
    ok(await s.flush());
    expect((await t.agent(AGENT))!.usage).toMatchObject({ inputTokens: 3, outputTokens: 40 });

    writeTranscript(t.claudeDir, [promptLine(o, 'hello'), assistantTextLine(o, 'one', { id: 'msg_1', requestId: 'req_1' })]);
    const agent = await waitFor(async () => {
      const a = await t!.agent(AGENT);
      return a?.transcript ? a : undefined;
    }, 10_000, 'the transcript to be read');
    if (!agent) throw new Error('unreachable');
    expect(agent.usage).toMatchObject({ ...TRANSCRIPT_TOKENS, costSource: 'reported' });
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.3, 10);
    expect(agent.usage.displayCostUsd).toBeCloseTo(0.3, 10);
    expect(t.sql<{ key: string; reported_cost_usd: number }>('SELECT key, reported_cost_usd FROM usage')).toEqual([
      { key: 'msg_1:req_1', reported_cost_usd: 0.3 },
    ]);
  });

  it('joins tool_result durations to the transcript call by tool_use id: one call, one duration', async () => {
    t = await startTestServer({
      before: ({ claudeDir }) =>
        void writeTranscript(claudeDir, [
          promptLine(o, 'list files'),
          toolUseLine(o, 'toolu_01', 'Bash', { command: 'ls' }, { id: 'msg_1', requestId: 'req_1' }),
          toolResultLine(o, 'toolu_01', 'a\nb'),
        ]),
    });
    const s = logs(t);
    s.event('tool_result', { 'session.id': S, tool_name: 'Bash', tool_use_id: 'toolu_01', success: 'true', duration_ms: '1234' });
    // A call no transcript line has yet: its row waits for the transcript, like a hook that came first.
    s.event('tool_result', { 'session.id': S, tool_name: 'Read', tool_use_id: 'toolu_02', success: 'false', duration_ms: '56', error: 'no such file' });
    ok(await s.flush());

    expect(t.sql('SELECT tool_use_id, duration_ms, duration_source, is_error FROM tool_calls ORDER BY tool_use_id')).toEqual([
      { tool_use_id: 'toolu_01', duration_ms: 1234, duration_source: 'otel', is_error: 0 },
      { tool_use_id: 'toolu_02', duration_ms: 56, duration_source: 'otel', is_error: 1 },
    ]);
    const agent = (await t.agent(AGENT))!;
    expect(agent.counts).toMatchObject({ toolCalls: 1 });
    expect((await t.events(AGENT)).filter((e) => e.source === 'otel')).toEqual([]);
  });

  it('tells the story of an agent seen only through telemetry: tool calls, errors, decisions', async () => {
    t = await startTestServer();
    const s = logs(t, { 'host.name': 'ci-runner-3' });
    s.event('user_prompt', { 'session.id': S, prompt_length: '57' });
    s.event('tool_decision', { 'session.id': S, tool_name: 'Bash', decision: 'accept', source: 'config', tool_use_id: 'toolu_9' });
    s.event('tool_result', { 'session.id': S, tool_name: 'Bash', tool_use_id: 'toolu_9', success: 'true', duration_ms: '800', tool_parameters: '{"bash_command":"npm test"}' });
    s.event('tool_decision', { 'session.id': S, tool_name: 'Write', decision: 'reject', source: 'user_reject' });
    s.event('api_error', { 'session.id': S, model: 'claude-sonnet-4-6', error: 'Overloaded', status_code: '529', attempt: '3' });
    ok(await s.flush());

    const events = await t.events(AGENT);
    const lines = events.filter((e) => e.kind !== 'status').map((e) => (e.kind === 'system' ? `system:${e.subtype}:${e.text}` : e.kind));
    expect(lines).toEqual([
      'system:user_prompt:a prompt of 57 characters (its text is not exported)',
      'system:tool_decision:Bash: accept (config)',
      'tool_call',
      'tool_result',
      'system:tool_decision:Write: reject (user_reject)',
      'system:api_error:529 Overloaded (attempt 3)',
    ]);
    const result = events.find((e) => e.kind === 'tool_result');
    expect(result).toMatchObject({ toolUseId: 'toolu_9', isError: false, durationMs: 800 });
    expect(events.find((e) => e.kind === 'tool_call')).toMatchObject({ name: 'Bash', input: { bash_command: 'npm test' } });
    const agent = (await t.agent(AGENT))!;
    expect(agent).toMatchObject({ host: 'ci-runner-3', counts: { toolCalls: 1, toolErrors: 0 } });
    // Its last word was an API error and it went quiet: failed, once the running window has passed.
    expect(t.sql('SELECT marker FROM agents WHERE id = ?', AGENT)).toEqual([{ marker: 'api_error' }]);
  });

  it('reads Codex CLI events: tokens of a completed response, tool durations by call_id', async () => {
    t = await startTestServer();
    const s = logSender({ base: t.base, headers: { 'X-Token': t.token }, resource: { 'service.name': 'codex_cli_rs', 'host.name': 'mac-mini' } }, 'codex_otel');
    senders.push(s);
    const thread = '019a2d7a-41c4-78b1-b7cc-a45d62a89cd5';
    const common = { 'conversation.id': thread, model: 'gpt-5.1-codex' };
    s.emit('codex.conversation_starts', { 'event.name': 'codex.conversation_starts', ...common, provider_name: 'openai', approval_policy: 'on-request', sandbox_policy: 'workspace-write' });
    s.emit('codex.sse_event', { 'event.name': 'codex.sse_event', ...common, 'event.kind': 'response.output_text.delta' });
    s.emit('codex.sse_event', {
      'event.name': 'codex.sse_event',
      ...common,
      'event.kind': 'response.completed',
      input_token_count: 2946,
      cached_token_count: 1024,
      output_token_count: 70,
      reasoning_token_count: 64,
      tool_token_count: 0,
    });
    s.emit('codex.tool_result', { 'event.name': 'codex.tool_result', ...common, tool_name: 'shell', call_id: 'call_Abc123XYZ456', arguments: '{"command":["ls"]}', duration_ms: '37', success: 'true', output: 'a\nb' });
    ok(await s.flush());

    const agent = (await t.agent(`codex:${thread}`))!;
    expect(agent).toMatchObject({ source: 'codex', host: 'mac-mini', models: ['gpt-5.1-codex'] });
    expect(agent.usage).toMatchObject({ inputTokens: 2946 - 1024, cacheReadTokens: 1024, outputTokens: 70, costSource: 'estimate' });
    const events = (await t.events(`codex:${thread}`)).filter((e) => e.kind !== 'status');
    expect(events.map((e) => e.kind)).toEqual(['system', 'usage', 'tool_call', 'tool_result']);
    expect(events[3]).toMatchObject({ toolUseId: 'call_Abc123XYZ456', durationMs: 37, text: 'a\nb' });
  });
});

describe('OTLP metrics from the OpenTelemetry SDK', () => {
  const TOKEN = 'claude_code.token.usage';
  const COST = 'claude_code.cost.usage';
  const point = (type: string | null, session = S) => ({ 'session.id': session, model: 'claude-sonnet-4-6', ...(type ? { type } : {}) });

  it.each(['delta', 'cumulative'] as const)('%s temporality: every increment counted once across exports', async (temporality) => {
    t = await startTestServer();
    const m = metrics(t, temporality, { 'host.name': 'laptop-2' });
    m.add(TOKEN, 100, point('input'), 'tokens');
    m.add(TOKEN, 20, point('output'), 'tokens');
    m.add(COST, 0.01, point(null), 'USD');
    ok(await m.flush());
    // An export with nothing new (cumulative repeats the totals; delta sends nothing or zeros).
    ok(await m.flush());
    m.add(TOKEN, 50, point('input'), 'tokens');
    m.add(TOKEN, 5, point('cacheRead'), 'tokens');
    m.add(COST, 0.02, point(null), 'USD');
    ok(await m.flush());

    const agent = (await t.agent(AGENT))!;
    expect(agent).toMatchObject({ host: 'laptop-2', models: ['claude-sonnet-4-6'] });
    expect(agent.usage).toMatchObject({ inputTokens: 150, outputTokens: 20, cacheReadTokens: 5, cacheCreationTokens: 0, costSource: 'reported' });
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.03, 10);
    expect(agent.usage.displayCostUsd).toBeCloseTo(0.03, 10);
    const seriesRows = t.sql<{ n: number }>('SELECT count(*) AS n FROM otel_series')[0].n;
    expect(seriesRows).toBe(temporality === 'cumulative' ? 4 : 0);
  });

  it('are not counted for a session whose api_request logs already say the same', async () => {
    t = await startTestServer();
    const s = logs(t);
    s.event('api_request', apiRequest('req_1', { input: 100, output: 20 }, 0.01));
    ok(await s.flush());
    const m = metrics(t, 'delta');
    m.add(TOKEN, 100, point('input'), 'tokens');
    m.add(TOKEN, 20, point('output'), 'tokens');
    m.add(COST, 0.01, point(null), 'USD');
    ok(await m.flush());
    const agent = (await t.agent(AGENT))!;
    expect(agent.usage).toMatchObject({ inputTokens: 100, outputTokens: 20 });
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.01, 10);
  });

  it('are taken back when api_request logs of the session arrive later', async () => {
    t = await startTestServer();
    const m = metrics(t, 'delta');
    m.add(TOKEN, 100, point('input'), 'tokens');
    m.add(COST, 0.01, point(null), 'USD');
    ok(await m.flush());
    expect((await t.agent(AGENT))!.usage.inputTokens).toBe(100);
    const s = logs(t);
    s.event('api_request', apiRequest('req_1', { input: 100, output: 0 }, 0.01));
    ok(await s.flush());
    const agent = (await t.agent(AGENT))!;
    expect(agent.usage.inputTokens).toBe(100);
    expect(agent.usage.reportedCostUsd).toBeCloseTo(0.01, 10);
    expect(t.sql<{ key: string }>('SELECT key FROM usage').map((r) => r.key)).toEqual(['otel:r:req_1']);
  });
});

describe('the token', () => {
  it('is required: an exporter without it gets 401 and nothing is stored', async () => {
    t = await startTestServer();
    const s = logs(t, {}, {});
    s.event('api_request', apiRequest('req_1', { input: 1, output: 1 }, 0.01));
    const [outcome] = await s.flush();
    expect(outcome.code).not.toBe(0);
    expect(String(outcome.error?.message)).toMatch(/401|Unauthorized/i);
    expect(await t.agent(AGENT)).toBeUndefined();
  });

  /** The `export NAME=VALUE` lines of docs/remote.md's Claude Code block, as a shell would set them. */
  function docsEnvironment(replace: Record<string, string>): Record<string, string> {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/remote.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## 2. Claude Code'));
    const block = section.slice(section.indexOf('```sh') + 5, section.indexOf('```', section.indexOf('```sh') + 5));
    const env: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^export (\w+)=("([^"]*)"|(\S*))/.exec(line.trim());
      if (!m) continue;
      let value = m[3] ?? m[4];
      for (const [from, to] of Object.entries(replace)) value = value.split(from).join(to);
      env[m[1]] = value;
    }
    return env;
  }

  it.each([
    ['X-Token=<token>', (token: string) => `X-Token=${token}`],
    ['Authorization=Bearer%20<token>', (token: string) => `Authorization=Bearer%20${token}`],
  ])('works with the environment docs/remote.md gives Claude Code (headers %s)', async (_name, headers) => {
    t = await startTestServer();
    const env = docsEnvironment({ '<token>': t.token, 'http://hub.lan:4747': t.base, '$(hostname)': 'docs-laptop' });
    expect(env).toMatchObject({ CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    env.OTEL_EXPORTER_OTLP_HEADERS = headers(t.token);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let s: LogSender;
    try {
      s = logSender({ base: t.base, fromEnv: true });
    } finally {
      for (const k of Object.keys(env)) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
    senders.push(s);
    s.event('api_request', apiRequest('req_1', { input: 7, output: 1 }, 0.01));
    ok(await s.flush());
    expect((await t.agent(AGENT))!).toMatchObject({ host: 'docs-laptop', usage: { inputTokens: 7, reportedCostUsd: 0.01 } });
  });
});
