/** How one try at sending went, and whether another try could go better. */
export type Attempt = { ok: true } | AttemptFailure;

export interface AttemptFailure {
  ok: false;
  /** Short and free of secrets: shown in the Settings view and logged. */
  error: string;
  /** A network error, a timeout, 5xx or 429 may heal; a 4xx (bad URL or token) will not. */
  retry: boolean;
  /** The server asked for this wait (a numeric Retry-After), already capped. */
  retryAfterMs?: number;
}

export const SENT: Attempt = { ok: true };

/** The attempt ended because the dispatcher stopped (or the channel was removed): nothing to record. */
export const STOPPED: AttemptFailure = { ok: false, error: 'stopped', retry: false };

export const failure = (error: string, retry: boolean, retryAfterMs?: number): AttemptFailure =>
  retryAfterMs === undefined ? { ok: false, error, retry } : { ok: false, error, retry, retryAfterMs };

export const timeoutText = (ms: number): string => `timed out after ${ms / 1000} s`;
