/** End to end: the built `lantern` (bin/lantern.js → dist/cli.js, built by test/global-setup.ts) as a child process. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLanternHandlers } from '../../src/cli/hooks/lantern-hooks';
import { tempDir } from '../helpers/temp-dir';
import { FIXTURES } from './hooks-helpers';

const BIN = path.resolve(__dirname, '../../bin/lantern.js');
const tmp = tempDir('lantern-hooks-cli-');
let closedPort = 0;

beforeAll(async () => {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  closedPort = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
});
afterAll(() => tmp.cleanup());

/** Runs `lantern …args` with a clean env: no LANTERN_* or CLAUDE_CONFIG_DIR leaking in from the test runner. */
function lantern(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LANTERN_') && k !== 'CLAUDE_CONFIG_DIR'));
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...base, HOME: tmp.path, LANTERN_PORT: String(closedPort), ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('lantern hooks (built CLI)', () => {
  it('install, status, install again, uninstall: the file comes back byte for byte', async () => {
    const claudeDir = path.join(tmp.path, 'claude-a');
    const dataDir = path.join(tmp.path, 'data-a');
    fs.mkdirSync(claudeDir);
    const settings = path.join(claudeDir, 'settings.json');
    const original = fs.readFileSync(path.join(FIXTURES, 'own-hooks-4space.json'));
    fs.writeFileSync(settings, original, { mode: 0o600 });
    const flags = ['--claude-dir', claudeDir, '--data-dir', dataDir];

    const install = await lantern(['hooks', 'install', ...flags]);
    expect(install).toMatchObject({ code: 0, stderr: '' });
    expect(install.stdout).toContain(`Lantern's hooks added for 14 events in ${settings}: Claude Code now posts every event to http://127.0.0.1:${closedPort}/api/hooks/claude.`);
    const token = fs.readFileSync(path.join(dataDir, 'token'), 'utf8').trim();
    const found = findLanternHandlers(JSON.parse(fs.readFileSync(settings, 'utf8')));
    expect(found).toHaveLength(14);
    expect(found[0].handler).toEqual({ type: 'http', url: `http://127.0.0.1:${closedPort}/api/hooks/claude`, timeout: 2, headers: { 'X-Token': token } });

    const status = await lantern(['hooks', 'status', ...flags]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('(hooks are non-blocking; Claude Code is unaffected)');

    const wrongPort = await lantern(['hooks', 'status', ...flags, '--port', '1']);
    expect(wrongPort.code).toBe(1);

    expect((await lantern(['hooks', 'install', ...flags])).stdout).toMatch(/already installed/);
    const uninstall = await lantern(['hooks', 'uninstall', ...flags]);
    expect(uninstall.code).toBe(0);
    expect(fs.readFileSync(settings).equals(original)).toBe(true);
  });

  it('defaults to the first $CLAUDE_CONFIG_DIR entry', async () => {
    const first = path.join(tmp.path, 'cfg-1');
    const second = path.join(tmp.path, 'cfg-2');
    const r = await lantern(['hooks', 'install', '--data-dir', path.join(tmp.path, 'data-b'), '--dry-run'], { CLAUDE_CONFIG_DIR: `${first},${second}` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`+++ ${path.join(first, 'settings.json')}`);
    expect(fs.existsSync(first)).toBe(false);
  });

  it('a malformed settings.json: one clear line, exit 1, nothing written', async () => {
    const claudeDir = path.join(tmp.path, 'claude-c');
    fs.mkdirSync(claudeDir);
    const settings = path.join(claudeDir, 'settings.json');
    fs.writeFileSync(settings, '{\n  "model": "opus"\n  "hooks": {}\n}\n');
    const r = await lantern(['hooks', 'install', '--claude-dir', claudeDir, '--data-dir', path.join(tmp.path, 'data-c')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`lantern: ${settings} is not valid JSON: expected "," or "}", found '"' at line 3, column 3. Nothing was changed.\n`);
    expect(fs.readdirSync(claudeDir)).toEqual(['settings.json']);
  });
});
