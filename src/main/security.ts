/**
 * App-wide rules for every web contents (STYLE.md practice 7; vite-electron-builder's
 * BlockNotAllowdOrigins / ExternalUrls, fiddle's safelyOpenWebURL): nothing navigates away from
 * `app://lantern`, no new windows open, links to http(s) go to the browser and nothing else does,
 * and every permission request is refused. Agent output is hostile input (DESIGN.md): a link in
 * it must never become a `file:`, `javascript:` or custom-protocol launch.
 */
import { app, session, shell, type Session } from 'electron';
import { isAppUrl } from './protocol';

/** An absolute http(s) URL with a host; anything else never reaches `shell.openExternal`. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Opens an http(s) URL in the user's browser; returns false (and opens nothing) for any other. */
export function openExternalSafely(url: string): boolean {
  if (!isExternalWebUrl(url)) return false;
  void shell.openExternal(url).catch(() => {});
  return true;
}

export function setupSecurity(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      if (isAppUrl(event.url)) return;
      event.preventDefault();
      openExternalSafely(event.url);
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });
}

/** After `ready`: the UI needs no camera, notifications API, clipboard-read, … at all. */
export function setupPermissions(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}
