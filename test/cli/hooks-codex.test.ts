/**
 * `lantern hooks install | uninstall | status --codex` on real files in a temp Codex home: the notify
 * program (chaining the user's own), hooks.json, byte-for-byte round trips, backups, dry runs, broken
 * files left alone; and `codex-notify` itself, against a listening server and a dead port.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCodexHooksInstall, runCodexHooksUninstall, type CodexHooksOptions } from '../../src/cli/hooks/codex-hooks-actions';
import { CODEX_HOOK_EVENTS, findCodexHandlers, parseLanternNotify } from '../../src/cli/hooks/codex-hooks-config';
import { runCodexHooksStatus } from '../../src/cli/hooks/codex-hooks-status';
import { runCodexNotify } from '../../src/cli/hooks/codex-notify';
import { parseToml } from '../../src/cli/hooks/codex-toml';
import type { JsonObject, JsonValue } from '../../src/cli/hooks/json-value';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { captureIo, TOKEN } from './hooks-helpers';

const CONFIGS = path.resolve(__dirname, '../fixtures/codex/config');
const TOML_FIXTURES = fs.readdirSync(CONFIGS).filter((f) => f.endsWith('.toml'));
const NODE = process.execPath;
const SCRIPT = path.resolve(__dirname, '../../bin/lantern.js');
/** A port nothing listens on: the status probe finds Lantern down at once. */
const DEAD_PORT = 1;

const tmp = tempDir('lantern-hooks-codex-');
afterAll(() => tmp.cleanup());
let n = 0;

function home(config?: string, hooksJson?: string) {
  const base = path.join(tmp.path, `h${n++}`);
  const codexDir = path.join(base, 'codex');
  const dataDir = path.join(base, 'data');
  fs.mkdirSync(codexDir, { recursive: true });
  if (config !== undefined) fs.copyFileSync(path.join(CONFIGS, config), path.join(codexDir, 'config.toml'));
  if (hooksJson !== undefined) fs.copyFileSync(path.join(CONFIGS, hooksJson), path.join(codexDir, 'hooks.json'));
  const toml = path.join(codexDir, 'config.toml');
  const hooks = path.join(codexDir, 'hooks.json');
  return {
    codexDir,
    dataDir,
    toml,
    hooks,
    opts: (extra: Partial<CodexHooksOptions> = {}): CodexHooksOptions => ({ codexDir, dataDir, port: 4747, env: {}, home: base, lanternCommand: [NODE, SCRIPT], ...extra }),
    files: () => fs.readdirSync(codexDir).sort(),
    read: (f: string) => fs.readFileSync(f, 'utf8'),
  };
}

const notifyOf = (file: string) => parseToml(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), file).notify as string[];

describe('install --codex → uninstall round trip', () => {
  it.each(TOML_FIXTURES)('%s: notify set, the rest byte for byte, and back again', async (name) => {
    const h = home(name, 'user-hooks.json');
    const original = h.read(h.toml);
    const originalHooks = h.read(h.hooks);
    const before = parseToml(original, name);
    const io = captureIo();
    expect(await runCodexHooksInstall(h.opts(), io)).toBe(0);
    expect(io.stdout()).toMatch(/Set Lantern's notify program/);

    const notify = notifyOf(h.toml);
    const parsed = parseLanternNotify(notify);
    expect(notify.slice(0, 4)).toEqual([NODE, SCRIPT, 'hooks', 'codex-notify']);
    expect(parsed).toMatchObject({ port: 4747, dataDir: h.dataDir, token: null, chain: Array.isArray(before.notify) ? before.notify : null });
    // Everything but notify reads as before, and the bytes outside the notify value did not move.
    const after = parseToml(h.read(h.toml), name);
    expect({ ...after, notify: undefined }).toEqual({ ...before, notify: undefined });
    if (name === 'with-notify.toml') expect(io.stdout()).toMatch(/Your own notify program still runs after each turn, through Lantern: \["notify-send","Codex"\]/);

    const hooks = JSON.parse(h.read(h.hooks)) as JsonObject & { hooks: Record<string, JsonValue[]> };
    expect(findCodexHandlers(hooks).map((f) => f.event).sort()).toEqual([...CODEX_HOOK_EVENTS].sort());
    expect(hooks.hooks.PreToolUse[0]).toEqual({ matcher: 'Bash', hooks: [{ type: 'command', command: '~/.codex/guard.sh', timeout: 10 }] });
    expect(h.files().filter((f) => f.includes('lantern-backup'))).toHaveLength(2);

    const again = captureIo();
    expect(await runCodexHooksInstall(h.opts(), again)).toBe(0);
    expect(again.stdout()).toMatch(/already installed/);

    expect(await runCodexHooksUninstall(h.opts(), captureIo())).toBe(0);
    expect(h.read(h.toml)).toBe(original);
    expect(h.read(h.hooks)).toBe(originalHooks);
  });

  it('creates both files in an empty Codex home, and removes them again', async () => {
    const h = home();
    const io = captureIo();
    expect(await runCodexHooksInstall(h.opts(), io)).toBe(0);
    expect(io.stdout()).toMatch(/Created .*config\.toml/);
    expect(h.read(h.toml)).toBe(`notify = ${JSON.stringify([NODE, SCRIPT, 'hooks', 'codex-notify', '--port', '4747', '--data-dir', h.dataDir]).replace(/","/g, '", "')}\n`);
    expect(fs.statSync(h.toml).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(path.join(h.dataDir, 'token'), 'utf8').trim();
    const [handler] = findCodexHandlers(JSON.parse(h.read(h.hooks)));
    expect(handler.handler).toEqual({
      type: 'command',
      command: `curl -s -m 2 -o /dev/null -X POST -H 'Content-Type: application/json' -H 'X-Token: ${token}' --data-binary @- http://127.0.0.1:4747/api/hooks/codex || true`,
      timeout: 5,
    });
    const out = captureIo();
    expect(await runCodexHooksUninstall(h.opts(), out)).toBe(0);
    expect(out.stdout()).toMatch(/deleted it/);
    expect(h.files().filter((f) => !f.includes('lantern-backup'))).toEqual([]);
  });

  it('updates a port or token change in place, keeping the chained program', async () => {
    const h = home('with-notify.toml');
    await runCodexHooksInstall(h.opts(), captureIo());
    const io = captureIo();
    expect(await runCodexHooksInstall(h.opts({ port: 5000, token: TOKEN }), io)).toBe(0);
    expect(parseLanternNotify(notifyOf(h.toml))).toMatchObject({ port: 5000, token: TOKEN, chain: ['notify-send', 'Codex'] });
    expect(findCodexHandlers(JSON.parse(h.read(h.hooks))).every((f) => (f.handler.command as string).includes(`X-Token: ${TOKEN}' --data-binary @- http://127.0.0.1:5000/`))).toBe(true);
    expect(await runCodexHooksUninstall(h.opts(), captureIo())).toBe(0);
    expect(h.read(h.toml)).toBe(fs.readFileSync(path.join(CONFIGS, 'with-notify.toml'), 'utf8'));
  });

  it('restores the chained program from the notify itself when the record is lost', async () => {
    const h = home('inline-notify-crlf.toml');
    await runCodexHooksInstall(h.opts(), captureIo());
    fs.rmSync(path.join(h.dataDir, 'codex-hooks.json'));
    await runCodexHooksUninstall(h.opts(), captureIo());
    expect(notifyOf(h.toml)).toEqual(['/usr/bin/say', 'turn done']);
    expect(h.read(h.toml)).toContain('\r\nmodel = "o4-mini"\r\n'); // the rest keeps its CRLF
  });

  it('--dry-run prints both diffs and writes nothing, not even a token', async () => {
    const h = home('no-notify.toml');
    const original = h.read(h.toml);
    const io = captureIo();
    expect(await runCodexHooksInstall(h.opts({ dryRun: true }), io)).toBe(0);
    expect(io.stdout()).toMatch(/^\+notify = \[/m);
    expect(io.stdout()).toMatch(/^\+\+\+ .*hooks\.json$/m);
    expect(io.stdout()).toContain('<token-created-on-install>');
    expect(io.stdout()).toMatch(/Dry run: nothing in .* was changed/);
    expect(h.read(h.toml)).toBe(original);
    expect(h.files()).toEqual(['config.toml']);
    expect(fs.existsSync(h.dataDir)).toBe(false);
    // The notify line lands before the first table, where a top-level key belongs.
    expect(io.stdout()).toMatch(/ sandbox_mode = "workspace-write"\n\+notify = .*\n \n # Profiles for work/);
  });

  it('leaves a broken config.toml or hooks.json alone, naming the problem', async () => {
    const bad = home();
    fs.writeFileSync(bad.toml, 'model = "gpt-5"\nnotify = [\n');
    await expect(runCodexHooksInstall(bad.opts(), captureIo())).rejects.toThrow(/config\.toml is not valid TOML: .* at line \d+, column \d+\. Nothing was changed\./);
    const wrongType = home();
    fs.writeFileSync(wrongType.toml, 'notify = "notify-send"\n');
    await expect(runCodexHooksInstall(wrongType.opts(), captureIo())).rejects.toThrow(/"notify" must be an array of strings/);
    const badJson = home('no-notify.toml');
    fs.writeFileSync(badJson.hooks, '{ "hooks": [] }');
    await expect(runCodexHooksInstall(badJson.opts(), captureIo())).rejects.toThrow(/hooks\.json.*"hooks" must be an object/);
    expect(badJson.read(badJson.toml)).toBe(fs.readFileSync(path.join(CONFIGS, 'no-notify.toml'), 'utf8'));
    expect(fs.existsSync(badJson.dataDir)).toBe(false);
  });
});

describe('status --codex', () => {
  it('fails before install, passes after (Lantern stopped), and catches a moved port', async () => {
    const h = home('with-notify.toml');
    const before = captureIo();
    expect(await runCodexHooksStatus(h.opts({ port: DEAD_PORT }), before)).toBe(1);
    expect(before.stdout()).toMatch(/notify runs \["notify-send","Codex"\], not Lantern/);
    expect(before.stdout()).toMatch(/missing: SessionStart, UserPromptSubmit/);

    await runCodexHooksInstall(h.opts({ port: DEAD_PORT }), captureIo());
    const after = captureIo();
    expect(await runCodexHooksStatus(h.opts({ port: DEAD_PORT }), after)).toBe(0);
    expect(after.stdout()).toMatch(/✓ notify runs Lantern, then your own \["notify-send","Codex"\]/);
    expect(after.stdout()).toMatch(/Lantern's hook on 8 of 8 events/);
    expect(after.stdout()).toMatch(/Lantern is not running at http:\/\/127\.0\.0\.1:1/);
    expect(after.stdout()).toMatch(/^OK$/m);

    const moved = captureIo();
    expect(await runCodexHooksStatus(h.opts({ port: 5999 }), moved)).toBe(1);
    expect(moved.stdout()).toMatch(/notify posts to port 1, not 5999/);
  });

  it('says when hooks are turned off and when the program Codex would start is gone', async () => {
    const h = home();
    fs.writeFileSync(h.toml, '[features]\ncodex_hooks = false\n');
    await runCodexHooksInstall(h.opts({ port: DEAD_PORT, lanternCommand: [NODE, '/nowhere/lantern.js'] }), captureIo());
    const io = captureIo();
    expect(await runCodexHooksStatus(h.opts({ port: DEAD_PORT }), io)).toBe(1);
    expect(io.stdout()).toMatch(/\/nowhere\/lantern\.js, which no longer exists/);
    expect(io.stdout()).toMatch(/\[features\] turns hooks off/);
  });
});

describe('codex-notify', () => {
  it('posts the payload with the token, runs the chained program with it, and exits 0', async () => {
    const got: Array<{ url: string; token: string | undefined; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        got.push({ url: req.url ?? '', token: req.headers['x-token'] as string | undefined, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const h = home();
    fs.mkdirSync(h.dataDir, { recursive: true });
    fs.writeFileSync(path.join(h.dataDir, 'token'), `${TOKEN}\n`);
    const out = path.join(h.codexDir, 'chained.txt');
    const payload = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 't-1' });
    const chain = JSON.stringify([NODE, '-e', `require('fs').writeFileSync(${JSON.stringify(out)}, process.argv[process.argv.length - 1])`]);
    try {
      expect(await runCodexNotify(payload, { port, dataDir: h.dataDir, chain })).toBe(0);
      expect(got).toEqual([{ url: '/api/hooks/codex', token: TOKEN, body: payload }]);
      await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8') === payload);
    } finally {
      server.close();
    }
  });

  it('exits 0 at once when Lantern is not running, and with a broken chain', async () => {
    expect(await runCodexNotify('{"type":"agent-turn-complete"}', { port: DEAD_PORT, dataDir: path.join(tmp.path, 'none'), chain: 'not json' })).toBe(0);
    expect(await runCodexNotify(undefined, { port: DEAD_PORT, chain: JSON.stringify(['/no/such/program']) })).toBe(0);
  });
});
