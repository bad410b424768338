/**
 * The window loads the built UI (dist/ui) from `app://lantern/`, a privileged standard + secure
 * scheme: ES module scripts do not load from file://, and a real origin gives the CSP's 'self'
 * and the IPC sender check something to match. Only files inside the UI directory are served
 * (no `..`, no dotfiles, no symlinks out), with the same CSP as `lantern serve` sends.
 */
import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HTML_HEADERS } from '../engine/ingest/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'lantern';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** True for a URL of our own origin (`app://lantern/…`), whatever its path. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Must run before the app's `ready` event. `standard` gives the scheme an origin and relative
 * URLs, `secure` a secure context. `corsEnabled` stays off on purpose: the page's own module
 * scripts are same-origin and load without it, and without it no other origin can read these
 * files (it lets cross-origin reads through: electron/electron#52912). `supportFetchAPI` is the
 * usual companion for a scheme serving a module-script app (the window itself talks over IPC).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `root` an URL path names, or null when it names nothing servable. */
export async function resolveUiFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return null; // dotfiles, `..`
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (!file.startsWith(base + path.sep)) return null;
  try {
    const [realBase, realFile] = await Promise.all([realpath(base), realpath(file)]);
    if (!realFile.startsWith(realBase + path.sep)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

const text = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lantern</title></head>
<body><h1>Lantern</h1><p>The UI is not built. Run <code>npm run build</code> and start the app again.</p></body></html>`;

/** Answers one `app:` request: the pure part of the handler, testable with a plain Request. */
export async function serveAppRequest(uiDir: string | null, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return text(404, 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
  if (uiDir === null) {
    return new Response(NOT_BUILT, { headers: { ...HTML_HEADERS, 'Content-Type': 'text/html; charset=utf-8' } });
  }
  const file = await resolveUiFile(uiDir, url.pathname);
  if (!file) return text(404, 'not found');
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = new Uint8Array(await readFile(file));
  return new Response(body, {
    headers: { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...(type.startsWith('text/html') ? HTML_HEADERS : {}) },
  });
}

/** After `ready`: serve the UI on the default session. */
export function setupAppProtocol(uiDir: string | null): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(uiDir, request));
}
