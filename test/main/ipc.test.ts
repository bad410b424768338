// @vitest-environment node
/**
 * IPC registration (electron mocked): one handler per contract method; a call from anything but
 * our window's top frame on app://lantern is refused; bad arguments are refused with a message
 * naming the argument; good ones reach the engine. `ready` starts the push feed.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { API_METHODS, IPC_CHANNELS } from '../../src/shared/bridge';
import type { EngineApi } from '../../src/shared/contract';
import { createBus } from '../../src/engine/bus';
import { silentLogger } from '../../src/engine/logger';
import { connectBusToFeed, setupIpc, windowSender } from '../../src/main/ipc';
import { parseArgs } from '../../src/main/ipc/arg-schemas';
import type { PushFeed } from '../../src/main/ipc/push-feed';
import { electron, FakeBrowserWindow, FakeFrame, FakeWebContents, ipcEvent, resetElectron } from './electron-mock';

function fakeApi(): EngineApi & Record<string, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(API_METHODS.map((m) => [m, vi.fn(async (...args: unknown[]) => ({ method: m, args }))])) as never;
}
function fakeFeed(): PushFeed & { ready: ReturnType<typeof vi.fn>; push: ReturnType<typeof vi.fn> } {
  return { push: vi.fn(), ready: vi.fn(), reset: vi.fn(), close: vi.fn(), state: () => 'waiting' } as never;
}

function harness() {
  const win = new FakeBrowserWindow({});
  const api = fakeApi();
  const feed = fakeFeed();
  const off = setupIpc({ api, window: () => win as never, feed, logger: silentLogger });
  const call = (method: string, event: unknown, ...args: unknown[]) => electron.ipcMain.invoke(`lantern:${method}`, event, ...args);
  return { win, api, feed, off, call, ours: ipcEvent(win.webContents) };
}

beforeEach(() => resetElectron());

describe('ipc handlers', () => {
  it('registers one channel per contract method, and removes them', () => {
    const h = harness();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => `lantern:${m}`).sort());
    expect(API_METHODS).toContain('pauseNotifications');
    h.off();
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(electron.ipcMain.listenerCount(IPC_CHANNELS.ready)).toBe(0);
  });

  it('passes checked arguments from our window to the engine', async () => {
    const h = harness();
    await expect(h.call('health', h.ours)).resolves.toEqual({ method: 'health', args: [] });
    await expect(h.call('getEvents', h.ours, 'claude:abc', { after: 5, limit: 100 })).resolves.toEqual({ method: 'getEvents', args: ['claude:abc', { after: 5, limit: 100 }] });
    await h.call('liveStats', h.ours, { window: '7d', agentId: 'claude:abc' });
    await h.call('searchEvents', h.ours, { q: 'deploy', limit: 20 });
    await h.call('updateSettings', h.ours, { notifications: { kinds: { done: false } } });
    await h.call('pauseNotifications', h.ours, { until: '2026-05-01T10:00:00Z' });
    expect(h.api.updateSettings).toHaveBeenCalledWith({ notifications: { kinds: { done: false } } });
    expect(h.api.pauseNotifications).toHaveBeenCalledWith({ until: '2026-05-01T10:00:00Z' });
  });

  it('refuses a call from a web contents that is not our window', async () => {
    const h = harness();
    const stranger = new FakeWebContents();
    await expect(h.call('listAgents', ipcEvent(stranger))).rejects.toThrow(/lantern:listAgents: refused: the call did not come from Lantern's window/);
    expect(h.api.listAgents).not.toHaveBeenCalled();
  });

  it('refuses our window when it shows another origin, from a sub-frame, or without a frame', async () => {
    const h = harness();
    h.win.webContents.mainFrame.url = 'https://evil.example/';
    await expect(h.call('listAgents', h.ours)).rejects.toThrow(/refused/);
    h.win.webContents.mainFrame.url = 'app://lantern/index.html';
    await expect(h.call('listAgents', ipcEvent(h.win.webContents, new FakeFrame('app://lantern/x', h.win.webContents.mainFrame)))).rejects.toThrow(/refused/);
    await expect(h.call('listAgents', ipcEvent(h.win.webContents, null))).rejects.toThrow(/refused/);
    await expect(h.call('listAgents', ipcEvent(h.win.webContents, new FakeFrame('app://lantern.evil/index.html')))).rejects.toThrow(/refused/);
    h.win.destroyed = true;
    await expect(h.call('listAgents', h.ours)).rejects.toThrow(/refused/);
    expect(h.api.listAgents).not.toHaveBeenCalled();
  });

  it.each([
    ['getAgent', [42], /^getAgent: id: /],
    ['getAgent', [], /^getAgent: id: missing/],
    ['getAgent', ['x'.repeat(600)], /^getAgent: id: Too big/],
    ['getEvents', ['a', { limit: 5000 }], /^getEvents: query\.limit: Too big: expected number to be <=1000/],
    ['getEvents', ['a', { after: -1 }], /^getEvents: query\.after: /],
    ['getEvents', ['a', { after: 1.5 }], /^getEvents: query\.after: /],
    ['getEvents', ['a', { after: 1, before: 9 }], /^getEvents: query: use one of after, before or offset/],
    ['getEvents', ['a', { sneaky: 1 }], /^getEvents: query: Unrecognized key/],
    ['liveStats', [{ window: 'forever' }], /^liveStats: query\.window: window must be/],
    ['recentEvents', [{ limit: 0 }], /^recentEvents: query\.limit: /],
    ['searchEvents', [{ q: 'a' }], /^searchEvents: query\.q: must be 2-200 characters/],
    ['updateSettings', [{ port: 'x' }], /^updateSettings: patch\.port: /],
    ['updateSettings', [{ notifications: { throttleSec: -1 } }], /^updateSettings: patch\.notifications\.throttleSec: /],
    ['pauseNotifications', [{ until: 5 }], /^pauseNotifications: request: until must be a string or null/],
    ['pauseNotifications', [{}], /^pauseNotifications: request: until is required/],
    ['health', [1], /^health: takes no arguments, got 1/],
    ['getAgent', ['a', 'b'], /^getAgent: takes 1 argument\(s\) \(id\), got 2/],
  ])('refuses %s(%j) naming the argument', async (method, args, message) => {
    const h = harness();
    await expect(h.call(method, h.ours, ...args)).rejects.toThrow(message);
    expect(h.api[method]).not.toHaveBeenCalled();
  });

  it('treats trailing undefined as absent', () => {
    expect(parseArgs('health', [undefined])).toEqual([]);
    expect(parseArgs('liveStats', [{}])).toEqual([{}]);
  });
});

describe('ready and pushes', () => {
  it('starts the feed from our window with a valid cursor only', () => {
    const h = harness();
    electron.ipcMain.emit(IPC_CHANNELS.ready, h.ours, 42);
    expect(h.feed.ready).toHaveBeenCalledWith(42);
    electron.ipcMain.emit(IPC_CHANNELS.ready, ipcEvent(new FakeWebContents()), 7);
    electron.ipcMain.emit(IPC_CHANNELS.ready, h.ours, -1);
    electron.ipcMain.emit(IPC_CHANNELS.ready, h.ours, '5');
    expect(h.feed.ready).toHaveBeenCalledTimes(1);
  });

  it('forwards the window’s bus events to the feed, not alerts', () => {
    const bus = createBus();
    const feed = fakeFeed();
    const off = connectBusToFeed(bus, feed);
    bus.emit('notify', { pausedUntil: null, channels: [] });
    bus.emit('alert', { id: 1, kind: 'done', kinds: ['done'], agentIds: [], title: 't', body: 'b', at: '' });
    expect(feed.push.mock.calls).toEqual([['notify', { pausedUntil: null, channels: [] }]]);
    off();
    bus.emit('notify', { pausedUntil: null, channels: [] });
    expect(feed.push).toHaveBeenCalledTimes(1);
  });

  it('sends pushes on their channels, and nothing to a destroyed window', () => {
    const win = new FakeBrowserWindow({});
    const send = windowSender(() => win as never);
    send('burn', { at: 'x', running: 1, burn: { perMinute: 0, perHour: 0, today: 0, projectedMonthEnd: 0 } });
    send('navigate', { agent: 'claude:a' });
    expect(win.webContents.send.mock.calls.map((c) => c[0])).toEqual(['lantern:push:burn', 'lantern:navigate']);
    win.webContents.destroyed = true;
    send('navigate', { view: 'settings' });
    expect(win.webContents.send).toHaveBeenCalledTimes(2);
    windowSender(() => null)('navigate', { view: 'settings' });
  });
});
