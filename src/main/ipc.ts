/**
 * IPC registration, derived from the contract's method list (src/shared/bridge.ts): one
 * `ipcMain.handle` per EngineApi method, each checking its sender (our window, its main frame,
 * on `app://lantern/`) and its arguments (ipc/arg-schemas.ts) before the engine is called
 * (STYLE.md practice 6, fiddle src/main/ipc.ts). Pushes go through the push feed, which holds
 * them until the renderer's `ready`.
 */
import { BrowserWindow, ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, IPC_CHANNELS, PUSH_NAMES } from '../shared/bridge';
import type { EngineApi } from '../shared/contract';
import type { Bus } from '../engine/bus';
import type { Logger } from '../engine/logger';
import { parseAfterId, parseArgs } from './ipc/arg-schemas';
import type { PushFeed, SendPush } from './ipc/push-feed';
import { isAppUrl } from './protocol';

export interface IpcDeps {
  api: EngineApi;
  /** The one window allowed to call; null while there is none. */
  window(): BrowserWindow | null;
  feed: PushFeed;
  logger: Logger;
}

export class IpcSenderError extends Error {
  constructor(channel: string) {
    super(`${channel}: refused: the call did not come from Lantern's window`);
    this.name = 'IpcSenderError';
  }
}

/** Our window, its top frame, showing our own origin: anything else is refused. */
export function isTrustedSender(event: IpcMainEvent | IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed()) return false;
  if (BrowserWindow.fromWebContents(event.sender) !== win) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Registers every handler; returns a function that removes them. */
export function setupIpc(deps: IpcDeps): () => void {
  for (const method of API_METHODS) {
    const channel = IPC_CHANNELS.invoke(method);
    ipcMain.handle(channel, async (event, ...raw: unknown[]) => {
      if (!isTrustedSender(event, deps.window())) throw new IpcSenderError(channel);
      const args = parseArgs(method, raw);
      return (deps.api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    });
  }
  const onReady = (event: IpcMainEvent, afterId: unknown) => {
    if (!isTrustedSender(event, deps.window())) return deps.logger.warn('ipc refused', { channel: IPC_CHANNELS.ready });
    const id = parseAfterId(afterId);
    if (id === null) return deps.logger.warn('ipc bad argument', { channel: IPC_CHANNELS.ready, detail: 'afterId must be a non-negative integer event id' });
    deps.feed.ready(id);
  };
  ipcMain.on(IPC_CHANNELS.ready, onReady);
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(IPC_CHANNELS.invoke(method));
    ipcMain.removeListener(IPC_CHANNELS.ready, onReady);
  };
}

/** Sends pushes to the window's renderer (dropped while there is no live page to get them). */
export function windowSender(window: () => BrowserWindow | null): SendPush {
  return (name, payload) => {
    const win = window();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(name === 'navigate' ? IPC_CHANNELS.navigate : IPC_CHANNELS.push(name), payload);
  };
}

/** Forwards the bus events the window shows to the feed; returns the unsubscribe. */
export function connectBusToFeed(bus: Bus, feed: PushFeed): () => void {
  const offs = PUSH_NAMES.map((name) => bus.on(name, (payload) => feed.push(name, payload)));
  return () => offs.forEach((off) => off());
}
