/**
 * The bridge the window sees as `window.lantern` (src/shared/bridge.ts): one function per
 * contract method over `ipcRenderer.invoke`, subscribe for the pushes main forwards, ready, and
 * onNavigate. Listeners get the payload only, never the IPC event (it carries `sender`), and
 * every subscription returns its unsubscribe. `ipcRenderer` itself is never exposed (STYLE.md
 * practice 5). Separate from preload.ts so tests can build it over a fake ipcRenderer.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { API_METHODS, IPC_CHANNELS, PUSH_NAMES, type LanternBridge, type NavigateTarget, type PushName } from '../shared/bridge';

export type IpcRendererPort = Pick<IpcRenderer, 'invoke' | 'send' | 'on' | 'removeListener'>;

function listen<T>(ipc: IpcRendererPort, channel: string, listener: (payload: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, payload: T) => listener(payload);
  ipc.on(channel, wrapped);
  return () => {
    ipc.removeListener(channel, wrapped);
  };
}

export function createBridge(ipc: IpcRendererPort): LanternBridge {
  const api = Object.fromEntries(API_METHODS.map((method) => [method, (...args: unknown[]) => ipc.invoke(IPC_CHANNELS.invoke(method), ...args)]));
  return {
    ...(api as Omit<LanternBridge, 'subscribe' | 'ready' | 'onNavigate'>),
    subscribe(name, listener) {
      if (!(PUSH_NAMES as readonly string[]).includes(name)) throw new Error(`lantern.subscribe: no such event ${JSON.stringify(name)}`);
      if (typeof listener !== 'function') throw new Error('lantern.subscribe: listener must be a function');
      return listen(ipc, IPC_CHANNELS.push(name as PushName), listener);
    },
    ready(afterId) {
      ipc.send(IPC_CHANNELS.ready, afterId);
    },
    onNavigate(listener: (target: NavigateTarget) => void) {
      if (typeof listener !== 'function') throw new Error('lantern.onNavigate: listener must be a function');
      return listen(ipc, IPC_CHANNELS.navigate, listener);
    },
  };
}
