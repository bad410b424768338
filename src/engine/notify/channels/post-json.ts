/**
 * One JSON POST with a time limit, answered as an `Attempt`. Redirects are not followed: a
 * webhook that moved is a setting to fix, and following one would resend the body (and custom
 * headers) to wherever the answer points.
 */
import { STATUS_CODES } from 'node:http';
import { failure, SENT, STOPPED, timeoutText, type Attempt, type AttemptFailure } from './attempt';
import { networkFailure } from './network-error';
import { oneLine } from './alert-view';

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What of an error answer is shown. */
const BODY_SHOWN = 200;
/** Read at most this much of an error answer. */
const BODY_READ = 4096;
/** The longest Retry-After honoured; a server asking for more gets our own schedule. */
export const RETRY_AFTER_MAX_MS = 60_000;
const USER_AGENT = 'Lantern (alert channels)';

async function startOf(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_READ) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // What was read is enough; the status says what matters.
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return oneLine(text).slice(0, BODY_SHOWN);
}

/** A numeric Retry-After (seconds), capped; an HTTP date or nonsense is ignored. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(Number(header) * 1000, RETRY_AFTER_MAX_MS);
}

async function httpFailure(res: Response): Promise<AttemptFailure> {
  const reason = oneLine(res.statusText || STATUS_CODES[res.status] || '');
  const body = await startOf(res);
  const text = `HTTP ${res.status}${reason ? ` ${reason}` : ''}${body ? `: ${body}` : ''}`;
  if (res.status >= 300 && res.status < 400) return failure(`${text} (redirects are not followed)`, false);
  const retry = res.status >= 500 || res.status === 429;
  return failure(text, retry, retry ? retryAfterMs(res.headers.get('retry-after')) : undefined);
}

/** `stop` aborts for good (engine stop); the time limit is per attempt. */
export async function postJson(req: HttpRequest, timeoutMs: number, stop: AbortSignal): Promise<Attempt> {
  if (stop.aborted) return STOPPED;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers: { 'User-Agent': USER_AGENT, ...req.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(req.body),
      redirect: 'manual',
      signal: AbortSignal.any([stop, timeout]),
    });
    if (res.ok) {
      await res.body?.cancel().catch(() => {});
      return SENT;
    }
    return await httpFailure(res);
  } catch (err) {
    if (stop.aborted) return STOPPED;
    if (timeout.aborted) return failure(timeoutText(timeoutMs), true);
    return networkFailure(err, new URL(req.url).host);
  }
}
