/**
 * A failed fetch as a short text. Node's fetch (undici) rejects with `TypeError: fetch failed`
 * and the socket error as its `cause` (an AggregateError when several addresses were tried).
 * Only codes, addresses and ports are used: raw messages are not shown, since some (an invalid
 * header) quote the request's values, which may be secrets.
 */
import { failure, type AttemptFailure } from './attempt';

interface SocketError {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  errors?: unknown[];
}

const asSocketError = (e: unknown): SocketError | undefined => (typeof e === 'object' && e !== null ? (e as SocketError) : undefined);

/** The innermost error that says what happened: the cause, or an AggregateError's first error. */
function rootCause(err: unknown): SocketError | undefined {
  let e = asSocketError(err);
  for (let depth = 0; e && depth < 4; depth++) {
    const cause = asSocketError((e as { cause?: unknown }).cause);
    if (cause) e = cause;
    else if (!e.address && e.errors?.length) e = asSocketError(e.errors[0]) ?? e;
    else break;
  }
  return e;
}

const TLS_CODE = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_)/;

/** `host` (the URL's host and port, no secrets) names the server when the error does not. */
export function networkFailure(err: unknown, host: string): AttemptFailure {
  const e = rootCause(err);
  const code = e?.code;
  const where = e?.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : host;
  switch (code) {
    case 'ECONNREFUSED':
      return failure(`connection refused (${where})`, true);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return failure(`host not found (${e?.hostname ?? host})`, true);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return failure(`connection closed by the server (${where})`, true);
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return failure(`connection timed out (${where})`, true);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return failure(`host unreachable (${where})`, true);
  }
  // A certificate the server will keep sending: retrying will not help.
  if (code && TLS_CODE.test(code)) return failure(`TLS error ${code} (${host})`, false);
  if (code) return failure(`network error ${code} (${where})`, true);
  const name = err instanceof Error ? err.name : typeof err;
  return failure(`request failed (${name})`, false);
}
