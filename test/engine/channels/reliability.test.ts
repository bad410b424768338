// @vitest-environment node
/**
 * Delivery rules over real loopback HTTP: retries on 5xx, 429 and network errors on the backoff
 * schedule (waits recorded by an injected sleep, never waited), no retry on other 4xx, time
 * limits, bounded queues, too-old alerts dropped, one slow channel never holding up another, and
 * `stop()` ending what is in flight.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createChannelDispatcher, type ChannelDispatcher, type ChannelDispatcherDeps } from '../../../src/engine/notify/channels/dispatcher';
import type { ChannelConfig } from '../../../src/shared/channels';
import { waitFor } from '../../helpers/wait-for';
import { alert, entries, httpChannel, instantSleep, recordingLogger } from './fixtures';
import { deadPort, startReceiver, type Receiver, type Responder } from './receiver';

const receivers: Receiver[] = [];
const dispatchers: ChannelDispatcher[] = [];
afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.stop()));
  await Promise.all(receivers.map((r) => r.close()));
});

async function receiver(respond?: Responder): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

function dispatcher(configs: ChannelConfig[], over: Partial<ChannelDispatcherDeps> = {}) {
  const { waits, sleep } = instantSleep();
  const logger = recordingLogger();
  const d = createChannelDispatcher({ channels: () => entries(...configs), linkFor: () => null, logger, sleep, ...over });
  dispatchers.push(d);
  return { d, waits, logger, status: (id = configs[0].id) => d.status().find((s) => s.id === id)! };
}

const settled = (d: ChannelDispatcher, id: string) => () => d.status().find((s) => s.id === id)?.pending === 0;

describe('retries', () => {
  it('delivers on the third attempt after two 500s, waiting the backoff schedule', async () => {
    const rx = await receiver((n) => (n <= 2 ? { status: 500, body: 'busy' } : { status: 204 }));
    const { d, waits, status } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)]);
    d.deliver(alert());
    await waitFor(() => status().lastSentAt, 5000, 'the delivery');
    expect(rx.requests).toHaveLength(3);
    expect(waits).toEqual([1000, 4000]);
    expect(status()).toMatchObject({ failures: 0, dropped: 0, pending: 0, lastError: null });
  });

  it('gives up after exactly 4 attempts against a 503, recording the error', async () => {
    const rx = await receiver(() => ({ status: 503, body: 'down for\nmaintenance\u0007' }));
    const { d, waits, status, logger } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)]);
    d.deliver(alert());
    await waitFor(() => status().failures, 5000, 'the delivery to fail');
    expect(rx.requests).toHaveLength(4);
    expect(waits).toEqual([1000, 4000, 15_000]);
    expect(status()).toMatchObject({ failures: 1, dropped: 1, pending: 0, lastSentAt: null, lastError: 'HTTP 503 Service Unavailable: down for maintenance' });
    expect(status().lastErrorAt).toBeTruthy();
    expect(logger.lines.filter((l) => l.startsWith('warn alert channel gave up'))).toHaveLength(1);
  });

  it('a dead endpoint: connection refused, retried on the schedule, then given up', async () => {
    const port = await deadPort();
    const { d, waits, status } = dispatcher([httpChannel('webhook', 'w', `http://127.0.0.1:${port}/h`)]);
    d.deliver(alert());
    await waitFor(() => status().failures, 10_000, 'the delivery to fail');
    expect(waits).toEqual([1000, 4000, 15_000]);
    expect(status()).toMatchObject({ failures: 1, dropped: 1, lastError: `connection refused (127.0.0.1:${port})` });
  });

  it('does not retry a 404: one attempt, the error recorded at once', async () => {
    const rx = await receiver(() => ({ status: 404, body: 'no such hook' }));
    const { d, waits, status } = dispatcher([httpChannel('slack', 's', `${rx.base}/services/x`)]);
    d.deliver(alert());
    await waitFor(() => status().failures, 5000, 'the delivery to fail');
    expect(rx.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(status()).toMatchObject({ failures: 1, dropped: 1, lastError: 'HTTP 404 Not Found: no such hook' });
  });

  it('honours a numeric Retry-After on 429, up to 60 s', async () => {
    const rx = await receiver((n) => (n === 1 ? { status: 429, headers: { 'Retry-After': '30' } } : n === 2 ? { status: 429, headers: { 'Retry-After': '600' } } : { status: 200 }));
    const { d, waits, status } = dispatcher([httpChannel('discord', 'd', `${rx.base}/api/webhooks/1/t`)]);
    d.deliver(alert());
    await waitFor(() => status().lastSentAt, 5000, 'the delivery');
    expect(waits).toEqual([30_000, 60_000]);
  });

  it('counts consecutive failed deliveries and resets them after a success', async () => {
    let failing = true;
    const rx = await receiver(() => (failing ? { status: 400, body: 'bad' } : { status: 204 }));
    const { d, status } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)]);
    d.deliver(alert({ id: 1 }));
    d.deliver(alert({ id: 2 }));
    await waitFor(() => status().failures === 2, 5000, 'two failures');
    failing = false;
    d.deliver(alert({ id: 3 }));
    await waitFor(() => status().lastSentAt, 5000, 'the delivery');
    expect(status()).toMatchObject({ failures: 0, dropped: 2, lastError: 'HTTP 400 Bad Request: bad' });
  });
});

describe('time limits and isolation', () => {
  it('an attempt that gets no answer times out and is retried', async () => {
    const rx = await receiver(() => 'hang');
    const { d, status } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)], { timeoutMs: 200, backoffMs: [5] });
    d.deliver(alert());
    await waitFor(() => status().failures, 10_000, 'the delivery to time out');
    expect(rx.requests).toHaveLength(2);
    expect(status().lastError).toBe('timed out after 0.2 s');
  });

  it('a slow channel does not delay another', async () => {
    const slow = await receiver(() => 'hang');
    const fast = await receiver();
    const { d, status } = dispatcher([httpChannel('webhook', 'slow', `${slow.base}/h`), httpChannel('webhook', 'fast', `${fast.base}/h`)], { timeoutMs: 60_000 });
    d.deliver(alert({ id: 1 }));
    d.deliver(alert({ id: 2 }));
    await waitFor(() => fast.requests.length === 2, 5000, 'the fast channel to get both alerts');
    // The slow channel's first request may still be on its way to its receiver under load; it hangs there.
    await waitFor(() => slow.requests.length === 1, 5000, 'the slow channel’s first request to arrive');
    expect(status('slow').pending).toBe(2);
    expect(slow.requests).toHaveLength(1);
    expect(status('fast')).toMatchObject({ pending: 0, failures: 0 });
    await d.stop();
    expect(d.status().map((s) => s.pending)).toEqual([0, 0]);
  });

  it('bounds the queue: past maxQueue the oldest is dropped and counted', async () => {
    const rx = await receiver(() => 'hang');
    const { d, status, logger } = dispatcher([httpChannel('ntfy', 'n', `${rx.base}/topic`)], { maxQueue: 2, timeoutMs: 60_000 });
    d.deliver(alert({ id: 1 }));
    await waitFor(() => rx.requests.length === 1, 5000, 'the first alert in flight');
    for (let id = 2; id <= 5; id++) d.deliver(alert({ id }));
    expect(status()).toMatchObject({ pending: 3, dropped: 2 });
    expect(logger.lines.filter((l) => l.includes('queue full'))).toHaveLength(2);
    await d.stop();
    expect(rx.requests).toHaveLength(1);
  });

  it('drops an alert that waited longer than maxAgeMs when its turn comes', async () => {
    let now = Date.parse('2026-05-01T09:00:00.000Z');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rx = await receiver((n) => (n === 1 ? { status: 500 } : { status: 204 }));
    const { d, status } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)], { clock: { now: () => now }, maxAgeMs: 60_000, sleep: () => gate });
    d.deliver(alert({ id: 1 }));
    d.deliver(alert({ id: 2 }));
    await waitFor(() => rx.requests.length === 1, 5000, 'the first attempt');
    now += 61_000;
    release();
    await waitFor(settled(d, 'w'), 5000, 'the queue to empty');
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests.map((r) => (r.body as { id: number }).id)).toEqual([1, 1]);
    expect(status()).toMatchObject({ dropped: 1, failures: 0, lastSentAt: new Date(now).toISOString() });
  });

  it('stop() aborts what is in flight, drops the queues and ignores later alerts', async () => {
    const rx = await receiver(() => 'hang');
    const { d, status } = dispatcher([httpChannel('webhook', 'w', `${rx.base}/h`)], { timeoutMs: 60_000 });
    d.deliver(alert({ id: 1 }));
    d.deliver(alert({ id: 2 }));
    await waitFor(() => rx.requests.length === 1, 5000, 'the first alert in flight');
    await d.stop();
    d.deliver(alert({ id: 3 }));
    expect(status()).toMatchObject({ pending: 0, failures: 0, lastError: null });
    expect(await d.test('w')).toEqual({ ok: false, error: 'stopped' });
  });
});
