// @vitest-environment node
/**
 * Webhook, ntfy, Slack and Discord channels against a real HTTP receiver on 127.0.0.1: what
 * arrives (method, path, headers, JSON), with hostile agent text arriving escaped or inert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelDispatcher, type ChannelDispatcher } from '../../../src/engine/notify/channels/dispatcher';
import type { ChannelConfig } from '../../../src/shared/channels';
import { waitFor } from '../../helpers/wait-for';
import { alert, entries, httpChannel, instantSleep, recordingLogger } from './fixtures';
import { startReceiver, type Receiver } from './receiver';

let rx: Receiver;
const dispatchers: ChannelDispatcher[] = [];
beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.stop()));
  await rx.close();
});

const LINK = 'http://127.0.0.1:4477/#/agents/claude%3Aa';
const PR = 'https://github.com/acme/payments-api/pull/42';
const HOSTILE = { title: '<!channel> @everyone', body: '<script>alert(1)</script> <https://evil.example|click> @here' };

function dispatcherFor(...configs: ChannelConfig[]): ChannelDispatcher {
  const d = createChannelDispatcher({ channels: () => entries(...configs), linkFor: () => LINK, logger: recordingLogger(), sleep: instantSleep().sleep });
  dispatchers.push(d);
  return d;
}

/** Sends one alert and answers the request the receiver got for it. */
async function deliverTo(config: ChannelConfig, over: Parameters<typeof alert>[0]) {
  const before = rx.requests.length;
  dispatcherFor(config).deliver(alert(over));
  return waitFor(() => rx.requests[before], 5000, `the ${config.type} request`);
}

describe('http channels over loopback', () => {
  it('webhook: POSTs the alert as JSON with the custom headers', async () => {
    const config = httpChannel('webhook', 'hook', `${rx.base}/hooks/abc?x=1`, { headers: { 'X-Api-Key': 'k-123', 'content-type': 'text/plain' } });
    const req = await deliverTo(config, { id: 5, kind: 'pr', kinds: ['pr'], url: PR, ...HOSTILE });
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/abc?x=1');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-api-key']).toBe('k-123');
    expect(req.body).toMatchObject({ id: 5, kind: 'pr', kinds: ['pr'], prUrl: PR, link: LINK, test: false, source: 'lantern', agentIds: ['claude:a'] });
    // JSON carries agent text as data, unchanged.
    expect(req.body).toMatchObject(HOSTILE);
  });

  it('ntfy: publishes JSON to the server root with the topic inside, and sends the Authorization header', async () => {
    const config = httpChannel('ntfy', 'phone', `${rx.base}/lantern-alerts`, { headers: { Authorization: 'Bearer tk_secret' } });
    const req = await deliverTo(config, { kind: 'blocked', kinds: ['blocked'] });
    expect(req.path).toBe('/');
    expect(req.headers.authorization).toBe('Bearer tk_secret');
    expect(req.body).toEqual({ topic: 'lantern-alerts', title: 'payments-api', message: 'Claude needs your permission to use Bash', priority: 4, tags: ['warning'], click: LINK });
  });

  it('ntfy under a path prefix publishes to the prefix', async () => {
    const req = await deliverTo(httpChannel('ntfy', 'prefixed', `${rx.base}/ntfy/topic-x`), { kind: 'done', kinds: ['done'] });
    expect(req.path).toBe('/ntfy/');
    expect(req.body).toMatchObject({ topic: 'topic-x', priority: 3, tags: ['white_check_mark'] });
  });

  it('slack: text with escaped agent text, our links, no unfurling', async () => {
    const req = await deliverTo(httpChannel('slack', 'team', `${rx.base}/services/T1/B2/XYZ`), { kind: 'pr', kinds: ['pr'], url: PR, ...HOSTILE });
    expect(req.path).toBe('/services/T1/B2/XYZ');
    const body = req.body as { text: string; unfurl_links: boolean };
    expect(body.unfurl_links).toBe(false);
    expect(body.text).toContain('*&lt;!channel&gt; @everyone*');
    expect(body.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;https://evil.example|click&gt;');
    expect(body.text).toContain(`<${PR}|Pull request>`);
    expect(body.text).toContain(`<${LINK}|Open in Lantern>`);
    // The only `<…>` sequences left are our two links.
    expect(body.text.match(/<[^>]*>/g)).toEqual([`<${PR}|Pull request>`, `<${LINK}|Open in Lantern>`]);
  });

  it('discord: one embed, no mentions parsed, @everyone broken up', async () => {
    const req = await deliverTo(httpChannel('discord', 'server', `${rx.base}/api/webhooks/1/tok`), { kind: 'error', kinds: ['error'], ...HOSTILE });
    const body = req.body as { content: string; allowed_mentions: unknown; embeds: Array<{ title: string; description: string; url: string; color: number }> };
    expect(body.content).toBe('');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]).toMatchObject({ url: LINK, color: 0xef4444 });
    expect(body.embeds[0].title).not.toContain('@everyone');
    expect(body.embeds[0].description).not.toContain('@here');
    expect(body.embeds[0].description).toContain('<script\\>');
  });
});
