/**
 * The engine's HTTP server (DESIGN.md "Outputs"): plain `node:http`, the read API, the SSE
 * stream, and a route table later issues extend with `addRoute` (POST /api/event, hooks, OTLP).
 * Everything passes the same guard. Knows nothing of Electron; the node host and the app both
 * construct it with their own deps.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EngineApi } from '../../shared/contract';
import type { LanternEvent } from '../../shared/events';
import type { Bus } from '../bus';
import type { Logger } from '../logger';
import { hostForUrl } from './allowed-hosts';
import { DEFAULT_MAX_BODY_BYTES } from './body';
import { createDispatcher } from './dispatch';
import { createGuard } from './guard';
import type { AddRoute, RouteHandler } from './route-context';
import { createRouter } from './router';
import { registerReadRoutes } from './routes';
import { createSseHub, DEFAULT_KEEPALIVE_MS, DEFAULT_SSE_MAX_BUFFERED_BYTES } from './sse';
import { createStaticHandler } from './static-files';

export interface HttpDeps {
  api: EngineApi;
  bus: Bus;
  /** Store events with id > afterId, ascending, at most `limit` (SSE resume). */
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  token: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  /** Request body limit for JSON routes; default 1 MiB. */
  maxBodyBytes?: number;
  /** SSE keepalive comment interval; default 15 s. */
  keepaliveMs?: number;
  /** Unsent bytes after which an SSE client counts as too slow and is dropped; default 8 MiB. */
  sseMaxBufferedBytes?: number;
  /** The built web UI; null or missing serves a placeholder page at `/`. */
  staticDir?: string | null;
  /** More `Host` names to accept besides the bound address and, beyond loopback, this machine's names. */
  allowedHosts?: string[];
}

export interface ListenInfo {
  host: string;
  port: number;
  /** Base URL without the token, safe to log. `loginUrl(url, token)` makes the Open URL. */
  url: string;
}

export interface LanternHttpServer {
  listen(): Promise<ListenInfo>;
  /** Stops listening, ends open streams, and resolves once every connection is gone. */
  close(): Promise<void>;
  addRoute: AddRoute;
}

/** Requests in flight when close() starts get this long before their connections are cut. */
const CLOSE_GRACE_MS = 2000;

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (err.code) {
    case 'EADDRINUSE':
      return new Error(`Port ${port} on ${host} is already in use (another Lantern?). Use --port or LANTERN_PORT.`);
    case 'EACCES':
      return new Error(`Not allowed to listen on ${host}:${port} (ports below 1024 need privileges). Use --port or LANTERN_PORT.`);
    case 'EADDRNOTAVAIL':
      return new Error(`Address ${host} does not belong to this machine, so Lantern cannot listen on it.`);
    default:
      return new Error(`Cannot listen on ${host}:${port}: ${err.message}`);
  }
}

/** Malformed HTTP never reaches a handler; answer it in JSON too, then hang up. */
function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ error: 'bad request', detail: `malformed HTTP request (${err.code ?? 'unknown'})` });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createHttpServer(deps: HttpDeps): LanternHttpServer {
  let boundPort = deps.port;
  let closing = false;
  const router = createRouter<RouteHandler>();
  const addRoute: AddRoute = (method, path, handler) => router.add(method, path, handler);
  const sse = createSseHub({
    bus: deps.bus,
    eventsAfter: (afterId, limit) => deps.eventsAfter(afterId, limit), // keeps a store method's `this`
    logger: deps.logger,
    keepaliveMs: deps.keepaliveMs ?? DEFAULT_KEEPALIVE_MS,
    maxBufferedBytes: deps.sseMaxBufferedBytes ?? DEFAULT_SSE_MAX_BUFFERED_BYTES,
  });
  const dispatch = createDispatcher({
    guard: createGuard({ token: deps.token, host: deps.host, port: () => boundPort, allowedHosts: deps.allowedHosts }),
    router,
    statics: createStaticHandler(deps.staticDir ?? null, () => router.list()),
    maxBodyBytes: deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger: deps.logger,
  });

  registerReadRoutes(addRoute, deps.api);
  addRoute('GET', '/api/stream', ({ req, res, query }) => sse.handle(req, res, query));

  const server: Server = createServer((req, res) => {
    // A keep-alive connection must not outlive close() by carrying one more request.
    if (closing) res.setHeader('Connection', 'close');
    dispatch(req, res);
  });
  server.on('clientError', onClientError);

  return {
    addRoute,
    listen() {
      return new Promise((resolve, reject) => {
        if (server.listening) return reject(new Error('The HTTP server is already listening.'));
        const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, deps.host, deps.port));
        server.once('error', onError);
        server.listen(deps.port, deps.host, () => {
          server.off('error', onError);
          // From here on a server error is logged, never an unhandled 'error' event.
          server.on('error', (err) => deps.logger.error('http server error', { error: err.message }));
          boundPort = (server.address() as AddressInfo).port;
          const urlHost = deps.host === '0.0.0.0' || deps.host === '::' ? '127.0.0.1' : deps.host;
          resolve({ host: deps.host, port: boundPort, url: `http://${hostForUrl(urlHost)}:${boundPort}` });
        });
      });
    },
    close() {
      sse.closeAll();
      if (!server.listening) return Promise.resolve();
      closing = true;
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          closing = false;
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
