/**
 * Stats windows: `30m`, `1h`, `24h` (default), `7d`, any `<n>m|h|d`, or `all`. One parser for the
 * HTTP query, IPC and tests, so every caller accepts the same forms and rejects the rest the same way.
 */

export const DEFAULT_WINDOW = '24h';
export const WINDOW_FORMS = '<n>m, <n>h or <n>d with a whole n ≥ 1 (e.g. 30m, 1h, 24h, 7d), or all';

/** Ten years: far past any history, small enough that `now - span` stays a sane epoch. */
const MAX_SPAN_MS = 3650 * 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export class WindowError extends Error {
  constructor(readonly input: string) {
    super(`window must be ${WINDOW_FORMS}; got ${JSON.stringify(input)}`);
    this.name = 'WindowError';
  }
}

export interface StatsWindow {
  /** The window as given (normalized to lower case), e.g. `24h`. */
  label: string;
  /** Epoch ms where the window starts; null for `all`. */
  startMs: number | null;
}

export function parseWindow(text: string | undefined, now: number): StatsWindow {
  const label = (text ?? DEFAULT_WINDOW).trim().toLowerCase();
  if (label === 'all') return { label, startMs: null };
  const m = /^([1-9]\d{0,5})([mhd])$/.exec(label);
  if (!m) throw new WindowError(text ?? '');
  const span = Number(m[1]) * UNIT_MS[m[2]];
  if (span > MAX_SPAN_MS) throw new WindowError(text ?? '');
  return { label, startMs: now - span };
}
