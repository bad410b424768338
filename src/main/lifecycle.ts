/**
 * A tray app's lifecycle: closing the last window does not quit; quitting (tray menu, Cmd+Q,
 * the OS ending the session: see window.ts) sets a flag the window's close handler reads, and the engine is
 * stopped (store closed, lock released) before the process exits.
 */
import { app } from 'electron';
import type { Logger } from '../engine/logger';

/** A stop that hangs must not keep the app from quitting. */
export const STOP_TIMEOUT_MS = 5000;

export interface Lifecycle {
  isQuitting(): boolean;
  /** What to stop on quit (set once the engine is up). */
  onQuit(stop: () => Promise<void>): void;
}

export function setupLifecycle(logger: Logger, timeoutMs = STOP_TIMEOUT_MS): Lifecycle {
  let quitting = false;
  let stopped = false;
  let stop: (() => Promise<void>) | null = null;

  app.on('window-all-closed', () => {
    // Stay in the tray (the default would quit on Linux and Windows).
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (stopped || !stop) return;
    event.preventDefault();
    stopped = true;
    const timer = new Promise<void>((resolve) => setTimeout(() => {
      logger.warn('engine stop timed out; quitting anyway');
      resolve();
    }, timeoutMs).unref());
    Promise.race([stop().catch((err: unknown) => logger.error('engine stop failed', { err: String(err) })), timer]).finally(() => app.quit());
  });

  return {
    isQuitting: () => quitting,
    onQuit(fn) {
      stop = fn;
    },
  };
}
