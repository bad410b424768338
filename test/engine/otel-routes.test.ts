// @vitest-environment node
/**
 * `POST /v1/logs` and `POST /v1/metrics` on the real headless server: what is not an OTLP/HTTP JSON
 * request gets a 4xx JSON answer saying what is accepted (never a crash), protobuf gets a 415 naming
 * the setting that switches to JSON, gzip bodies are read within the size limit, records that cannot
 * be attributed are a partial success, and the guard applies (token; Host, with the LAN allowlist).
 */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { beyondLoopbackWarning, createHostPolicy, lanBindProblem, machineNames } from '../../src/engine/ingest/allowed-hosts';
import { OTLP_MAX_BODY_BYTES, registerOtelRoutes } from '../../src/engine/ingest/otel-routes';
import type { OtelIngest } from '../../src/engine/otel/ingest';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { startHttp, TEST_TOKEN, type TestServer as FakeServer } from '../helpers/http-fake-engine';
import { rawRequest } from '../helpers/http-raw-client';

let t: TestServer | undefined;
let f: FakeServer | undefined;
afterEach(async () => {
  await t?.stop();
  await f?.close();
  t = undefined;
  f = undefined;
});

const str = (v: string) => ({ stringValue: v });
function claudeLogs(records: Array<Record<string, string>>) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: str('claude-code') }] },
        scopeLogs: [
          {
            scope: { name: 'com.anthropic.claude_code.events' },
            logRecords: records.map((a) => ({
              timeUnixNano: '1795303776592000000',
              body: str(`claude_code.${a['event.name']}`),
              attributes: Object.entries(a).map(([key, v]) => ({ key, value: str(v) })),
            })),
          },
        ],
      },
    ],
  };
}

describe('OTLP answers', () => {
  it('200 {} for a request it took whole', async () => {
    t = await startTestServer();
    const res = await t.post('/v1/logs', claudeLogs([{ 'event.name': 'api_request', 'session.id': 's1', request_id: 'req_1', input_tokens: '5', cost_usd: '0.1' }]));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({});
    expect((await t.agent('claude:s1'))!.usage.reportedCostUsd).toBe(0.1);
  });

  it('partial success for records it cannot attribute; other event names are accepted and dropped', async () => {
    t = await startTestServer();
    const res = await t.post(
      '/v1/logs',
      claudeLogs([
        { 'event.name': 'api_request', request_id: 'req_1', input_tokens: '5' },
        { 'event.name': 'compaction', 'session.id': 's1' },
        { 'event.name': 'api_request', 'session.id': 's1', request_id: 'req_2', input_tokens: '5' },
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: { rejectedLogRecords: '1', errorMessage: 'a Claude Code api_request event without session.id' } });
    expect((await t.agent('claude:s1'))!.usage.inputTokens).toBe(5);
  });

  it('the same for metrics', async () => {
    t = await startTestServer();
    const res = await t.post('/v1/metrics', {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.cost.usage', sum: { aggregationTemporality: 1, dataPoints: [{ asDouble: 0.2, timeUnixNano: '1795303776592000000' }] } }] }] }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ partialSuccess: { rejectedDataPoints: '1' } });
  });

  it.each([
    ['/v1/logs', 'not json at all', 400, 'bad json'],
    ['/v1/logs', '', 400, 'bad json'],
    ['/v1/logs', '[]', 400, 'bad OTLP request'],
    ['/v1/logs', '{"resourceLogs": {"x": 1}}', 400, 'bad OTLP request'],
    ['/v1/logs', '{"resourceMetrics": []}', 400, 'bad OTLP request'],
    ['/v1/metrics', '{"resourceLogs": []}', 400, 'bad OTLP request'],
    ['/v1/metrics', '"hello"', 400, 'bad OTLP request'],
  ])('%s with %j → %i %s, with what is accepted', async (path, body, status, error) => {
    t = await startTestServer();
    const res = await t.post(path, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: string; detail: string; accepted?: unknown };
    expect(json.error).toBe(error);
    expect(json.detail).toEqual(expect.any(String));
    if (error === 'bad OTLP request') expect(String(json.accepted)).toMatch(/OTLP\/HTTP JSON/);
    // The engine is still there.
    expect((await fetch(`${t.base}/api/health`, { headers: { 'X-Token': t.token } })).status).toBe(200);
  });

  it('415 for protobuf, naming the setting that switches the exporter to JSON', async () => {
    t = await startTestServer();
    const res = await t.post('/v1/logs', '\x0a\x00', { 'Content-Type': 'application/x-protobuf' });
    expect(res.status).toBe(415);
    const json = (await res.json()) as { detail: string; accepted: string[] };
    expect(json.detail).toContain('OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    expect(json.accepted).toEqual(['application/json']);
    const other = await t.post('/v1/metrics', 'x', { 'Content-Type': 'text/plain' });
    expect(other.status).toBe(415);
  });

  it('reads gzip bodies (a Collector compresses by default), and caps what they expand to', async () => {
    t = await startTestServer();
    const body = gzipSync(JSON.stringify(claudeLogs([{ 'event.name': 'api_request', 'session.id': 's1', request_id: 'req_1', input_tokens: '5' }])));
    const ok = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Token': t.token }, body });
    expect(ok.status).toBe(200);
    expect((await t.agent('claude:s1'))!.usage.inputTokens).toBe(5);

    const bomb = gzipSync(Buffer.alloc(OTLP_MAX_BODY_BYTES + 1, 32));
    const big = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Token': t.token }, body: bomb });
    expect(big.status).toBe(413);
    const broken = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'X-Token': t.token }, body: 'not gzip' });
    expect(broken.status).toBe(400);
    const br = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br', 'X-Token': t.token }, body: '{}' });
    expect(br.status).toBe(415);
  });

  it('413 for a body over the limit', async () => {
    t = await startTestServer();
    const res = await rawRequest(t.port, '/v1/logs', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(OTLP_MAX_BODY_BYTES + 1), 'X-Token': t.token, Host: `127.0.0.1:${t.port}` },
      body: '{}',
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'payload too large', accepted: { maxBytes: OTLP_MAX_BODY_BYTES } });
  });

  it('401 without the token, in either header form it is accepted', async () => {
    t = await startTestServer();
    const body = JSON.stringify(claudeLogs([{ 'event.name': 'api_request', 'session.id': 's1', request_id: 'req_1' }]));
    const none = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(none.status).toBe(401);
    const bearer = await fetch(`${t.base}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${t.token}` }, body });
    expect(bearer.status).toBe(200);
  });
});

describe('Host allowlist for a server other machines reach', () => {
  const ingest: OtelIngest = { logs: () => ({ accepted: 0, rejected: 0, ignored: 0, problems: [] }), metrics: () => ({ accepted: 0, rejected: 0, ignored: 0, problems: [] }) };

  it('accepts names given with --allow-host on the real server, nothing else', async () => {
    f = await startHttp({ allowedHosts: ['hub.example.lan'] }, (server) => registerOtelRoutes(server, ingest));
    const post = (host: string) =>
      rawRequest(f!.port, '/v1/logs', { method: 'POST', headers: { Host: host, 'Content-Type': 'application/json', 'X-Token': TEST_TOKEN }, body: '{}' });
    expect((await post(`hub.example.lan:${f.port}`)).status).toBe(200);
    expect((await post(`127.0.0.1:${f.port}`)).status).toBe(200);
    const evil = await post(`evil.example:${f.port}`);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).accepted).toContain(`hub.example.lan:${f.port}`);
  });

  it('bound to 0.0.0.0: any IP literal, this machine\'s names, allowed names; not other names', () => {
    const p = createHostPolicy('0.0.0.0', () => 4747, {
      machineNames: machineNames('Hub-Box.lan'),
      extraHosts: ['lantern.example.com'],
      interfaceAddresses: () => ['127.0.0.1', '192.168.1.10', '[fe80::1]'],
    });
    for (const ok of ['192.168.1.10:4747', '10.0.0.3:4747', '[fe80::1]:4747', 'hub-box.lan:4747', 'hub-box:4747', 'hub-box.local:4747', 'lantern.example.com:4747', 'localhost:4747']) {
      expect(p.allowsHost(ok), ok).toBe(true);
    }
    for (const bad of ['evil.example:4747', 'hub-box.evil.example:4747', 'hub-box:4748']) expect(p.allowsHost(bad), bad).toBe(false);
    expect(p.accepted()).toEqual(expect.arrayContaining(['hub-box.lan:4747', '192.168.1.10:4747', '[fe80::1]:4747', '<any IP address of this machine>:4747']));
  });

  it('bound to a LAN address: that address and this machine\'s names', () => {
    const p = createHostPolicy('192.168.1.10', () => 4747, { machineNames: ['hub'] });
    expect(p.allowsHost('192.168.1.10:4747')).toBe(true);
    expect(p.allowsHost('hub:4747')).toBe(true);
    expect(p.allowsHost('192.168.1.11:4747')).toBe(false);
  });

  it('bound to loopback: no machine names (nothing off this machine can connect anyway)', () => {
    const p = createHostPolicy('127.0.0.1', () => 4747, { machineNames: ['hub'] });
    expect(p.allowsHost('hub:4747')).toBe(false);
  });
});

describe('binding beyond loopback', () => {
  it('needs a token of at least 16 characters; the generated one always has', () => {
    expect(lanBindProblem('127.0.0.1', 'short')).toBeNull();
    expect(lanBindProblem('localhost', 'short')).toBeNull();
    expect(lanBindProblem('0.0.0.0', 'a'.repeat(16))).toBeNull();
    expect(lanBindProblem('0.0.0.0', 'short')).toMatch(/at least 16/);
    expect(lanBindProblem('192.168.1.10', 'a'.repeat(15))).toMatch(/--token \/ LANTERN_TOKEN has 15 characters/);
  });

  it('is announced with a warning naming where remote agents send telemetry', () => {
    expect(beyondLoopbackWarning('127.0.0.1', 4747)).toBeNull();
    expect(beyondLoopbackWarning('0.0.0.0', 4747, ['hub-box.lan'])).toBe(
      'Warning: listening on 0.0.0.0:4747, reachable from other machines on the network; every request needs the token. ' +
        'Remote agents send OpenTelemetry to http://hub-box.lan:4747 (docs/remote.md)',
    );
    expect(beyondLoopbackWarning('::', 4747, ['hub'])).toMatch(/^Warning: listening on \[::\]:4747,.*http:\/\/hub:4747/);
    expect(beyondLoopbackWarning('192.168.1.10', 4747)).toMatch(/http:\/\/192\.168\.1\.10:4747/);
  });
});
