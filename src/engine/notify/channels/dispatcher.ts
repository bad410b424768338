/**
 * Delivers the notify policy's alerts to the off-machine channels (issue 9): webhook, ntfy, Slack,
 * Discord and email. The policy already decided what is worth sending; this only sends, reliably:
 *
 * - Each channel has its own queue and sender loop (channel-worker.ts): a slow or dead channel
 *   never delays another, nor the caller (`deliver` only enqueues).
 * - Every attempt has a time limit; network errors, timeouts, 5xx and 429 are retried on a backoff
 *   schedule, other 4xx are not (a bad URL or token will not heal).
 * - Bounded: `maxQueue` per channel, alerts older than `maxAgeMs` dropped; nothing persisted, so
 *   a restart never resends.
 * - Errors are kept and logged as short texts without secrets; log lines name a channel by id,
 *   type and `channelTarget` only.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { channelTarget, type ChannelConfig, type ChannelStatus } from '../../../shared/channels';
import type { Alert } from '../../../shared/notify';
import { NOTIFY_KINDS, type NotifyKind } from '../../../shared/settings';
import { systemClock, type Clock } from '../../clock';
import type { Logger } from '../../logger';
import { STOPPED } from './attempt';
import type { EmailChannel } from './channel-types';
import { createChannelWorker, type ChannelWorker, type Sleep } from './channel-worker';
import type { MailMessage } from './format-email';
import { nodemailerSend, type SendMailOptions } from './send-mail';
import { sendOnce } from './send-once';
import { createStatusBook } from './status-book';
import { testAlert } from './test-alert';

export type { MailMessage } from './format-email';

export interface ChannelEntry {
  config: ChannelConfig;
  source: 'settings' | 'flag';
}

export interface ChannelDispatcherDeps {
  /** Read at every delivery: settings change live. */
  channels(): ChannelEntry[];
  /** The link back to the alert's first agent's replay (or null). */
  linkFor(alert: Alert): string | null;
  logger: Logger;
  /** Default `systemClock`. */
  clock?: Clock;
  /** Called whenever a channel's status changes (the engine puts NotifyState on the bus). */
  onStatus?(): void;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Waits between attempts; its length + 1 attempts in all. Default [1 s, 4 s, 15 s]. */
  backoffMs?: number[];
  /** Alerts waiting per channel; the oldest is dropped (and counted) past it. Default 20. */
  maxQueue?: number;
  /** An alert that waited longer than this when its turn comes is dropped. Default 10 min. */
  maxAgeMs?: number;
  /** Injected in tests that must not wait real seconds; default setTimeout-based. */
  sleep?(ms: number): Promise<void>;
  /** Default: nodemailer's SMTP transport. */
  sendMail?: (config: EmailChannel, message: MailMessage, options: SendMailOptions) => Promise<void>;
}

export interface ChannelDispatcher {
  /** Queues the alert for every enabled channel that wants any of `alert.kinds`; returns at once. */
  deliver(alert: Alert): void;
  /**
   * Queues an alert for one channel, when it is configured and enabled; its kinds are not checked
   * (the caller made this alert for this channel's kinds). Returns at once.
   */
  deliverTo(id: string, alert: Alert): void;
  /**
   * Queues for every enabled channel the alert made of the kinds it wants (`alertFor` cuts a burst;
   * null: nothing of those kinds). How the notify policy hands a decided burst over.
   */
  deliverEach(alertFor: (kinds: ReadonlySet<NotifyKind>) => Alert | null): void;
  /** The kinds some enabled channel wants now: the policy decides candidates of these kinds too. */
  wantedKinds(): ReadonlySet<NotifyKind>;
  /**
   * Sends a test alert through one channel now (enabled or not, kinds aside), one attempt, and
   * answers how it went. Throws `ChannelNotFoundError` for an unknown id.
   */
  test(id: string): Promise<{ ok: boolean; error?: string }>;
  /** One per configured channel, in config order. */
  status(): ChannelStatus[];
  /** Stops retries and drops queues (engine stop); resolves when in-flight sends ended or were aborted. */
  stop(): Promise<void>;
}

export class ChannelNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no alert channel with id "${id}"`);
    this.name = 'ChannelNotFoundError';
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 4000, 15_000];
export const DEFAULT_MAX_QUEUE = 20;
export const DEFAULT_MAX_AGE_MS = 10 * 60_000;

const timerSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal }).catch(() => {});

const kindsOf = (config: ChannelConfig): ReadonlySet<NotifyKind> => new Set(NOTIFY_KINDS.filter((k) => config.kinds[k]));

export function createChannelDispatcher(deps: ChannelDispatcherDeps): ChannelDispatcher {
  const { logger } = deps;
  const clock = deps.clock ?? systemClock;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sendMail = deps.sendMail ?? nodemailerSend;
  const injectedSleep = deps.sleep;
  const sleep: Sleep = injectedSleep ? (ms) => injectedSleep(ms) : timerSleep;
  const book = createStatusBook();
  const workers = new Map<string, ChannelWorker>();
  /** Workers of removed channels and tests under way: `stop()` waits for them too. */
  const ending = new Set<Promise<unknown>>();
  const stopper = new AbortController();

  const track = <T>(p: Promise<T>): Promise<T> => {
    ending.add(p);
    void p.finally(() => ending.delete(p)).catch(() => {});
    return p;
  };

  const changed = () => {
    try {
      deps.onStatus?.();
    } catch (err) {
      logger.error('alert channel status listener failed', { err: String(err) });
    }
  };

  /** The replay link; a failure to make one costs the link, not the alert. */
  const linkFor = (alert: Alert) => {
    try {
      return deps.linkFor(alert);
    } catch (err) {
      logger.warn('alert channel could not make the replay link', { err: String(err) });
      return null;
    }
  };

  const send = (config: ChannelConfig, alert: Alert, stop: AbortSignal) =>
    sendOnce(config, alert, { link: linkFor(alert), timeoutMs, stop: AbortSignal.any([stopper.signal, stop]), sendMail });

  const configOf = (id: string) => deps.channels().find((e) => e.config.id === id)?.config ?? null;

  /** The configured channels; the workers and records of removed ones are let go. */
  function current(): ChannelEntry[] {
    const list = deps.channels();
    const ids = new Set(list.map((e) => e.config.id));
    for (const [id, worker] of workers) {
      if (ids.has(id)) continue;
      workers.delete(id);
      track(worker.stop());
    }
    book.keepOnly(ids);
    return list;
  }

  function workerFor(id: string): ChannelWorker {
    let w = workers.get(id);
    if (!w) {
      w = createChannelWorker({
        id,
        config: () => configOf(id),
        send,
        book,
        clock,
        logger,
        sleep,
        backoffMs: deps.backoffMs ?? DEFAULT_BACKOFF_MS,
        maxQueue: deps.maxQueue ?? DEFAULT_MAX_QUEUE,
        maxAgeMs: deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
        changed,
      });
      workers.set(id, w);
    }
    return w;
  }

  async function runTest(config: ChannelConfig): Promise<{ ok: boolean; error?: string }> {
    const result = await send(config, testAlert(config.name, clock.now()), stopper.signal);
    const at = new Date(clock.now()).toISOString();
    const where = { channel: config.id, type: config.type, target: channelTarget(config) };
    if (result.ok) {
      book.sent(config.id, at);
      logger.info('alert channel test sent', where);
    } else if (result !== STOPPED) {
      book.failed(config.id, result.error, at);
      logger.warn('alert channel test failed', { ...where, error: result.error });
    }
    changed();
    return result.ok ? { ok: true } : { ok: false, error: result.error };
  }

  function deliverEach(alertFor: (kinds: ReadonlySet<NotifyKind>) => Alert | null): void {
    if (stopper.signal.aborted) return;
    try {
      for (const { config } of current()) {
        if (!config.enabled) continue;
        const alert = alertFor(kindsOf(config));
        if (alert) workerFor(config.id).push(alert);
      }
    } catch (err) {
      logger.error('alert channel delivery failed to start', { err: String(err) });
    }
  }

  return {
    deliver(alert) {
      // A coalesced alert carries every kind inside it: a channel takes it if it wants any.
      const inside = alert.kinds?.length ? alert.kinds : [alert.kind];
      deliverEach((kinds) => (inside.some((k) => kinds.has(k)) ? alert : null));
    },
    deliverEach,
    wantedKinds() {
      return new Set(current().flatMap(({ config }) => (config.enabled ? [...kindsOf(config)] : [])));
    },
    deliverTo(id, alert) {
      if (stopper.signal.aborted) return;
      try {
        const entry = current().find((e) => e.config.id === id);
        if (entry?.config.enabled) workerFor(id).push(alert);
      } catch (err) {
        logger.error('alert channel delivery failed to start', { channel: id, alert: alert.id, err: String(err) });
      }
    },
    async test(id) {
      const entry = current().find((e) => e.config.id === id);
      if (!entry) throw new ChannelNotFoundError(id);
      if (stopper.signal.aborted) return { ok: false, error: 'stopped' };
      return track(runTest(entry.config));
    },
    status() {
      return current().map(({ config, source }) => ({
        id: config.id,
        name: config.name,
        type: config.type,
        source,
        enabled: config.enabled,
        target: channelTarget(config),
        ...book.of(config.id),
        pending: workers.get(config.id)?.pending() ?? 0,
      }));
    },
    async stop() {
      stopper.abort();
      const loops = [...workers.values()].map((w) => w.stop());
      workers.clear();
      await Promise.allSettled([...loops, ...ending]);
    },
  };
}
