/**
 * What a route handler sees and may return. Later issues (POST /api/event, /api/hooks/claude,
 * /v1/logs) register handlers of this type through `LanternHttpServer.addRoute`, behind the
 * same guard as the read API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpMethod, Params } from './router';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path parameters, already percent-decoded (`:id` of `claude%3Aabc%2Fdef` is `claude:abc/def`). */
  params: Params;
  query: URLSearchParams;
  /** The body as JSON under the server's size limit; rejects with a 415/413/400 `HttpError`. */
  readJson(): Promise<unknown>;
}

/**
 * Return a value to answer `200` with it as JSON, `reply(status, body)` for another status, or
 * nothing for `204`. A handler that writes `res` itself (a stream, a file) must have sent the
 * headers by the time it returns. Throw `HttpError` for a 4xx; anything else thrown is a logged
 * 500 and never takes the server down.
 */
export type RouteHandler = (ctx: RouteContext) => unknown;

export type AddRoute = (method: HttpMethod, path: string, handler: RouteHandler) => void;
