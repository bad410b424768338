// @vitest-environment node
/**
 * The email channel against a real SMTP server in-process (smtp-server on 127.0.0.1): subject,
 * text, escaped HTML and recipients arrive; logins when a user is set; a refused login is not
 * retried and its error never shows the password; a dead server is retried like any network error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelDispatcher, type ChannelDispatcher, type ChannelDispatcherDeps } from '../../../src/engine/notify/channels/dispatcher';
import type { EmailChannel } from '../../../src/engine/notify/channels/channel-types';
import { waitFor } from '../../helpers/wait-for';
import { alert, ALL_KINDS, entries, instantSleep, recordingLogger } from './fixtures';
import { deadPort } from './receiver';
import { decodedMail, header, startSmtpReceiver, type SmtpReceiver } from './smtp-receiver';

let open: SmtpReceiver;
let authed: SmtpReceiver;
const dispatchers: ChannelDispatcher[] = [];
beforeAll(async () => {
  open = await startSmtpReceiver();
  authed = await startSmtpReceiver({ user: 'lantern', password: 'pw-Sup3r-secret' });
});
afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.stop()));
  await Promise.all([open.close(), authed.close()]);
});

const LINK = 'http://127.0.0.1:4477/#/agents/claude%3Aa';
const PR = 'https://github.com/acme/payments-api/pull/42';

const email = (port: number, over: Partial<EmailChannel> = {}): EmailChannel => ({
  id: 'mail',
  name: 'Mail',
  type: 'email',
  enabled: true,
  kinds: ALL_KINDS,
  host: '127.0.0.1',
  port,
  security: 'none',
  user: '',
  password: '',
  from: 'lantern@example.com',
  to: ['me@example.com', 'ops@example.com'],
  ...over,
});

function dispatcher(config: EmailChannel, over: Partial<ChannelDispatcherDeps> = {}) {
  const { waits, sleep } = instantSleep();
  const logger = recordingLogger();
  const d = createChannelDispatcher({ channels: () => entries(config), linkFor: () => LINK, logger, sleep, timeoutMs: 5000, ...over });
  dispatchers.push(d);
  return { d, waits, logger, status: () => d.status()[0] };
}

describe('email over SMTP', () => {
  it('delivers subject, text and escaped HTML to every recipient (no TLS, no auth)', async () => {
    const { d, status } = dispatcher(email(open.port));
    d.deliver(alert({ kind: 'pr', kinds: ['pr'], url: PR, title: 'payments-api', body: 'PR opened: <script>alert("x")</script> & more' }));
    const mail = await waitFor(() => open.mails[0], 10_000, 'the mail');
    expect(mail.from).toBe('lantern@example.com');
    expect(mail.to).toEqual(['me@example.com', 'ops@example.com']);
    expect(header(mail.raw, 'Subject')).toBe('[Lantern] payments-api');
    const text = decodedMail(mail.raw);
    expect(text).toContain(`Pull request: ${PR}`);
    expect(text).toContain(`Open in Lantern: ${LINK}`);
    expect(text).toContain('PR opened: <script>alert("x")</script> & more'); // the text part, as text
    expect(text).toContain('<p>PR opened: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</p>');
    expect(text).toContain(`<a href="${PR}">Pull request</a>`);
    expect(text).not.toMatch(/<script>[^\n]*<\/p>/);
    await waitFor(() => status().lastSentAt, 5000, 'the status');
    expect(status()).toMatchObject({ failures: 0, pending: 0, target: `smtp://127.0.0.1:${open.port} → me@example.com, ops@example.com` });
  });

  it('logs in when a user is set, and test() sends the test subject', async () => {
    const { d } = dispatcher(email(authed.port, { user: 'lantern', password: 'pw-Sup3r-secret' }));
    expect(await d.test('mail')).toEqual({ ok: true });
    expect(authed.logins).toContainEqual({ user: 'lantern', password: 'pw-Sup3r-secret' });
    const mail = authed.mails.at(-1)!;
    expect(header(mail.raw, 'Subject')).toBe('[Lantern] Test alert');
    expect(decodedMail(mail.raw)).toContain('Channel "Mail" works: this is how alerts will look.');
  });

  it('a refused login is not retried, and its error shows no password', async () => {
    const before = authed.logins.length;
    const { d, waits, logger, status } = dispatcher(email(authed.port, { user: 'lantern', password: 'wrong-Pa55word' }));
    d.deliver(alert());
    await waitFor(() => status().failures, 10_000, 'the delivery to fail');
    expect(authed.logins.length - before).toBe(1);
    expect(waits).toEqual([]);
    expect(status()).toMatchObject({ failures: 1, dropped: 1 });
    expect(status().lastError).toMatch(/Invalid login|535/);
    const seen = [JSON.stringify(d.status()), ...logger.lines].join('\n');
    expect(seen).not.toContain('wrong-Pa55word');
  });

  it('STARTTLS required but not offered: fails at once, not retried', async () => {
    const { d, waits } = dispatcher(email(open.port, { security: 'starttls' }));
    const result = await d.test('mail');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/STARTTLS/i);
    d.deliver(alert());
    await waitFor(() => d.status()[0].failures, 10_000, 'the delivery to fail');
    expect(waits).toEqual([]);
  });

  it('TLS from the first byte against a plain server: a TLS error, not retried', async () => {
    const { d, waits, status } = dispatcher(email(open.port, { security: 'tls' }));
    d.deliver(alert());
    await waitFor(() => status().failures, 10_000, 'the delivery to fail');
    expect(waits).toEqual([]);
    expect(status().lastError).toMatch(/^TLS handshake failed: wrong version number/);
  });

  it('a dead SMTP server: connection refused, retried on the schedule', async () => {
    const port = await deadPort();
    const { d, waits, status } = dispatcher(email(port));
    d.deliver(alert());
    await waitFor(() => status().failures, 10_000, 'the delivery to fail');
    expect(waits).toEqual([1000, 4000, 15_000]);
    expect(status().lastError).toBe(`connection refused (127.0.0.1:${port})`);
  });

  it('uses an injected sendMail with the formatted message', async () => {
    const sent: Array<{ subject: string; to: string[] }> = [];
    const { d } = dispatcher(email(1), { sendMail: async (_config, message) => void sent.push({ subject: message.subject, to: message.to }) });
    expect(await d.test('mail')).toEqual({ ok: true });
    expect(sent).toEqual([{ subject: '[Lantern] Test alert', to: ['me@example.com', 'ops@example.com'] }]);
  });
});
