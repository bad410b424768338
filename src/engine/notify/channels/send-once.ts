/**
 * One try at sending one alert through one channel, whatever its type, within the time limit.
 * The answer's error text has the channel's secrets cut out, so callers may show and log it.
 */
import type { ChannelConfig } from '../../../shared/channels';
import type { Alert } from '../../../shared/notify';
import { failure, SENT, STOPPED, timeoutText, type Attempt } from './attempt';
import { viewOf, type AlertView } from './alert-view';
import type { EmailChannel, HttpChannel } from './channel-types';
import { emailMessage } from './format-email';
import { NtfyTopicError } from './format-ntfy';
import { httpRequestFor } from './http-request';
import { postJson } from './post-json';
import { scrub, secretsOf } from './secrets';
import { smtpFailure, type SendMail } from './send-mail';

export interface SendContext {
  /** The replay link for this alert, or null. */
  link: string | null;
  timeoutMs: number;
  /** Aborted for good: the dispatcher stopped or the channel was removed. */
  stop: AbortSignal;
  sendMail: SendMail;
}

/** Settles when `signal` aborts even if `work` does not (an injected sender may ignore the signal). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function sendEmail(config: EmailChannel, v: AlertView, ctx: SendContext): Promise<Attempt> {
  if (ctx.stop.aborted) return STOPPED;
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.stop, timeout]);
  try {
    await untilAborted(ctx.sendMail(config, emailMessage(config, v), { timeoutMs: ctx.timeoutMs, signal }), signal);
    return SENT;
  } catch (err) {
    if (ctx.stop.aborted) return STOPPED;
    if (timeout.aborted) return failure(timeoutText(ctx.timeoutMs), true);
    return smtpFailure(err);
  }
}

async function sendHttp(config: HttpChannel, v: AlertView, ctx: SendContext): Promise<Attempt> {
  try {
    return await postJson(httpRequestFor(config, v), ctx.timeoutMs, ctx.stop);
  } catch (err) {
    // Building the request failed: a setting to fix, not something a retry heals.
    if (err instanceof NtfyTopicError) return failure(err.message, false);
    return failure(`invalid channel URL (${err instanceof Error ? err.name : 'error'})`, false);
  }
}

export async function sendOnce(config: ChannelConfig, alert: Alert, ctx: SendContext): Promise<Attempt> {
  const v = viewOf(alert, ctx.link);
  const result = config.type === 'email' ? await sendEmail(config, v, ctx) : await sendHttp(config, v, ctx);
  return result.ok ? result : { ...result, error: scrub(result.error, secretsOf(config)) };
}
