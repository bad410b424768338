/**
 * The per-install token: where a request may carry it, and a comparison that leaks neither the
 * token's bytes nor its length through timing. Both sides are hashed first, so
 * `timingSafeEqual` always compares two 32-byte buffers whatever the caller sent.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'lantern_token';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export type TokenCheck = (candidate: string) => boolean;

export function createTokenCheck(token: string): TokenCheck {
  if (!token) throw new Error('The HTTP server needs a non-empty token.');
  const expected = digest(token);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * The credential a request presents, or undefined. An explicit header wins over the cookie, so
 * a script that sends `X-Token` is judged by that token and not by a stale browser cookie.
 */
export function presentedToken(req: IncomingMessage): string | undefined {
  const header = headerValue(req.headers['x-token']);
  if (header !== undefined) return header.trim();
  const auth = headerValue(req.headers.authorization);
  const bearer = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  if (bearer) return bearer[1];
  return readCookie(req, TOKEN_COOKIE);
}

/** Session cookie (no Max-Age): the tray and `lantern serve` hand out the Open URL again. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The URL that logs a browser in: base URL + `?token=`. Print it, never log it at info level. */
export function loginUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/?token=${encodeURIComponent(token)}`;
}
