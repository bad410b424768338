/**
 * A fake `electron` for main-process tests (fiddle's tests/mocks/electron.ts style): the real
 * module would try to download the Electron binary. Each test file mocks it with
 *
 *   vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
 *
 * and reaches the same fakes through `electron` below. `resetElectron()` between tests.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type AnyFn = (...args: never[]) => unknown;

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeFrame {
  constructor(
    public url: string,
    public parent: FakeFrame | null = null,
  ) {}
}

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  mainFrame = new FakeFrame('app://lantern/index.html');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send = vi.fn();
  reload = vi.fn();
  isDestroyed = () => this.destroyed;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static fromWebContents = vi.fn((wc: unknown) => FakeBrowserWindow.instances.find((w) => w.webContents === wc) ?? null);

  webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  bounds: Rect;

  constructor(readonly options: Record<string, unknown> & Partial<Rect>) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    FakeBrowserWindow.instances.push(this);
  }
  show = vi.fn(() => {
    this.visible = true;
    this.focused = true;
  });
  hide = vi.fn(() => {
    this.visible = false;
    this.focused = false;
  });
  focus = vi.fn(() => {
    this.focused = true;
  });
  restore = vi.fn(() => {
    this.minimized = false;
  });
  maximize = vi.fn(() => {
    this.maximized = true;
  });
  loadURL = vi.fn(async (_url: string) => {});
  removeMenu = vi.fn();
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isDestroyed = () => this.destroyed;
  isMinimized = () => this.minimized;
  isMaximized = () => this.maximized;
  getBounds = () => ({ ...this.bounds });
  getNormalBounds = () => ({ ...this.bounds });
  /** What the user's close button does: emits `close`; closes only when nobody prevented it. */
  close(): FakeEvent {
    const event = new FakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) {
      this.destroyed = true;
      this.visible = false;
      this.emit('closed');
    }
    return event;
  }
}

export class FakeImage {
  template = false;
  constructor(readonly representations: Array<{ scaleFactor: number; buffer?: Buffer; width?: number; height?: number }>) {}
  addRepresentation = vi.fn((rep: { scaleFactor: number; buffer?: Buffer }) => {
    this.representations.push(rep);
  });
  setTemplateImage = vi.fn((on: boolean) => {
    this.template = on;
  });
  isTemplateImage = () => this.template;
  isEmpty = () => this.representations.length === 0;
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  constructor(readonly image: FakeImage) {
    super();
    FakeTray.instances.push(this);
  }
  setImage = vi.fn();
  setToolTip = vi.fn();
  setContextMenu = vi.fn();
  setTitle = vi.fn();
  popUpContextMenu = vi.fn();
  destroy = vi.fn();
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static isSupported = vi.fn(() => true);
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
    FakeNotification.instances.push(this);
  }
  show = vi.fn();
  close = vi.fn();
}

/** A menu is its template, so tests can read the items and click them. */
export interface FakeMenu {
  template: Array<Record<string, unknown>>;
}

class FakeApp extends EventEmitter {
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn();
  exit = vi.fn();
  focus = vi.fn();
  getPath = vi.fn((_name: string) => '/tmp/lantern-test-userdata');
  getAppPath = vi.fn(() => '/tmp/lantern-app');
  getVersion = vi.fn(() => '0.0.0-test');
  setLoginItemSettings = vi.fn();
  getLoginItemSettings = vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false }));
  whenReady = vi.fn(async () => {});
  dock = { hide: vi.fn(), show: vi.fn() };
}

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, AnyFn>();
  handle = vi.fn((channel: string, fn: AnyFn) => {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  });
  removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
  /** Calls a handler as `ipcRenderer.invoke` would reach it. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn(event, ...args);
  }
}

export const electron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: { buildFromTemplate: vi.fn((template: Array<Record<string, unknown>>): FakeMenu => ({ template })), setApplicationMenu: vi.fn() },
  nativeImage: {
    createFromBuffer: vi.fn((buffer: Buffer, options: { scaleFactor?: number } = {}) => new FakeImage([{ buffer, scaleFactor: options.scaleFactor ?? 1 }])),
    createFromBitmap: vi.fn((buffer: Buffer, options: { width: number; height: number; scaleFactor?: number }) => new FakeImage([{ buffer, ...options, scaleFactor: options.scaleFactor ?? 1 }])),
    createEmpty: vi.fn(() => new FakeImage([])),
  },
  ipcMain: new FakeIpcMain(),
  ipcRenderer: Object.assign(new EventEmitter(), { invoke: vi.fn(async () => undefined), send: vi.fn() }),
  contextBridge: { exposeInMainWorld: vi.fn() },
  shell: { openExternal: vi.fn(async (_url: string) => {}), openPath: vi.fn(async () => '') },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
  dialog: { showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })), showErrorBox: vi.fn() },
  nativeTheme: { shouldUseDarkColors: true },
};

/** What `vi.mock('electron', …)` returns: named exports and a default (electron-store imports the default). */
export const electronModule = { ...electron, default: electron };

export function resetElectron(): void {
  vi.clearAllMocks();
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.instances = [];
  FakeNotification.isSupported.mockImplementation(() => true);
  electron.app.removeAllListeners();
  electron.app.requestSingleInstanceLock.mockImplementation(() => true);
  electron.ipcMain.removeAllListeners();
  electron.ipcMain.handlers.clear();
  electron.screen.getAllDisplays.mockImplementation(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]);
  electron.dialog.showMessageBox.mockImplementation(async () => ({ response: 0, checkboxChecked: false }));
}

/** An IPC event as main receives it from `contents`' frame. */
export function ipcEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame): { sender: FakeWebContents; senderFrame: FakeFrame | null } {
  return { sender: contents, senderFrame: frame };
}
