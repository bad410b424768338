/**
 * The tray app, for real: Playwright's `_electron` launches the Electron binary on this checkout
 * (package.json "main"), the window opens, the tray count follows the engine, and a blocked hook
 * event raises a notification (STYLE.md practice 15, vite-electron-builder tests/e2e.spec.ts).
 *
 * It runs where the Electron binary was downloaded (node_modules/electron/path.txt, or
 * LANTERN_ELECTRON_BINARY), the app is built, and the Electron build of better-sqlite3 exists
 * (`npm run electron:native`, or LANTERN_SQLITE_BINDING). Without a display it starts its own Xvfb
 * when there is one. Otherwise it is skipped with the reason in its name: the binary comes from
 * GitHub, which CI and this project's build machine cannot reach. It never downloads anything.
 *
 * The main process exposes, for this test only (when LANTERN_TEST=1), `globalThis.__lanternTest =
 * { trayState(): {running, blocked}, notifications(): Array<{title, body}> }`: the counts the tray
 * shows, and every notification shown since start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEntry, electronBinary, electronVersion, hasDisplay, nativeBindingPath } from '../../scripts/electron-facts.mjs';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const ROOT = path.resolve(__dirname, '../..');
const XVFB = '/usr/bin/Xvfb';

interface TestHooks {
  trayState(): { running: number; blocked: number };
  notifications(): Array<{ title: string; body: string }>;
}

const binary = electronBinary();
const version = electronVersion();
const binding = process.env.LANTERN_SQLITE_BINDING || (version ? nativeBindingPath(version) : null);
const app = appEntry();
const needsXvfb = !hasDisplay();

function skipReason(): string | null {
  if (!binary) return 'no Electron binary (node_modules/electron/path.txt + dist/, or LANTERN_ELECTRON_BINARY): it downloads from GitHub';
  if (!app.main || !app.built) return `the tray app is not built (package.json "main": ${app.main ?? 'none'})`;
  if (!binding || !fs.existsSync(binding)) return `no Electron build of better-sqlite3 (${binding ?? 'native/'}): run npm run electron:native`;
  if (needsXvfb && !fs.existsSync(XVFB)) return 'no display (DISPLAY / WAYLAND_DISPLAY) and no Xvfb';
  return null;
}

const SKIP = skipReason();
if (SKIP) console.warn(`electron smoke test skipped: ${SKIP}`);

/** A private X server; Xvfb picks a free display number and writes it to fd 3. */
async function startXvfb(): Promise<{ display: string; stop: () => void }> {
  const xvfb: ChildProcess = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let out = '';
  (xvfb.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
  (xvfb.stdio[3] as NodeJS.ReadableStream).on('data', (d: string) => (out += d));
  const n = await waitFor(() => /^(\d+)\n/.exec(out)?.[1], 10_000, 'Xvfb to start');
  return { display: `:${n}`, stop: () => xvfb.kill('SIGTERM') };
}

async function postHook(url: string, token: string, payload: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/api/hooks/claude`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Token': token }, body: JSON.stringify(payload) });
  expect(res.status, `hook ${String(payload.hook_event_name)}`).toBeLessThan(300);
}

describe.skipIf(SKIP)(`the tray app under Electron${SKIP ? ` (skipped: ${SKIP})` : ''}`, { timeout: 120_000 }, () => {
  // Made when the suite runs, not when it is collected (a skipped suite runs no afterAll).
  let home: { path: string; cleanup: () => void };
  let dataDir: string;
  let electronApp: ElectronApplication;
  let xvfb: { display: string; stop: () => void } | null = null;

  beforeAll(async () => {
    home = tempDir('lantern-electron-');
    dataDir = path.join(home.path, 'data');
    if (needsXvfb) xvfb = await startXvfb();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    Object.assign(env, {
      LANTERN_DATA_DIR: dataDir,
      LANTERN_SQLITE_BINDING: binding as string,
      LANTERN_PORT: '0',
      // The main process exposes globalThis.__lanternTest only when this is set.
      LANTERN_TEST: '1',
      // Read no real Claude dirs: this machine's agents are none of the test's business.
      CLAUDE_CONFIG_DIR: path.join(home.path, 'claude'),
      HOME: home.path,
      ...(xvfb ? { DISPLAY: xvfb.display } : {}),
    });
    // Chromium refuses to run as root with its sandbox on (CI containers run as root).
    const args = ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    electronApp = await _electron.launch({ executablePath: binary as string, args, cwd: ROOT, env, timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await electronApp?.close().catch(() => undefined);
    xvfb?.stop();
    home?.cleanup();
  });

  const trayState = () =>
    electronApp.evaluate(() => {
      const h = (globalThis as { __lanternTest?: TestHooks }).__lanternTest;
      if (!h) throw new Error('the main process does not expose globalThis.__lanternTest');
      return h.trayState();
    });
  const notifications = () => electronApp.evaluate(() => (globalThis as { __lanternTest?: TestHooks }).__lanternTest?.notifications() ?? []);

  it('opens the window', async () => {
    const page = await electronApp.firstWindow();
    await expect.poll(() => page.locator('[data-testid="app"]').isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('the tray count follows the engine, and a blocked agent raises a notification', async () => {
    const lock = (await waitFor(() => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dataDir, 'lantern.lock'), 'utf8')) as { url?: string };
      } catch {
        return null;
      }
    }, 30_000, 'the app to take the data dir (lantern.lock)'))!;
    expect(lock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const url = lock.url as string;
    const token = fs.readFileSync(path.join(dataDir, 'token'), 'utf8').trim();

    const session = '5e55e55e-0000-4000-8000-00000000e1ec';
    const base = { session_id: session, cwd: '/home/dev/shop', transcript_path: path.join(home.path, 'claude', 'projects', '-home-dev-shop', `${session}.jsonl`) };
    await postHook(url, token, { ...base, hook_event_name: 'SessionStart', source: 'startup', model: 'claude-sonnet-4-6' });
    await postHook(url, token, { ...base, hook_event_name: 'UserPromptSubmit', permission_mode: 'default', prompt: 'Fix the failing checkout test' });
    await postHook(url, token, { ...base, hook_event_name: 'PermissionRequest', permission_mode: 'default', tool_name: 'Bash', tool_input: { command: 'npm test -- checkout' } });

    const engineCounts = async () => {
      const res = await fetch(`${url}/api/agents`, { headers: { 'X-Token': token } });
      const { agents } = (await res.json()) as { agents: Array<{ state: string }> };
      return { running: agents.filter((a) => a.state === 'running').length, blocked: agents.filter((a) => a.state === 'blocked').length };
    };
    await expect.poll(async () => (await engineCounts()).blocked, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => JSON.stringify(await trayState()), { timeout: 15_000 }).toBe(JSON.stringify(await engineCounts()));

    const notes = (await waitFor(async () => {
      const all = await notifications();
      return all.length > 0 ? all : null;
    }, 15_000, 'a notification'))!;
    expect(notes.map((n) => `${n.title} ${n.body}`).join('\n')).toMatch(/block|permission|waiting/i);
  });
});
