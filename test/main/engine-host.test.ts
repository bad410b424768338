// @vitest-environment node
/**
 * Starting the engine in the app (electron mocked): on the data dir `lantern serve` uses; when a
 * headless Lantern owns the store the app says so (pid, URL) and offers it in the browser,
 * instead of fighting over it; a taken port offers a free one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { silentLogger } from '../../src/engine/logger';
import { acquireLock, type StoreLock } from '../../src/engine/store/lock';
import { appPaths } from '../../src/main/app-paths';
import { lockedMessage, portFromEnv, startEngineHost, startEngineInteractively } from '../../src/main/engine-host';
import { resolveNativeBinding } from '../../src/main/native-binding';
import type { HeadlessHost, HeadlessOptions } from '../../src/node-host/headless';
import { electron, resetElectron } from './electron-mock';

let dataDir: string;
let held: StoreLock | null = null;
beforeEach(() => {
  resetElectron();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-app-data-'));
});
afterEach(() => {
  held?.release();
  held = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fakeHost = (url = 'http://127.0.0.1:4747'): HeadlessHost => ({ url, token: 'tok en', engine: {} as never, indexed: Promise.resolve(), stop: async () => {} });

describe('engine host', () => {
  it('uses the data dir of lantern serve (LANTERN_DATA_DIR wins), the UI and preload beside the bundle', () => {
    const paths = appPaths({ LANTERN_DATA_DIR: dataDir }, 'file:///opt/lantern/dist/main/main.js');
    expect(paths.dataDir).toBe(path.resolve(dataDir));
    expect(paths.preload).toBe(path.resolve('/opt/lantern/dist/preload/preload.cjs'));
    expect(resolveNativeBinding({ LANTERN_SQLITE_BINDING: '/x/better_sqlite3.node' })).toBe('/x/better_sqlite3.node');
    expect(resolveNativeBinding({})).toBeUndefined();
    expect([portFromEnv({ LANTERN_PORT: '5000' }), portFromEnv({ LANTERN_PORT: 'x' }), portFromEnv({ LANTERN_PORT: '70000' }), portFromEnv({})]).toEqual([5000, undefined, undefined, undefined]);
  });

  it('starts the headless host as role app on 127.0.0.1, and knows its login URL', async () => {
    const start = vi.fn(async (_o: HeadlessOptions) => fakeHost());
    const result = await startEngineHost({ dataDir, nativeBinding: '/b.node', logger: silentLogger, start });
    expect(start.mock.calls[0][0]).toMatchObject({ engine: { dataDir, role: 'app', nativeBinding: '/b.node' }, host: '127.0.0.1', token: null });
    expect(result).toMatchObject({ kind: 'started', engine: { loginUrl: 'http://127.0.0.1:4747/?token=tok%20en' } });
  });

  it('reports the owner when a headless Lantern holds the store (the real lock)', async () => {
    held = acquireLock(dataDir, 'serve');
    held.update({ url: 'http://127.0.0.1:4747' });
    const result = await startEngineHost({ dataDir, logger: silentLogger });
    expect(result).toEqual({ kind: 'locked', owner: expect.objectContaining({ pid: process.pid, role: 'serve', url: 'http://127.0.0.1:4747' }) });
    if (result.kind !== 'locked') return;
    expect(lockedMessage(result.owner).message).toBe(`Lantern is already running headless (pid ${process.pid}, http://127.0.0.1:4747).`);
  });

  it('offers the other Lantern in the browser, logged in, and quits', async () => {
    held = acquireLock(dataDir, 'serve');
    held.update({ url: 'http://127.0.0.1:4747' });
    fs.writeFileSync(path.join(dataDir, 'token'), 'secret-token-0123456789\n');
    electron.dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false })); // Open in browser
    const start = vi.fn(async () => fakeHost());
    expect(await startEngineInteractively({ dataDir, logger: silentLogger })).toBeNull();
    const box = electron.dialog.showMessageBox.mock.calls[0] as unknown as [{ message: string; buttons: string[] }];
    expect(box[0].message).toContain('already running headless');
    expect(box[0].buttons).toEqual(['Open in browser', 'Try again', 'Quit']);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('http://127.0.0.1:4747/?token=secret-token-0123456789');
    expect(start).not.toHaveBeenCalled();
  });

  it('tries again when asked, and starts once the other Lantern is gone', async () => {
    held = acquireLock(dataDir, 'serve');
    electron.dialog.showMessageBox.mockImplementation(async () => {
      held?.release();
      held = null;
      return { response: 0, checkboxChecked: false }; // no URL: [Try again, Quit]
    });
    const start = vi.fn(async () => fakeHost());
    // First round through the real host (locked), then the fake one.
    let round = 0;
    const result = await startEngineInteractively({
      dataDir,
      logger: silentLogger,
      start: async (o) => {
        round++;
        if (round === 1) {
          const { startHeadless } = await import('../../src/node-host/headless');
          return startHeadless(o);
        }
        return start();
      },
    });
    expect(result?.loginUrl).toBe('http://127.0.0.1:4747/?token=tok%20en');
    expect(round).toBe(2);
  });

  it('offers a free port when the port is taken, and quits on other failures', async () => {
    const start = vi.fn(async (o: HeadlessOptions) => {
      if (o.port !== 0) throw new Error('Port 4747 on 127.0.0.1 is already in use (another Lantern?). Use --port or LANTERN_PORT.');
      return fakeHost('http://127.0.0.1:51234');
    });
    electron.dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false }));
    const result = await startEngineInteractively({ dataDir, logger: silentLogger, start });
    expect(result?.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:51234\//);
    expect((electron.dialog.showMessageBox.mock.calls[0] as unknown as [{ buttons: string[] }])[0].buttons).toEqual(['Use a free port', 'Quit']);

    resetElectron();
    const broken = vi.fn(async () => {
      throw new Error('database disk image is malformed');
    });
    expect(await startEngineInteractively({ dataDir, logger: silentLogger, start: broken })).toBeNull();
    expect((electron.dialog.showMessageBox.mock.calls[0] as unknown as [{ buttons: string[] }])[0].buttons).toEqual(['Quit']);
  });
});
