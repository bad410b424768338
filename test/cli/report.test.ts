// @vitest-environment node
/**
 * `lantern report`, the built CLI as a child process, against the real headless server: it finds
 * the URL (lock file) and the token (token file) in the data dir, prints the stored event id,
 * passes a 400's error body through with exit 1, and fails in one line when no server answers.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { tempDir } from '../helpers/temp-dir';

/** The child must find everything itself: no LANTERN_* from the environment running the tests. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LANTERN_')) env[k] = v;
  return { ...env, ...extra };
}

/** Run with an environment that has no LANTERN_* at all (runCli merges over process.env). */
function report(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const env = cleanEnv(extra);
  for (const k of Object.keys(process.env)) if (k.startsWith('LANTERN_') && !(k in env)) env[k] = '';
  return runCli(['report', ...args], env);
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('lantern report', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('finds the server and token in the data dir and prints the stored event id', async () => {
    const r = await report(['fix', 'ISSUE-3', 'success', 'found the bug', '--data-dir', t.dataDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = Number(r.stdout.trim());
    expect(Number.isInteger(id) && id > 0).toBe(true);
    const events = await t.events('milestone:ISSUE-3');
    expect(events.find((e) => e.id === id)).toMatchObject({ kind: 'milestone', phase: 'fix', level: 'success', title: 'found the bug' });
  });

  it('takes LANTERN_DATA_DIR, a PR URL and --session', async () => {
    const session = '3c3c3c3c-0000-4000-8000-000000000003';
    const r = await report(['pr', 'ISSUE-3', 'info', 'PR up', 'https://github.com/acme/shop/pull/3', '--session', session], { LANTERN_DATA_DIR: t.dataDir });
    expect(r.code).toBe(0);
    expect(await t.agent(`claude:${session}`)).toMatchObject({ milestone: { prUrl: 'https://github.com/acme/shop/pull/3', phase: 'pr' } });
  });

  it('takes the URL and token from --url / LANTERN_TOKEN and "-" as the issue', async () => {
    const empty = tempDir('lantern-report-');
    try {
      const r = await report(['setup', '-', 'info', 'starting', '--url', t.base, '--data-dir', empty.path], { LANTERN_TOKEN: t.token });
      expect(r.code).toBe(0);
      expect(await t.agent('milestone:-')).toMatchObject({ milestone: { phase: 'setup' } });
    } finally {
      empty.cleanup();
    }
  });

  it('prints the server error and exits 1 on a 400', async () => {
    const r = await report(['deploy', 'ISSUE-3', 'info', 'shipping', '--data-dir', t.dataDir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lantern: 400 from http:\/\/127\.0\.0\.1:\d+\/api\/event: /);
    const json = JSON.parse(r.stderr.slice(r.stderr.indexOf('{'))) as { error: string; accepted: string[] };
    expect(json.error).toBe('invalid milestone');
    expect(json.accepted).toContain('repro');
  });

  it('prints the 401 and exits 1 on a wrong token', async () => {
    const r = await report(['fix', 'ISSUE-3', 'info', 'x', '--data-dir', t.dataDir, '--token', 'wrong-token']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401 .*unauthorized/);
  });
});

describe('lantern report without a server', () => {
  it('says so in one line and exits 1', async () => {
    const dir = tempDir('lantern-report-');
    try {
      const port = await closedPort();
      const r = await report(['fix', 'ISSUE-3', 'info', 'x', '--token', 'some-token'], { LANTERN_DATA_DIR: path.join(dir.path, 'none'), LANTERN_PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`cannot reach Lantern at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    } finally {
      dir.cleanup();
    }
  });

  it('gives up after its timeout on a server that never answers', async () => {
    const sockets: Array<{ destroy(): void }> = [];
    const silent = createServer((socket) => void sockets.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const r = await report(['fix', 'ISSUE-3', 'info', 'x', '--token', 'some-token', '--url', `http://127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/did not answer within 3 s/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('says where the token was looked for when there is none', async () => {
    const dir = tempDir('lantern-report-');
    try {
      const r = await report(['fix', 'ISSUE-3', 'info', 'x', '--data-dir', dir.path]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no token: pass --token or set LANTERN_TOKEN/);
    } finally {
      dir.cleanup();
    }
  });
});
