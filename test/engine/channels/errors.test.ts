// @vitest-environment node
/**
 * Failures as short texts, and which ones are retried: socket errors the way Node's fetch reports
 * them, SMTP errors the way nodemailer does, Retry-After, and secrets cut out of any text.
 */
import { describe, expect, it } from 'vitest';
import { networkFailure } from '../../../src/engine/notify/channels/network-error';
import { retryAfterMs } from '../../../src/engine/notify/channels/post-json';
import { scrub, secretsOf } from '../../../src/engine/notify/channels/secrets';
import { smtpFailure } from '../../../src/engine/notify/channels/send-mail';
import { httpChannel } from './fixtures';

/** What undici rejects with: `TypeError: fetch failed` and the socket error as its cause. */
const fetchFailed = (cause: unknown) => Object.assign(new TypeError('fetch failed'), { cause });
const sockErr = (code: string, extra: object = {}) => Object.assign(new Error(`${code} boom`), { code, ...extra });

describe('network failures', () => {
  it('names refused connections, unknown hosts and resets, and retries them', () => {
    expect(networkFailure(fetchFailed(sockErr('ECONNREFUSED', { address: '127.0.0.1', port: 9 })), 'x:1')).toEqual({ ok: false, error: 'connection refused (127.0.0.1:9)', retry: true });
    const both = Object.assign(new AggregateError([sockErr('ECONNREFUSED', { address: '::1', port: 80 }), sockErr('ECONNREFUSED', { address: '127.0.0.1', port: 80 })]), { code: 'ECONNREFUSED' });
    expect(networkFailure(fetchFailed(both), 'localhost').error).toBe('connection refused (::1:80)');
    expect(networkFailure(fetchFailed(sockErr('ENOTFOUND', { hostname: 'hooks.example' })), 'hooks.example')).toMatchObject({ error: 'host not found (hooks.example)', retry: true });
    expect(networkFailure(fetchFailed(sockErr('ECONNRESET')), 'h:443')).toMatchObject({ error: 'connection closed by the server (h:443)', retry: true });
  });

  it('does not retry certificate errors, and never shows a raw message', () => {
    expect(networkFailure(fetchFailed(sockErr('CERT_HAS_EXPIRED')), 'h:443')).toEqual({ ok: false, error: 'TLS error CERT_HAS_EXPIRED (h:443)', retry: false });
    const leaky = new TypeError('Headers.append: "Bearer s3cret\n" is an invalid header value.');
    expect(networkFailure(leaky, 'h')).toEqual({ ok: false, error: 'request failed (TypeError)', retry: false });
  });
});

describe('SMTP failures', () => {
  it('retries 4xx replies and connection trouble, not 5xx replies or a refused login', () => {
    expect(smtpFailure(Object.assign(new Error('Message failed: 421 Try later'), { code: 'EMESSAGE', responseCode: 421 })).retry).toBe(true);
    expect(smtpFailure(Object.assign(new Error('Message failed: 550 No such user'), { code: 'EMESSAGE', responseCode: 550 }))).toEqual({ ok: false, error: 'Message failed: 550 No such user', retry: false });
    expect(smtpFailure(Object.assign(new Error('Invalid login'), { code: 'EAUTH' })).retry).toBe(false);
    expect(smtpFailure(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).retry).toBe(true);
    expect(smtpFailure(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:25'), { code: 'ESOCKET' }))).toEqual({ ok: false, error: 'connection refused (10.0.0.1:25)', retry: true });
  });
});

describe('Retry-After', () => {
  it('takes whole seconds, capped at 60 s; ignores dates and nonsense', () => {
    expect(retryAfterMs('5')).toBe(5000);
    expect(retryAfterMs('3600')).toBe(60_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(retryAfterMs('-1')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('secrets', () => {
  it('cuts a channel’s URL path, query values and header values out of a text', () => {
    const c = httpChannel('webhook', 'w', 'https://hooks.example/T0001/B0002/abcdefSECRET?token=qqqqqqqq', { headers: { Authorization: 'Bearer hhhhhhhh' } });
    const text = scrub('echo https://hooks.example/T0001/B0002/abcdefSECRET?token=qqqqqqqq; token abcdefSECRET, qqqqqqqq and hhhhhhhh at hooks.example', secretsOf(c));
    expect(text).toBe('echo …; token …, … and … at hooks.example');
    const mail = { ...httpChannel('webhook', 'x', 'https://a.example/'), type: 'email', password: 'hunter22' } as never;
    expect(scrub('pass hunter22', secretsOf(mail))).toBe('pass …');
  });
});
