/**
 * `lantern serve` as a real process: listening beyond loopback is refused with a hand-given short token
 * (before anything listens), `--allow-host` extends the Host allowlist, and an OTLP exporter reaches
 * `/v1/logs` with the token it was given. The server stays on 127.0.0.1: the 0.0.0.0 allowlist is
 * covered by test/engine/otel-routes.test.ts.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../helpers/cli-process';
import { rawRequest } from '../helpers/http-raw-client';
import { logSender } from '../helpers/otel-exporters';
import { tempDir } from '../helpers/temp-dir';

const tmp = tempDir('lantern-otel-serve-');
afterAll(() => tmp.cleanup());
const src = ['--no-default-dirs', '--claude-dir', path.join(tmp.path, 'claude')];

describe('lantern serve --host', () => {
  it.each([
    ['--token', ['--host', '0.0.0.0', '--token', 'short-token'], {}],
    ['LANTERN_TOKEN', ['--host', '192.168.77.77'], { LANTERN_TOKEN: 'abc' }],
  ])('refuses to listen beyond loopback with a short %s, in one line', async (_name, args, env) => {
    const r = await runCli(['serve', ...src, '--data-dir', path.join(tmp.path, 'refused'), '--port', '0', ...args], env);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/listening/);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('lantern:'))).toEqual([expect.stringMatching(/^lantern: Listening on .* at least 16 are needed/)]);
  });

  it('answers to --allow-host names and takes OTLP logs from an exporter with the token', async () => {
    const token = 'a-long-enough-token-0123456789';
    const served = await startServe([...src, '--data-dir', path.join(tmp.path, 'ok'), '--port', '0', '--allow-host', 'hub.example.lan'], { LANTERN_TOKEN: token });
    try {
      expect(served.stdout()).not.toMatch(/Warning/); // loopback: nothing to warn about
      const port = Number(new URL(served.url).port);
      const health = (host: string) => rawRequest(port, '/api/health', { headers: { Host: host, 'X-Token': token } });
      expect((await health(`hub.example.lan:${port}`)).status).toBe(200);
      expect((await health(`other.example.lan:${port}`)).status).toBe(403);

      const s = logSender({ base: served.url, headers: { 'X-Token': token }, resource: { 'host.name': 'laptop-9' } });
      s.event('api_request', { 'session.id': 'cli-session', request_id: 'req_cli', model: 'claude-sonnet-4-6', input_tokens: '11', cost_usd: '0.02' });
      const outcomes = await s.flush();
      await s.shutdown();
      expect(outcomes.map((o) => o.code)).toEqual([0]);
      const res = await fetch(`${served.url}/api/agents`, { headers: { 'X-Token': token } });
      const { agents } = (await res.json()) as { agents: Array<{ id: string; host: string; usage: { inputTokens: number; reportedCostUsd: number } }> };
      expect(agents.find((a) => a.id === 'claude:cli-session')).toMatchObject({ host: 'laptop-9', usage: { inputTokens: 11, reportedCostUsd: 0.02 } });
    } finally {
      await served.stop();
    }
  });
});
