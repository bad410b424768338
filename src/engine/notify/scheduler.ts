/**
 * Timers behind an interface, so the notify policy's windows (coalescing, throttle, pause expiry)
 * are tested by advancing a fake clock instead of waiting (STYLE.md: no wall-clock assertions).
 */
export interface Scheduler {
  /** Runs `fn` once after `ms` (at most 24 days: the longest pause is 7); the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Real timers, unref'd: a pending notification window never keeps the process alive. */
export const timerScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
