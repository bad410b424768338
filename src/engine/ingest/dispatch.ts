/**
 * One request, start to finish: base headers, guard, route, handler, answer. This is the only
 * place a handler's outcome turns into a response, so "every error is JSON" and "nothing thrown
 * out of a handler crashes the engine" hold for routes added later too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { readJsonBody } from './body';
import type { Guard } from './guard';
import { HttpError, JsonReply, sendError, sendJson, setBaseHeaders } from './respond';
import type { RouteHandler } from './route-context';
import { parseTarget, type Router } from './router';
import type { StaticHandler } from './static-files';

export interface DispatchDeps {
  guard: Guard;
  router: Router<RouteHandler>;
  statics: StaticHandler;
  maxBodyBytes: number;
  logger: Logger;
}

/** Paths that are always API: never answered with a file or an HTML page. */
const isApiPath = (p: string): boolean => p === '/api' || p.startsWith('/api/') || p.startsWith('/v1/');

function answer(res: ServerResponse, result: unknown): void {
  if (res.headersSent || res.writableEnded) return; // the handler wrote the response itself
  if (result instanceof JsonReply) return sendJson(res, result.status, result.body);
  if (result === undefined) {
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, 200, result);
}

export function createDispatcher(deps: DispatchDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { guard, router, statics } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setBaseHeaders(res);
    const target = parseTarget(req.url);
    if (!target) throw new HttpError(400, 'bad request', 'the request target must be a path such as /api/agents');
    if (!guard.admit(req, res, target)) return;

    const method = req.method ?? '';
    const match = router.match(method, target.rawPath);
    switch (match.kind) {
      case 'found': {
        const readJson = () => readJsonBody(req, deps.maxBodyBytes);
        const result = await match.handler({ req, res, params: match.params, query: target.query, readJson });
        return answer(res, result);
      }
      case 'bad-path':
        throw new HttpError(400, 'bad path', match.detail);
      case 'method-not-allowed':
        throw new HttpError(405, 'method not allowed', `${method} is not supported here`, match.allow, { Allow: match.allow.join(', ') });
      case 'not-found':
        if (method === 'GET' && !isApiPath(target.rawPath)) return statics.serve(res, target.rawPath);
        throw new HttpError(404, 'not found', `no route ${method} ${target.rawPath}`, router.list());
    }
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        // Mid-stream failure: the status is gone, all we can do is cut the response short.
        deps.logger.error('http handler failed after responding', { path: req.url, error: String(err) });
        res.destroy();
      } else if (err instanceof HttpError) {
        sendError(res, err);
      } else {
        const message = err instanceof Error ? err.message : String(err);
        deps.logger.error('http handler failed', { method: req.method, path: req.url, error: message });
        sendError(res, new HttpError(500, 'internal error', message));
      }
    });
  };
}
