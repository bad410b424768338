/**
 * Which `Host` and `Origin` values the server answers to. A web page the user visits can point
 * its own domain at 127.0.0.1 (DNS rebinding) and then talk to us "same-origin"; its requests
 * still carry the attacker's name in `Host`, so only our own names pass. NCC Group's guidance,
 * and the MCP TypeScript SDK's `hostHeaderValidation()`, do the same.
 */
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export interface HostPolicy {
  /** Whether a `Host` header value (`name[:port]`) is one of ours. */
  allowsHost(value: string): boolean;
  /** Whether an `Origin` header value is `http://` + one of our hosts. */
  allowsOrigin(value: string): boolean;
  /** What we accept, for the 403 body. */
  accepted(): string[];
}

/** `::1` → `[::1]`: the form an IPv6 address takes inside `Host`. */
export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Splits `name[:port]`, keeping IPv6 brackets on the name. Null when it is not that shape. */
function splitHost(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return { name: m[1].toLowerCase(), port: m[2] === undefined ? null : Number(m[2]) };
}

/**
 * `boundHost` is what we listen on; `port` is read lazily because with port 0 the real one is
 * only known after `listen()`.
 */
export function createHostPolicy(boundHost: string, port: () => number): HostPolicy {
  const names = new Set(LOOPBACK_NAMES);
  const wildcard = isWildcard(boundHost);
  if (!isLoopback(boundHost) && !wildcard) names.add(hostForUrl(boundHost).toLowerCase());

  const allowsHost = (value: string): boolean => {
    const parsed = splitHost(value);
    if (!parsed) return false;
    // The port may only be left out when it is the default one (RFC 9110 §7.2).
    const p = port();
    if (parsed.port === null ? p !== 80 : parsed.port !== p) return false;
    if (names.has(parsed.name)) return true;
    // Bound to every interface (LAN opt-in): the client uses whichever address it reached us by.
    // An IP literal cannot be rebound to us by someone else's DNS, so any literal is safe here.
    return wildcard && isIP(parsed.name.replace(/^\[|\]$/g, '')) !== 0;
  };

  return {
    allowsHost,
    allowsOrigin(value) {
      // `Origin: null` (sandboxed frames, file://) and https origins are never ours.
      if (!value.startsWith('http://')) return false;
      const rest = value.slice('http://'.length);
      return !rest.includes('/') && allowsHost(rest);
    },
    accepted() {
      const p = port();
      const list = [...names].map((n) => `${n}:${p}`);
      if (wildcard) list.push(`<any IP address of this machine>:${p}`);
      return list;
    },
  };
}
