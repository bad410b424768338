// @vitest-environment node
/**
 * The window and the app's lifecycle (electron mocked): locked-down web preferences, closing
 * hides to the tray unless quitting, show/toggle/showAgent, remembered bounds, the single
 * instance lock, and the engine stopped before the app quits.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { silentLogger } from '../../src/engine/logger';
import { setupLifecycle } from '../../src/main/lifecycle';
import { setupSingleInstance } from '../../src/main/single-instance';
import { APP_SETTINGS_DEFAULTS, type AppSettings } from '../../src/main/app-settings';
import { createMainWindow } from '../../src/main/window';
import { restoreBounds } from '../../src/main/window-bounds';
import { electron, FakeBrowserWindow, FakeEvent, resetElectron } from './electron-mock';

function harness(o: { quitting?: boolean; saved?: AppSettings['window'] } = {}) {
  let quitting = o.quitting ?? false;
  const store: AppSettings = { ...structuredClone(APP_SETTINGS_DEFAULTS), ...(o.saved ? { window: o.saved } : {}) };
  const settings = {
    get: vi.fn(<K extends keyof AppSettings>(key: K) => store[key]),
    set: vi.fn(<K extends keyof AppSettings>(key: K, value: AppSettings[K]) => void (store[key] = value)),
  };
  const feed = { push: vi.fn(), reset: vi.fn() };
  const main = createMainWindow({
    preload: '/app/dist/preload/preload.cjs',
    url: 'app://lantern/index.html',
    settings: settings as never,
    isQuitting: () => quitting,
    feed,
    logger: silentLogger,
    platform: 'linux',
  });
  const win = FakeBrowserWindow.instances.at(-1) as FakeBrowserWindow;
  return { main, win, feed, store, settings, quit: () => void (quitting = true) };
}

beforeEach(() => {
  resetElectron();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => vi.useRealTimers());

describe('window', () => {
  it('is created hidden, sandboxed, isolated, without Node, loading app://lantern', () => {
    const h = harness();
    expect(h.win.options).toMatchObject({
      show: false,
      webPreferences: { preload: '/app/dist/preload/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false, webviewTag: false },
    });
    expect(h.win.loadURL).toHaveBeenCalledWith('app://lantern/index.html');
    expect(h.win.visible).toBe(false);
  });

  it('hides to the tray on close, unless the app is quitting', () => {
    const h = harness();
    h.main.show();
    const event = h.win.close();
    expect(event.defaultPrevented).toBe(true);
    expect(h.win.hide).toHaveBeenCalled();
    expect(h.win.destroyed).toBe(false);
    h.quit();
    expect(h.win.close().defaultPrevented).toBe(false);
    expect(h.win.destroyed).toBe(true);
    expect(h.main.window()).toBeNull();
  });

  it('closes when Windows ends the session', () => {
    const h = harness();
    h.win.emit('session-end', new FakeEvent());
    expect(h.win.close().defaultPrevented).toBe(false);
  });

  it('toggles: shows a hidden window, hides a focused one, raises one behind others', () => {
    const h = harness();
    h.main.toggle();
    expect(h.win.visible).toBe(true);
    h.main.toggle();
    expect(h.win.visible).toBe(false);
    h.main.show();
    h.win.focused = false;
    h.main.toggle();
    expect(h.win.visible).toBe(true);
    expect(h.win.focus).toHaveBeenCalled();
  });

  it('shows an agent: window up, then a navigate push (held by the feed until the page is ready)', () => {
    const h = harness();
    h.main.showAgent('claude:abc');
    expect(h.win.visible).toBe(true);
    expect(h.feed.push).toHaveBeenCalledWith('navigate', { agent: 'claude:abc' });
    h.main.showView('settings');
    expect(h.feed.push).toHaveBeenLastCalledWith('navigate', { view: 'settings' });
  });

  it('holds pushes while the page (re)loads', () => {
    const h = harness();
    h.win.webContents.emit('did-start-loading');
    expect(h.feed.reset).toHaveBeenCalledTimes(1);
  });

  it('remembers its bounds, debounced, and restores them when they are on a screen', () => {
    const h = harness();
    h.win.bounds = { x: 50, y: 60, width: 900, height: 700 };
    h.win.emit('move');
    h.win.emit('resize');
    expect(h.settings.set).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(h.settings.set).toHaveBeenCalledTimes(1);
    expect(h.store.window).toEqual({ bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: false });

    const again = harness({ saved: h.store.window });
    expect(again.win.options).toMatchObject({ x: 50, y: 60, width: 900, height: 700 });
  });

  it('opens at the default place when the saved bounds are on a screen that is gone', () => {
    const h = harness({ saved: { bounds: { x: 3000, y: 100, width: 900, height: 700 }, maximized: true } });
    expect(h.win.options.x).toBeUndefined();
    expect(h.win.maximize).toHaveBeenCalled();
    expect(restoreBounds({ x: 1900, y: 0, width: 900, height: 700 }, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toBeNull(); // 20 px visible
    expect(restoreBounds({ x: 100, y: 100, width: 3000, height: 2000 }, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({ x: 100, y: 100, width: 1920, height: 1080 });
    expect(restoreBounds({ x: 2000, y: 100, width: 800, height: 600 }, [{ x: 0, y: 0, width: 1920, height: 1080 }, { x: 1920, y: 0, width: 1280, height: 1024 }])).toEqual({ x: 2000, y: 100, width: 800, height: 600 });
  });
});

describe('single instance', () => {
  it('quits when another instance holds the lock, and sets up nothing', () => {
    electron.app.requestSingleInstanceLock.mockImplementation(() => false);
    const onSecond = vi.fn();
    expect(setupSingleInstance(onSecond)).toBe(false);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.listenerCount('second-instance')).toBe(0);
  });

  it('shows and focuses the window when a second instance starts', () => {
    const h = harness();
    expect(setupSingleInstance(() => h.main.show())).toBe(true);
    electron.app.emit('second-instance', new FakeEvent(), ['lantern'], '/');
    expect(h.win.show).toHaveBeenCalled();
    expect(h.win.focus).toHaveBeenCalled();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });
});

describe('lifecycle', () => {
  it('stays in the tray when the last window closes', () => {
    setupLifecycle(silentLogger);
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('marks quitting before windows close, and stops the engine before the app exits', async () => {
    const life = setupLifecycle(silentLogger);
    let stopped!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (stopped = resolve)));
    life.onQuit(stop);
    expect(life.isQuitting()).toBe(false);
    electron.app.emit('before-quit', new FakeEvent());
    expect(life.isQuitting()).toBe(true);

    const willQuit = new FakeEvent();
    electron.app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(true);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).not.toHaveBeenCalled();
    stopped();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));

    const second = new FakeEvent();
    electron.app.emit('will-quit', second);
    expect(second.defaultPrevented).toBe(false);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('quits anyway when stopping hangs', async () => {
    const life = setupLifecycle(silentLogger, 1000);
    life.onQuit(() => new Promise<void>(() => {}));
    electron.app.emit('will-quit', new FakeEvent());
    await vi.advanceTimersByTimeAsync(1000);
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
  });
});
