/**
 * One channel's queue and its sender loop: alerts go out one at a time, in order, each tried up
 * to `backoffMs.length + 1` times. A slow or dead channel only ever holds up its own queue, which
 * is bounded (the oldest dropped past `maxQueue`) and never persisted.
 */
import { channelTarget, type ChannelConfig } from '../../../shared/channels';
import type { Alert } from '../../../shared/notify';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { Attempt } from './attempt';
import type { StatusBook } from './status-book';

/** Waits `ms`; may end early when `signal` aborts (an injected sleep may ignore it: it is raced). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface ChannelWorkerDeps {
  id: string;
  /** The channel's config now (read before every attempt: settings change live), null once removed. */
  config(): ChannelConfig | null;
  send(config: ChannelConfig, alert: Alert, stop: AbortSignal): Promise<Attempt>;
  book: StatusBook;
  clock: Clock;
  logger: Logger;
  sleep: Sleep;
  backoffMs: readonly number[];
  maxQueue: number;
  maxAgeMs: number;
  /** The channel's status changed. */
  changed(): void;
}

export interface ChannelWorker {
  push(alert: Alert): void;
  /** Queued plus in flight. */
  pending(): number;
  /** Drops the queue and aborts what is in flight; resolves when the loop has ended. */
  stop(): Promise<void>;
}

interface Queued {
  alert: Alert;
  queuedAt: number;
}

export function createChannelWorker(deps: ChannelWorkerDeps): ChannelWorker {
  const { id, book, clock, logger } = deps;
  const queue: Queued[] = [];
  const stopper = new AbortController();
  const stopped = stopper.signal;
  let inFlight = false;
  let looping = false;
  let loop: Promise<void> = Promise.resolve();

  const describe = (config: ChannelConfig | null) => (config ? { channel: id, type: config.type, target: channelTarget(config) } : { channel: id });
  const nowIso = () => new Date(clock.now()).toISOString();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped.aborted) return resolve();
      const done = () => {
        stopped.removeEventListener('abort', done);
        resolve();
      };
      stopped.addEventListener('abort', done, { once: true });
      deps.sleep(ms, stopped).then(done, done);
    });

  async function deliver({ alert, queuedAt }: Queued): Promise<void> {
    if (clock.now() - queuedAt > deps.maxAgeMs) {
      book.dropped(id);
      logger.warn('alert channel dropped an alert that waited too long', { ...describe(deps.config()), alert: alert.id });
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const config = deps.config();
      // Removed or switched off meanwhile: what it still held is not wanted any more.
      if (!config || !config.enabled) return;
      const result = await deps.send(config, alert, stopped);
      if (stopped.aborted) return;
      if (result.ok) {
        book.sent(id, nowIso());
        if (attempt > 0) logger.info('alert channel delivered after retrying', { ...describe(config), alert: alert.id, attempts: attempt + 1 });
        return;
      }
      if (!result.retry || attempt >= deps.backoffMs.length) {
        book.gaveUp(id, result.error, nowIso());
        logger.warn('alert channel gave up on an alert', { ...describe(config), alert: alert.id, attempts: attempt + 1, error: result.error });
        return;
      }
      await wait(Math.max(deps.backoffMs[attempt], result.retryAfterMs ?? 0));
      if (stopped.aborted) return;
    }
  }

  async function run(): Promise<void> {
    try {
      // Sending starts after the caller's turn: `push` (and so the bus emit) only enqueues.
      await null;
      while (queue.length && !stopped.aborted) {
        const next = queue.shift() as Queued;
        inFlight = true;
        try {
          await deliver(next);
        } catch (err) {
          logger.error('alert channel delivery crashed', { channel: id, err: String(err) });
        } finally {
          inFlight = false;
        }
        deps.changed();
      }
    } finally {
      looping = false;
    }
  }

  return {
    push(alert) {
      if (stopped.aborted) return;
      queue.push({ alert, queuedAt: clock.now() });
      if (queue.length > deps.maxQueue) {
        const oldest = queue.shift() as Queued;
        book.dropped(id);
        logger.warn('alert channel queue full: dropped the oldest alert', { ...describe(deps.config()), alert: oldest.alert.id });
      }
      if (!looping) {
        looping = true;
        loop = run();
      }
      deps.changed();
    },
    pending: () => queue.length + (inFlight ? 1 : 0),
    stop() {
      stopper.abort();
      queue.length = 0;
      return loop;
    },
  };
}
