import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHooksInstall } from '../../src/cli/hooks/hooks-actions';
import { probeLantern, runHooksStatus } from '../../src/cli/hooks/hooks-status';
import { startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { tempDir } from '../helpers/temp-dir';
import { captureIo, makeHome } from './hooks-helpers';

const tmp = tempDir('lantern-hooks-status-');
let lantern: TestServer;
let closedPort: number;
let n = 0;
const home = () => makeHome(tmp.path, `s${n++}`);

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  // The real HTTP layer (guard, token check, /api/health) over a fake engine.
  lantern = await startHttp();
  const s = http.createServer();
  closedPort = await listen(s);
  await new Promise((resolve) => s.close(resolve));
});
afterAll(async () => {
  await lantern.close();
  tmp.cleanup();
});

async function status(opts: Parameters<typeof runHooksStatus>[0]) {
  const io = captureIo();
  const code = await runHooksStatus(opts, io);
  return { code, out: io.stdout() };
}

describe('lantern hooks status', () => {
  it('installed, consistent and Lantern answering: exit 0', async () => {
    const h = home();
    const opts = h.opts({ port: lantern.port, token: TEST_TOKEN });
    await runHooksInstall(opts, captureIo());
    fs.chmodSync(h.settings, 0o600);
    const r = await status(opts);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        `Claude Code settings: ${h.settings}`,
        `Lantern's hook is installed for 14 of 14 events (expected URL http://127.0.0.1:${lantern.port}/api/hooks/claude)`,
        '  ✓ URL, port and token match the current config',
        `Lantern is answering at http://127.0.0.1:${lantern.port}`,
        'OK',
        '',
      ].join('\n'),
    );
  });

  it('installed but Lantern not running: still exit 0, and says Claude Code is unaffected', async () => {
    const h = home();
    const opts = h.opts({ port: closedPort });
    await runHooksInstall(opts, captureIo());
    const r = await status(opts);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Lantern is not running at http://127.0.0.1:${closedPort} (hooks are non-blocking; Claude Code is unaffected): connection refused\n`);
  });

  it('a Lantern that rejects the token (it runs with another one): exit 1', async () => {
    const h = home();
    const opts = h.opts({ port: lantern.port }); // the helper's token, not the server's
    await runHooksInstall(opts, captureIo());
    const r = await status(opts);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ Lantern at http:\/\/127\.0\.0\.1:\d+ rejects the token from --token \/ LANTERN_TOKEN/);
  });

  it('missing events, another port and another token are each reported: exit 1', async () => {
    const h = home();
    await runHooksInstall(h.opts({ port: closedPort }), captureIo());
    const settings = JSON.parse(fs.readFileSync(h.settings, 'utf8'));
    delete settings.hooks.PostCompact;
    delete settings.hooks.StopFailure;
    fs.writeFileSync(h.settings, JSON.stringify(settings));
    const r = await status(h.opts({ port: lantern.port, token: TEST_TOKEN }));
    expect(r.code).toBe(1);
    expect(r.out).toContain("Lantern's hook is installed for 12 of 14 events");
    expect(r.out).toContain('  ✗ missing: StopFailure, PostCompact\n');
    expect(r.out).toMatch(/✗ SessionStart, SessionEnd, .*, PreCompact post to http:\/\/127\.0\.0\.1:\d+\/api\/hooks\/claude, not .* \(current port \d+\)/);
    expect(r.out).toMatch(/the X-Token header differs from the token in --token \/ LANTERN_TOKEN/);
    expect(r.out).toContain(`Lantern is answering at http://127.0.0.1:${lantern.port}\n`);
    expect(r.out).toMatch(/Run `lantern hooks install`/);
  });

  it('compares with the data dir token when no --token is given, and says so when there is none', async () => {
    const h = home();
    await runHooksInstall(h.opts({ port: closedPort, token: undefined }), captureIo());
    expect((await status(h.opts({ port: closedPort, token: undefined }))).code).toBe(0);
    fs.rmSync(h.dataDir, { recursive: true });
    const r = await status(h.opts({ port: closedPort, token: undefined }));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ no token yet in .*data\/token/);
    expect(fs.existsSync(h.dataDir)).toBe(false); // status never creates a token
  });

  it('"disableAllHooks": true is a problem even with every hook installed', async () => {
    const h = home();
    fs.writeFileSync(h.settings, '{"disableAllHooks": true}');
    await runHooksInstall(h.opts({ port: closedPort }), captureIo());
    const r = await status(h.opts({ port: closedPort }));
    expect(r.code).toBe(1);
    expect(r.out).toContain('✗ "disableAllHooks" is true in this file');
  });

  it('no settings file: nothing installed, exit 1', async () => {
    const h = home();
    const r = await status(h.opts({ port: closedPort }));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Claude Code settings: ${h.settings} (does not exist)\n`);
    expect(r.out).toContain("Lantern's hook is installed for 0 of 14 events\n");
    expect(fs.existsSync(h.settings)).toBe(false);
  });

  it('another program on the port is not mistaken for Lantern', async () => {
    const other = http.createServer((_req, res) => res.writeHead(404).end('nope'));
    const port = await listen(other);
    try {
      const h = home();
      await runHooksInstall(h.opts({ port }), captureIo());
      const r = await status(h.opts({ port }));
      expect(r.code).toBe(1);
      expect(r.out).toContain(`something other than Lantern answers at http://127.0.0.1:${port} (HTTP 404 on /api/health)`);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('a server that accepts but never answers counts as not running after the timeout', async () => {
    const hang = http.createServer(() => undefined);
    const port = await listen(hang);
    try {
      expect(await probeLantern(port, TEST_TOKEN, 200)).toEqual({ state: 'down', reason: 'no answer within 0.2 s' });
    } finally {
      hang.closeAllConnections();
      await new Promise((resolve) => hang.close(resolve));
    }
  });

  it('sends the token to /api/health', async () => {
    expect(await probeLantern(lantern.port, TEST_TOKEN)).toEqual({ state: 'answering' });
    expect(await probeLantern(lantern.port, 'wrong-token-0123456789')).toEqual({ state: 'rejected', status: 401 });
    expect(await probeLantern(closedPort, TEST_TOKEN)).toEqual({ state: 'down', reason: 'connection refused' });
  });
});
