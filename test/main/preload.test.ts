// @vitest-environment node
/**
 * The preload's bridge over a fake ipcRenderer: one function per contract method invoking its
 * own channel, subscribe without the IPC event and with an unsubscribe, ready, onNavigate; the
 * preload exposes that bridge as window.lantern and never ipcRenderer itself.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { API_METHODS, IPC_CHANNELS, PUSH_NAMES } from '../../src/shared/bridge';
import { createBridge } from '../../src/preload/create-bridge';
import { electron, resetElectron } from './electron-mock';

function fakeIpc() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ channel, args })),
    send: vi.fn(),
  });
}

beforeEach(() => resetElectron());

describe('preload bridge', () => {
  it('has one function per contract method, each invoking its own channel with the arguments', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as never);
    for (const m of API_METHODS) expect(typeof bridge[m], m).toBe('function');
    await expect(bridge.getEvents('claude:a', { after: 3 })).resolves.toEqual({ channel: 'lantern:getEvents', args: ['claude:a', { after: 3 }] });
    await bridge.health();
    expect(ipc.invoke).toHaveBeenLastCalledWith('lantern:health');
    await bridge.pauseNotifications({ until: null });
    expect(ipc.invoke).toHaveBeenLastCalledWith('lantern:pauseNotifications', { until: null });
  });

  it('subscribes without passing the IPC event on, and unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as never);
    const got: unknown[] = [];
    const off = bridge.subscribe('notify', (s) => got.push(s));
    ipc.emit(IPC_CHANNELS.push('notify'), { sender: 'secret' }, { pausedUntil: null });
    expect(got).toEqual([{ pausedUntil: null }]);
    off();
    ipc.emit(IPC_CHANNELS.push('notify'), {}, { pausedUntil: 'x' });
    expect(got).toHaveLength(1);
    expect(ipc.listenerCount(IPC_CHANNELS.push('notify'))).toBe(0);
    expect(PUSH_NAMES).not.toContain('alert');
  });

  it('refuses to listen to anything but the pushes main sends', () => {
    const bridge = createBridge(fakeIpc() as never);
    expect(() => bridge.subscribe('electron-store-get-data' as never, () => {})).toThrow(/no such event/);
    expect(() => bridge.subscribe('alert' as never, () => {})).toThrow(/no such event/);
  });

  it('tells main it is ready, and relays navigation', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc as never);
    bridge.ready(17);
    expect(ipc.send).toHaveBeenCalledWith(IPC_CHANNELS.ready, 17);
    const to = vi.fn();
    const off = bridge.onNavigate?.(to);
    ipc.emit(IPC_CHANNELS.navigate, {}, { agent: 'claude:a' });
    expect(to).toHaveBeenCalledWith({ agent: 'claude:a' });
    off?.();
    expect(ipc.listenerCount(IPC_CHANNELS.navigate)).toBe(0);
  });

  it('exposes the bridge as window.lantern, and no way to reach ipcRenderer', async () => {
    await import('../../src/preload/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, bridge] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(name).toBe('lantern');
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'subscribe', 'ready', 'onNavigate'].sort());
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
  });
});
