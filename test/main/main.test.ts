// @vitest-environment node
/**
 * The composed main process (electron mocked, the engine real, on a temp data dir and a free
 * port): it starts, builds the window, tray and IPC around one engine, answers the window's
 * calls, replays and pushes once the renderer is ready, and stops the engine before quitting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class Store extends Conf<Record<string, unknown>> {
    constructor(options: { name?: string } & Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name ?? 'config', cwd: process.env.LANTERN_TEST_USERDATA });
    }
  }
  return { default: Store };
});
import { IPC_CHANNELS } from '../../src/shared/bridge';
import type { TestHooks } from '../../src/main/test-hooks';
import { electron, FakeBrowserWindow, FakeEvent, FakeTray, ipcEvent, resetElectron } from './electron-mock';

let base: string;
const saved = { ...process.env };

beforeAll(() => {
  resetElectron();
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-main-'));
  Object.assign(process.env, {
    HOME: path.join(base, 'home'),
    LANTERN_DATA_DIR: path.join(base, 'data'),
    LANTERN_PORT: '0',
    LANTERN_TEST: '1',
    LANTERN_TEST_USERDATA: path.join(base, 'userdata'),
    XDG_CONFIG_HOME: path.join(base, 'config'),
    CLAUDE_CONFIG_DIR: path.join(base, 'claude'),
    CODEX_HOME: path.join(base, 'codex'),
  });
  fs.mkdirSync(path.join(base, 'home'), { recursive: true });
});
afterAll(() => {
  process.env = saved;
  delete (globalThis as { __lanternTest?: unknown }).__lanternTest;
  fs.rmSync(base, { recursive: true, force: true });
});

describe('main', () => {
  it('starts, serves the window over IPC, and stops the engine on quit', async () => {
    await import('../../src/main/main');
    await vi.waitFor(() => expect(FakeTray.instances).toHaveLength(1), { timeout: 10_000 });

    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(fs.existsSync(path.join(base, 'data', 'lantern.lock'))).toBe(true);

    const win = FakeBrowserWindow.instances[0];
    expect(win.loadURL).toHaveBeenCalledWith('app://lantern/index.html');
    expect(win.visible).toBe(true); // not a launch at login
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]preload\.cjs$/);

    const ours = ipcEvent(win.webContents);
    await expect(electron.ipcMain.invoke('lantern:listAgents', ours)).resolves.toEqual({ agents: [] });
    await expect(electron.ipcMain.invoke('lantern:getSettings', ours)).resolves.toMatchObject({ settings: { port: expect.any(Number) } });
    await expect(electron.ipcMain.invoke('lantern:notifyState', ours)).resolves.toEqual({ pausedUntil: null, channels: [] });

    // A hook blocks an agent: the tray counts it and a notification is shown (the smoke test's hooks).
    const hooks = (globalThis as { __lanternTest?: TestHooks }).__lanternTest as TestHooks;
    expect(hooks.trayState()).toEqual({ running: 0, blocked: 0 });
    const lock = JSON.parse(fs.readFileSync(path.join(base, 'data', 'lantern.lock'), 'utf8')) as { url: string };
    const token = fs.readFileSync(path.join(base, 'data', 'token'), 'utf8').trim();
    const session = '5e55e55e-0000-4000-8000-00000000e1ec';
    const hook = async (payload: Record<string, unknown>) => {
      const res = await fetch(`${lock.url}/api/hooks/claude`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Token': token },
        body: JSON.stringify({ session_id: session, cwd: '/home/dev/shop', transcript_path: path.join(base, 'claude', 'x.jsonl'), ...payload }),
      });
      expect(res.status).toBeLessThan(300);
    };
    await vi.waitFor(async () => expect((await electron.ipcMain.invoke('lantern:health', ours)) as { indexing: { done: boolean } }).toMatchObject({ indexing: { done: true } }));
    await hook({ hook_event_name: 'UserPromptSubmit', prompt: 'Fix the checkout test' });
    await hook({ hook_event_name: 'PermissionRequest', tool_name: 'Bash', tool_input: { command: 'npm test' } });
    await vi.waitFor(() => expect(hooks.trayState()).toEqual({ running: 0, blocked: 1 }), { timeout: 5000 });
    await vi.waitFor(() => expect(FakeTray.instances[0].setToolTip).toHaveBeenLastCalledWith(expect.stringMatching(/^0 running · 1 blocked/)));
    await vi.waitFor(() => expect(hooks.notifications()).toEqual([{ title: 'shop', body: expect.stringMatching(/permission/) }]), { timeout: 5000 });

    // Ready: the feed goes live; a settings change reaches the window as a push.
    electron.ipcMain.emit(IPC_CHANNELS.ready, ours, 0);
    await electron.ipcMain.invoke('lantern:updateSettings', ours, { runningWindowSec: 120 });
    await vi.waitFor(() => expect(win.webContents.send.mock.calls.map((c) => c[0])).toContain('lantern:push:settings'));

    // Close hides to the tray; quitting stops the engine (the lock goes) and then quits.
    expect(win.close().defaultPrevented).toBe(true);
    electron.app.emit('before-quit', new FakeEvent());
    const willQuit = new FakeEvent();
    electron.app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled(), { timeout: 10_000 });
    expect(fs.existsSync(path.join(base, 'data', 'lantern.lock'))).toBe(false);
    expect(FakeTray.instances[0].destroy).toHaveBeenCalled();
  });
});
