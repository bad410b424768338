/**
 * The pause: while it lasts, alerts are dropped, not queued (a person back from a meeting wants
 * the current state, which the dashboard shows, not a pile of stale notifications). It ends by
 * itself at `until` (announced on the bus like any change) and survives a restart via its file.
 */
import type { NotifyState, PauseRequest } from '../../shared/notify';

/** The pause's part of the notify state. */
export type PauseState = Pick<NotifyState, 'pausedUntil'>;
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { readPauseFile, writePauseFile } from './pause-file';
import { MAX_PAUSE_MS, pauseEndOf } from './pause-request';
import type { Scheduler } from './scheduler';

export interface PauseDeps {
  clock: Clock;
  scheduler: Scheduler;
  /** Where the pause is kept across restarts; null keeps it in memory. */
  file: string | null;
  logger: Logger;
  onChange(state: PauseState): void;
}

export interface Pause {
  state(): PauseState;
  isPaused(): boolean;
  /** Validates (throws `PauseError`), applies, announces a change, returns the new state. */
  set(request: PauseRequest): PauseState;
  stop(): void;
}

export function createPause(deps: PauseDeps): Pause {
  const { clock, scheduler, logger } = deps;
  let until: number | null = null;
  let cancelExpiry: (() => void) | null = null;

  const state = (): PauseState => ({ pausedUntil: until !== null && until > clock.now() ? new Date(until).toISOString() : null });

  function persist(value: number | null): void {
    if (!deps.file) return;
    try {
      writePauseFile(deps.file, value);
    } catch (err) {
      // The pause still holds for this run; only a restart would forget it.
      logger.warn('notification pause could not be saved', { file: deps.file, err: String(err) });
    }
  }

  function apply(next: number | null): void {
    cancelExpiry?.();
    cancelExpiry = null;
    until = next;
    if (next !== null) cancelExpiry = scheduler.after(next - clock.now(), expire);
  }

  function expire(): void {
    cancelExpiry = null;
    if (until === null || until > clock.now()) return apply(until);
    until = null;
    persist(null);
    deps.onChange(state());
  }

  // A pause saved by an earlier run, if it has not ended (and is not absurdly far ahead: a hand edit).
  const saved = deps.file ? readPauseFile(deps.file) : null;
  if (saved !== null && saved > clock.now() && saved - clock.now() <= MAX_PAUSE_MS) apply(saved);
  else if (saved !== null) persist(null);

  return {
    state,
    isPaused: () => until !== null && until > clock.now(),
    set(request) {
      const next = pauseEndOf(request, clock.now());
      const before = state().pausedUntil;
      apply(next);
      persist(next);
      const after = state();
      if (after.pausedUntil !== before) deps.onChange(after);
      return after;
    },
    stop() {
      cancelExpiry?.();
      cancelExpiry = null;
    },
  };
}
