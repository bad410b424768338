/**
 * How the HTTP layer answers. Every error is JSON `{error, detail?, accepted?}` (DESIGN.md:
 * "a JSON body that says what is wrong and what is accepted"), so handlers throw `HttpError`
 * and never format error bodies themselves.
 */
import type { ServerResponse } from 'node:http';

export interface ErrorBody {
  error: string;
  detail?: string;
  accepted?: unknown;
}

/** A client error a handler throws; the server turns it into a JSON response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail?: string,
    readonly accepted?: unknown,
    /** Extra response headers, e.g. `Allow` on 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ? `${error}: ${detail}` : error);
    this.name = 'HttpError';
  }

  body(): ErrorBody {
    const body: ErrorBody = { error: this.error };
    if (this.detail !== undefined) body.detail = this.detail;
    if (this.accepted !== undefined) body.accepted = this.accepted;
    return body;
  }
}

/** A handler's answer with a status other than 200. */
export class JsonReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export const reply = (status: number, body: unknown): JsonReply => new JsonReply(status, body);

/**
 * Headers on every response, whatever it is: no MIME sniffing of agent content served as text,
 * and no Referer that could carry a `?token=` URL to another site.
 */
export function setBaseHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body) ?? 'null';
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    // API answers describe live state: never let a browser or proxy reuse one.
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, err.body(), err.headers);
}
