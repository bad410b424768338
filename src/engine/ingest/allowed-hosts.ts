/**
 * Which `Host` and `Origin` values the server answers to. A web page the user visits can point
 * its own domain at 127.0.0.1 (DNS rebinding) and then talk to us "same-origin"; its requests
 * still carry the attacker's name in `Host`, so only our own names pass. NCC Group's guidance,
 * and the MCP TypeScript SDK's `hostHeaderValidation()`, do the same.
 */
import { isIP } from 'node:net';
import os from 'node:os';

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

export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Tokens shorter than this may not guard a server other machines can reach (the generated one has 32 characters). */
export const MIN_LAN_TOKEN_LENGTH = 16;

/**
 * Listening beyond loopback is the user's explicit choice (`--host`); it is refused only when the token
 * guarding it was given by hand and is short enough to guess. Null when the bind is fine.
 */
export function lanBindProblem(host: string, token: string): string | null {
  if (isLoopback(host) || token.length >= MIN_LAN_TOKEN_LENGTH) return null;
  return (
    `Listening on ${host} lets other machines reach Lantern, and the token given with --token / LANTERN_TOKEN has ` +
    `${token.length} characters: at least ${MIN_LAN_TOKEN_LENGTH} are needed. Give a longer one, or none to use the generated token.`
  );
}

/** The line `lantern serve` prints when it listens beyond loopback; null on loopback. */
export function beyondLoopbackWarning(host: string, port: number, names: string[] = machineNames()): string | null {
  if (isLoopback(host)) return null;
  const reach = isWildcard(host) ? (names[0] ?? '<this machine>') : hostForUrl(host);
  return (
    `Warning: listening on ${hostForUrl(host)}:${port}, reachable from other machines on the network; every request needs the token. ` +
    `Remote agents send OpenTelemetry to http://${reach}:${port} (docs/remote.md)`
  );
}

/** This machine's names as other machines may write them in `Host`: `box.lan` → `box.lan`, `box`, `box.local`. */
export function machineNames(hostname: string = os.hostname()): string[] {
  const full = hostname.trim().toLowerCase();
  if (!full) return [];
  const short = full.split('.')[0];
  return [...new Set([full, short, `${short}.local`])];
}

/** Addresses of this machine's interfaces as they appear in `Host` (IPv6 in brackets). */
export function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.push(hostForUrl(a.address.replace(/%.*$/, '')).toLowerCase());
  }
  return out;
}

export interface HostPolicyOptions {
  /** This machine's names, accepted when bound beyond loopback (default: from `os.hostname()`). */
  machineNames?: string[];
  /** Names the user allowed on top (`--allow-host`), e.g. a DNS name other machines use for this one. */
  extraHosts?: string[];
  /** For the 403 body of a wildcard bind (default: `os.networkInterfaces()`). */
  interfaceAddresses?: () => string[];
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
export function createHostPolicy(boundHost: string, port: () => number, opts: HostPolicyOptions = {}): HostPolicy {
  const names = new Set(LOOPBACK_NAMES);
  const wildcard = isWildcard(boundHost);
  if (!isLoopback(boundHost) && !wildcard) names.add(hostForUrl(boundHost).toLowerCase());
  // Reachable from other machines: they may call this one by its name (mDNS `.local` included). Rebinding
  // needs a domain the attacker owns in `Host`; this machine's own names are not one.
  if (!isLoopback(boundHost)) for (const n of opts.machineNames ?? machineNames()) names.add(n);
  for (const h of opts.extraHosts ?? []) {
    const parsed = splitHost(h);
    if (parsed) names.add(parsed.name);
  }

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
      if (wildcard) {
        for (const a of (opts.interfaceAddresses ?? interfaceAddresses)()) if (!names.has(a)) list.push(`${a}:${p}`);
        list.push(`<any IP address of this machine>:${p}`);
      }
      return list;
    },
  };
}
