/**
 * The tray app's main process: small setup modules composed in order (STYLE.md practice 8,
 * fiddle's main.ts), a thin adapter around the engine (practice 1).
 *
 *   before ready: the app:// scheme, the single-instance lock, app-wide security rules, lifecycle
 *   ready:        permissions, the UI protocol, app settings, the engine (or the "already
 *                 running" dialog), IPC and the push feed, the window, the tray, notifications
 */
import { app, dialog } from 'electron';
import { createConsoleLogger } from '../engine/logger';
import { appPaths } from './app-paths';
import { openWebUi, portFromEnv, startEngineInteractively } from './engine-host';
import { connectBusToFeed, setupIpc, windowSender } from './ipc';
import { createPushFeed } from './ipc/push-feed';
import { setupLifecycle } from './lifecycle';
import { applyLaunchAtLogin, startedHidden } from './login-item';
import { resolveNativeBinding } from './native-binding';
import { setupNotifications } from './notifications';
import { APP_INDEX_URL, registerAppScheme, setupAppProtocol } from './protocol';
import { setupPermissions, setupSecurity } from './security';
import { createAppSettings } from './settings-store';
import { setupSingleInstance } from './single-instance';
import { setupTray } from './tray/tray';
import { exposeTestHooks, testMode } from './test-hooks';
import { createMainWindow, type MainWindow } from './window';

const logger = createConsoleLogger();

async function main(): Promise<void> {
  registerAppScheme();
  let mainWindow: MainWindow | null = null;
  if (!setupSingleInstance(() => mainWindow?.show())) return;
  setupSecurity();
  const lifecycle = setupLifecycle(logger);
  // Windows shows toasts only for an app with this id (electron-builder.yml appId; the installer sets it too).
  if (process.platform === 'win32') app.setAppUserModelId('dev.lantern.app');
  app.dock?.hide(); // macOS: a menu-bar app (LSUIElement when packaged)

  await app.whenReady();
  setupPermissions();
  const paths = appPaths();
  setupAppProtocol(paths.uiDir);
  if (!paths.uiDir) logger.warn('the UI is not built (npm run build); the window says so');
  const settings = createAppSettings();

  const running = await startEngineInteractively({ dataDir: paths.dataDir, nativeBinding: resolveNativeBinding(), port: portFromEnv(), logger });
  if (!running) return app.quit();
  const { engine } = running.host;

  const win = () => mainWindow?.window() ?? null;
  const feed = createPushFeed({
    send: windowSender(win),
    eventsAfter: (afterId, limit) => engine.store.eventsAfter(afterId, limit),
    onError: (err) => logger.error('ipc replay failed', { err: String(err) }),
  });
  const offBus = connectBusToFeed(engine.bus, feed);
  const offIpc = setupIpc({ api: engine.api, window: win, feed, logger });
  const shown = createMainWindow({ preload: paths.preload, url: APP_INDEX_URL, settings, isQuitting: lifecycle.isQuitting, feed, logger });
  mainWindow = shown;

  const tray = setupTray({
    api: engine.api,
    bus: engine.bus,
    window: shown,
    openInBrowser: () => {
      if (!openWebUi(running.loginUrl)) logger.warn('not opening a non-local URL', { url: running.host.url });
    },
    launchAtLogin: {
      get: () => settings.get('launchAtLogin'),
      set: (on) => {
        settings.set('launchAtLogin', on);
        applyLaunchAtLogin(on);
      },
    },
    quit: () => app.quit(),
    logger,
  });
  const shownNotifications: Array<{ title: string; body: string }> = [];
  const notifications = setupNotifications({
    bus: engine.bus,
    showAgent: shown.showAgent,
    showWindow: shown.show,
    logger,
    ...(testMode() ? { onShow: (n: { title: string; body: string }) => void shownNotifications.push(n) } : {}),
  });
  exposeTestHooks({
    trayState: () => {
      const { running, blocked } = tray.state();
      return { running, blocked };
    },
    notifications: () => [...shownNotifications],
  });
  try {
    applyLaunchAtLogin(settings.get('launchAtLogin'));
  } catch (err) {
    logger.warn('launch at login not applied', { err: String(err) });
  }

  lifecycle.onQuit(async () => {
    notifications.dispose();
    tray.destroy();
    offIpc();
    offBus();
    feed.close();
    await running.host.stop();
  });
  if (!startedHidden()) shown.show();
}

main().catch((err: unknown) => {
  logger.error('start failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  dialog.showErrorBox('Lantern could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
