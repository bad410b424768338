/**
 * One Lantern app per user: a second launch focuses the first and exits (two apps would also
 * fight over the store; engine-host.ts handles a headless Lantern holding it).
 */
import { app } from 'electron';

/** False when another instance holds the lock: this one is quitting and must set up nothing. */
export function setupSingleInstance(onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
