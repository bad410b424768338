/** The HTTP layer's public surface, for the engine, the node host and later ingest routes. */
export { createHttpServer, type HttpDeps, type LanternHttpServer, type ListenInfo } from './server';
export { readJsonBody, DEFAULT_MAX_BODY_BYTES } from './body';
export { HttpError, reply, JsonReply } from './respond';
export { loginUrl, TOKEN_COOKIE } from './token';
export type { AddRoute, RouteContext, RouteHandler } from './route-context';
export type { HttpMethod } from './router';
