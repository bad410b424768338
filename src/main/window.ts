/**
 * The one window: the built UI on `app://lantern`, locked down (context isolation, sandbox, no
 * Node, web security; the app-wide rules are in security.ts). It is created hidden at start so
 * the UI is loaded and live when the tray opens it; closing it hides it (the app lives in the
 * tray) unless the app is quitting. Its bounds are remembered, debounced, in the app settings.
 */
import { app, BrowserWindow, nativeTheme, screen } from 'electron';
import type { Logger } from '../engine/logger';
import type { NavigateView } from '../shared/bridge';
import type { PushFeed } from './ipc/push-feed';
import { MIN_WINDOW, type WindowBounds } from './app-settings';
import type { AppSettingsStore } from './settings-store';
import { DEFAULT_SIZE, restoreBounds } from './window-bounds';

export interface MainWindowDeps {
  preload: string;
  url: string;
  settings: Pick<AppSettingsStore, 'get' | 'set'>;
  isQuitting(): boolean;
  feed: Pick<PushFeed, 'push' | 'reset'>;
  logger: Logger;
  platform?: NodeJS.Platform;
  /** Bounds are saved this long after the last move or resize (default 500 ms). */
  saveDelayMs?: number;
}

export interface MainWindow {
  window(): BrowserWindow | null;
  show(): void;
  hide(): void;
  /** Hides a visible, focused window; otherwise shows and focuses it. */
  toggle(): void;
  /** Shows the window with that agent's replay open. */
  showAgent(id: string): void;
  showView(view: NavigateView): void;
}

const fitSchema = (b: WindowBounds): WindowBounds => ({
  x: Math.round(b.x),
  y: Math.round(b.y),
  width: Math.max(MIN_WINDOW.width, Math.round(b.width)),
  height: Math.max(MIN_WINDOW.height, Math.round(b.height)),
});

export function createMainWindow(deps: MainWindowDeps): MainWindow {
  const platform = deps.platform ?? process.platform;
  const saved = deps.settings.get('window');
  const bounds = restoreBounds(
    saved.bounds,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'Lantern',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f7f7f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: deps.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (saved.maximized) win.maximize();
  if (platform !== 'darwin') win.removeMenu();

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (win.isDestroyed() || win.isMinimized()) return;
    try {
      deps.settings.set('window', { bounds: fitSchema(win.getNormalBounds()), maximized: win.isMaximized() });
    } catch (err) {
      deps.logger.warn('window bounds not saved', { err: String(err) });
    }
  };
  const scheduleSave = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, deps.saveDelayMs ?? 500);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event as 'resize', scheduleSave);

  // Windows logging off or shutting down: a window that refuses to close would hold that up.
  let sessionEnding = false;
  win.on('session-end', () => {
    sessionEnding = true;
  });
  win.on('close', (event) => {
    save();
    if (deps.isQuitting() || sessionEnding) return;
    event.preventDefault();
    win.hide();
  });

  // A (re)loading page has no listeners yet: hold pushes until it calls ready again.
  win.webContents.on('did-start-loading', () => deps.feed.reset());
  win.webContents.on('render-process-gone', (_event, details) => {
    deps.logger.error('renderer gone', { reason: details.reason });
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload();
  });
  void win.loadURL(deps.url).catch((err: unknown) => deps.logger.error('window load failed', { err: String(err) }));

  const show = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    if (platform === 'darwin') app.focus({ steal: true });
  };
  const hide = () => {
    if (!win.isDestroyed()) win.hide();
  };
  return {
    window: () => (win.isDestroyed() ? null : win),
    show,
    hide,
    toggle: () => (win.isVisible() && win.isFocused() ? hide() : show()),
    showAgent(id) {
      show();
      deps.feed.push('navigate', { agent: id });
    },
    showView(view) {
      show();
      deps.feed.push('navigate', { view });
    },
  };
}
