/**
 * The web UI's files (a later issue builds them into `staticDir`), or, until then, a small page
 * saying so. Paths are resolved so that no request can leave `staticDir`: encoded `..`, absolute
 * paths, dotfiles and symlinks pointing outside are all refused.
 */
import type { FileHandle } from 'node:fs/promises';
import { open, realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './respond';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Pages never run foreign code, load anything from elsewhere or get framed. No inline script or
 * style: Preact sets styles through the CSSOM (`element.style`), which CSP does not govern.
 */
export const HTML_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

const NOT_FOUND = new HttpError(404, 'not found', 'no such file');

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function placeholderPage(routes: string[]): string {
  const items = routes.map((r) => `<li><code>${escapeHtml(r)}</code></li>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lantern</title></head>
<body>
<h1>Lantern</h1>
<p>The engine is running, but the web UI is not built yet. The API answers with the same token:</p>
<ul>
${items}
</ul>
</body></html>
`;
}

export interface StaticHandler {
  /** Answers a GET for a non-API path. Throws `HttpError` (400/404) when there is nothing to serve. */
  serve(res: ServerResponse, rawPath: string): Promise<void>;
}

/** `routes` is read per request so routes added later show up on the placeholder page. */
export function createStaticHandler(staticDir: string | null, routes: () => string[]): StaticHandler {
  let root: Promise<string | null> | null = null;
  // Resolved once, lazily: a missing build directory means "UI not built", not an error.
  const realRoot = () => (root ??= staticDir ? realpath(staticDir).catch(() => null) : Promise.resolve(null));

  async function openInside(rootDir: string, relative: string): Promise<{ handle: FileHandle; path: string } | null> {
    let path: string;
    try {
      path = await realpath(join(rootDir, relative));
    } catch {
      return null;
    }
    if (!path.startsWith(rootDir + sep)) return null; // a symlink out of the build directory
    const handle = await open(path, 'r').catch(() => null);
    if (!handle) return null;
    const stat = await handle.stat();
    if (stat.isFile()) return { handle, path };
    await handle.close();
    return stat.isDirectory() ? openInside(rootDir, join(relative, 'index.html')) : null;
  }

  return {
    async serve(res, rawPath) {
      const rootDir = await realRoot();
      if (!rootDir) {
        if (rawPath !== '/') throw NOT_FOUND;
        const body = placeholderPage(routes());
        res.writeHead(200, { ...HTML_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(body);
        return;
      }

      let decoded: string;
      try {
        decoded = decodeURIComponent(rawPath);
      } catch {
        throw new HttpError(400, 'bad path', 'the path is not valid percent-encoding');
      }
      const segments = decoded.split(/[/\\]/).filter((s) => s !== '');
      if (decoded.includes('\0') || segments.some((s) => s.startsWith('.'))) throw NOT_FOUND;
      const relative = segments.join(sep);
      const target = resolve(rootDir, relative);
      if (target !== rootDir && !target.startsWith(rootDir + sep)) throw NOT_FOUND; // belt and braces

      // Client-side routes (`/agents/x`) have no extension: they get the app shell.
      const found =
        (await openInside(rootDir, relative || 'index.html')) ??
        (extname(decoded) === '' ? await openInside(rootDir, 'index.html') : null);
      if (!found) throw NOT_FOUND;

      const { handle, path } = found;
      const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
      try {
        const { size } = await handle.stat();
        res.writeHead(200, {
          ...(type.startsWith('text/html') ? HTML_HEADERS : {}),
          'Content-Type': type,
          'Content-Length': String(size),
          'Cache-Control': 'no-cache',
        });
        await pipeline(handle.createReadStream({ autoClose: false }), res);
      } catch {
        // The client went away mid-file, or the file vanished: nothing left to tell anyone.
        res.destroy();
      } finally {
        await handle.close().catch(() => {});
      }
    },
  };
}
