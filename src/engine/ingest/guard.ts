/**
 * The checks every request passes before routing (DESIGN.md "Security of a local server"), in
 * order: `Host` allowlist (DNS rebinding), `Origin` (CSRF from any page the user visits), browser
 * login through `/?token=`, then the token itself. Anything that fails is answered here and
 * never reaches a route, so an unauthenticated client cannot even learn which routes exist.
 * There are no CORS headers anywhere: a foreign page gets nothing it can read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHostPolicy } from './allowed-hosts';
import { HttpError, sendError } from './respond';
import type { RequestTarget } from './router';
import { createTokenCheck, presentedToken, tokenCookie } from './token';

export interface GuardOptions {
  token: string;
  /** The address we are bound to. */
  host: string;
  /** Read per request: with port 0 the real port is only known after listen(). */
  port: () => number;
  /** More `Host` names to accept (`lantern serve --allow-host`). */
  allowedHosts?: string[];
}

export interface Guard {
  /** True when the request may go on to routing; otherwise the response has been sent. */
  admit(req: IncomingMessage, res: ServerResponse, target: RequestTarget): boolean;
}

const LOGIN_PATHS = new Set(['/', '/login']);

export const UNAUTHORIZED = new HttpError(
  401,
  'unauthorized',
  'send the token as X-Token, Authorization: Bearer, or log in through the Open URL',
);

export function createGuard(opts: GuardOptions): Guard {
  const hosts = createHostPolicy(opts.host, opts.port, { extraHosts: opts.allowedHosts });
  const tokenOk = createTokenCheck(opts.token);

  const reject = (res: ServerResponse, err: HttpError): false => {
    sendError(res, err);
    return false;
  };

  return {
    admit(req, res, target) {
      const host = req.headers.host;
      if (!host || !hosts.allowsHost(host)) {
        const detail = host ? `Host "${host}" is not this server` : 'the request has no Host header';
        return reject(res, new HttpError(403, 'forbidden host', detail, hosts.accepted()));
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !hosts.allowsOrigin(origin)) {
        const accepted = hosts.accepted().map((h) => `http://${h}`);
        return reject(res, new HttpError(403, 'forbidden origin', `Origin "${origin}" may not call this server`, accepted));
      }

      // Browser login: trade the token in the URL for an HttpOnly cookie, then redirect so the
      // token leaves the address bar and history.
      const loginToken = target.query.get('token');
      if (req.method === 'GET' && loginToken !== null && LOGIN_PATHS.has(target.rawPath)) {
        if (!tokenOk(loginToken)) return reject(res, UNAUTHORIZED);
        res.writeHead(302, { Location: '/', 'Set-Cookie': tokenCookie(loginToken), 'Cache-Control': 'no-store' });
        res.end();
        return false;
      }

      const presented = presentedToken(req);
      if (presented === undefined || !tokenOk(presented)) return reject(res, UNAUTHORIZED);
      return true;
    },
  };
}
