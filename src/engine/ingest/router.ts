/**
 * A small typed route table. We have a dozen routes, so a linear scan is plenty; matching on the
 * raw (still percent-encoded) path segments and decoding each parameter afterwards is what makes
 * agent ids with `/` inside work: `claude%3Aabc%2Fdef` is one segment, decoded to `claude:abc/def`.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Params = Readonly<Record<string, string>>;

type Segment = { literal: string } | { param: string };

interface Route<H> {
  method: HttpMethod;
  pattern: string;
  segments: Segment[];
  handler: H;
}

export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Params; pattern: string }
  | { kind: 'method-not-allowed'; allow: HttpMethod[] }
  | { kind: 'not-found' }
  | { kind: 'bad-path'; detail: string };

export interface Router<H> {
  /** `pattern` is `/literal/:param/...`; a duplicate method + pattern is a programming error and throws. */
  add(method: HttpMethod, pattern: string, handler: H): void;
  match(method: string, rawPath: string): RouteMatch<H>;
  /** `METHOD /pattern` of every route, for 404 bodies and the placeholder page. */
  list(): string[];
}

function parsePattern(pattern: string): Segment[] {
  if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
  return pattern
    .slice(1)
    .split('/')
    .map((s) => {
      if (s.startsWith(':')) {
        if (s.length === 1) throw new Error(`route pattern has an unnamed parameter: ${pattern}`);
        return { param: s.slice(1) };
      }
      return { literal: s };
    });
}

/** Returns the params when `raw` fits `segments`, null when it does not, or a string on bad encoding. */
function fit(segments: Segment[], raw: string[]): Record<string, string> | null | string {
  if (segments.length !== raw.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if ('literal' in seg) {
      if (seg.literal !== raw[i]) return null;
    } else {
      if (raw[i] === '') return null;
      try {
        params[seg.param] = decodeURIComponent(raw[i]);
      } catch {
        return `path segment "${raw[i]}" is not valid percent-encoding`;
      }
    }
  }
  return params;
}

export function createRouter<H>(): Router<H> {
  const routes: Route<H>[] = [];
  return {
    add(method, pattern, handler) {
      if (routes.some((r) => r.method === method && r.pattern === pattern)) {
        throw new Error(`route ${method} ${pattern} is already registered`);
      }
      routes.push({ method, pattern, segments: parsePattern(pattern), handler });
    },
    match(method, rawPath) {
      const raw = rawPath.slice(1).split('/');
      const allow: HttpMethod[] = [];
      for (const route of routes) {
        const params = fit(route.segments, raw);
        if (params === null) continue;
        if (typeof params === 'string') return { kind: 'bad-path', detail: params };
        if (route.method === method) return { kind: 'found', handler: route.handler, params, pattern: route.pattern };
        allow.push(route.method);
      }
      return allow.length ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
    },
    list() {
      return routes.map((r) => `${r.method} ${r.pattern}`);
    },
  };
}

/** The part of a request line we route on: the raw path (still encoded) and the query. */
export interface RequestTarget {
  rawPath: string;
  query: URLSearchParams;
}

/**
 * Splits `req.url` ourselves instead of `new URL(req.url, base)`: that would read `//evil/x` as a
 * host and resolve `%2e%2e` segments, changing which route a path reaches. Only origin-form
 * targets (`/path?query`) are accepted; we are not a proxy.
 */
export function parseTarget(url: string | undefined): RequestTarget | null {
  if (!url || !url.startsWith('/')) return null;
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const hash = rawPath.indexOf('#');
  return {
    rawPath: hash < 0 ? rawPath : rawPath.slice(0, hash),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
  };
}
