// @vitest-environment node
/**
 * Which channels get an alert (kinds, enabled), `test()`, and the status bookkeeping: kept per
 * channel id across config changes, forgotten when the id goes, `onStatus` on every change, and
 * no secret in an error or a log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelNotFoundError, createChannelDispatcher, type ChannelDispatcher, type ChannelEntry } from '../../../src/engine/notify/channels/dispatcher';
import type { ChannelConfig } from '../../../src/shared/channels';
import { waitFor } from '../../helpers/wait-for';
import { alert, entries, httpChannel, instantSleep, onlyKinds, recordingLogger } from './fixtures';
import { startReceiver, type Receiver } from './receiver';

let rx: Receiver;
const dispatchers: ChannelDispatcher[] = [];
beforeAll(async () => {
  rx = await startReceiver((_n, req) => (req.path.startsWith('/denied') ? { status: 401, body: `bad token ${req.path} for ${String(req.headers.authorization)}` } : { status: 204 }));
});
afterAll(async () => {
  await Promise.all(dispatchers.map((d) => d.stop()));
  await rx.close();
});

function dispatcher(list: () => ChannelEntry[], onStatus?: () => void) {
  const logger = recordingLogger();
  const d = createChannelDispatcher({ channels: list, linkFor: (a) => (a.agentIds[0] ? `http://127.0.0.1:4477/#/agents/${a.agentIds[0]}` : null), logger, sleep: instantSleep().sleep, onStatus });
  dispatchers.push(d);
  return { d, logger };
}

/** The ids of the alerts that reached `path`, in order. */
const idsAt = (path: string) => rx.requests.filter((r) => r.path === path).map((r) => (r.body as { id: number }).id);

describe('which channels get an alert', () => {
  it('by each channel’s kinds, any of a coalesced alert’s kinds, and enabled channels only', async () => {
    const configs = [
      httpChannel('webhook', 'blocked-only', `${rx.base}/k/blocked`, { kinds: onlyKinds('blocked') }),
      httpChannel('webhook', 'done-only', `${rx.base}/k/done`, { kinds: onlyKinds('done') }),
      httpChannel('webhook', 'off', `${rx.base}/k/off`, { enabled: false }),
    ];
    const { d } = dispatcher(() => entries(...configs));
    d.deliver(alert({ id: 1, kind: 'done', kinds: ['done'] }));
    d.deliver(alert({ id: 2, kind: 'blocked', kinds: ['blocked'] }));
    d.deliver(alert({ id: 3, kind: 'blocked', kinds: ['blocked', 'done'], title: '2 agents need you' }));
    // Each channel keeps order: once its last alert is in, nothing earlier is still on the way.
    await waitFor(() => idsAt('/k/blocked').length === 2 && idsAt('/k/done').length === 2, 5000, 'the deliveries');
    expect(idsAt('/k/blocked')).toEqual([2, 3]);
    expect(idsAt('/k/done')).toEqual([1, 3]);
    expect(idsAt('/k/off')).toEqual([]);
    expect(d.status().map((s) => s.pending)).toEqual([0, 0, 0]);
  });

  it('deliverTo: one channel, kinds left to the caller, enabled only, unknown ids ignored', async () => {
    const configs = [
      httpChannel('webhook', 'to-a', `${rx.base}/to/a`, { kinds: onlyKinds('pr') }),
      httpChannel('webhook', 'to-b', `${rx.base}/to/b`),
      httpChannel('webhook', 'to-off', `${rx.base}/to/off`, { enabled: false }),
    ];
    const { d } = dispatcher(() => entries(...configs));
    d.deliverTo('to-off', alert({ id: 1 }));
    d.deliverTo('nope', alert({ id: 2 }));
    d.deliverTo('to-a', alert({ id: 3, kind: 'done', kinds: ['done'] }));
    await waitFor(() => idsAt('/to/a').length === 1, 5000, 'the delivery');
    expect(idsAt('/to/a')).toEqual([3]);
    expect(idsAt('/to/b')).toEqual([]);
    expect(idsAt('/to/off')).toEqual([]);
  });

  it('deliverEach: every enabled channel gets the alert cut to its kinds; wantedKinds names them', async () => {
    const configs = [
      httpChannel('webhook', 'each-pr', `${rx.base}/each/pr`, { kinds: onlyKinds('pr') }),
      httpChannel('webhook', 'each-blocked', `${rx.base}/each/blocked`, { kinds: onlyKinds('blocked', 'error') }),
      httpChannel('webhook', 'each-off', `${rx.base}/each/off`, { enabled: false, kinds: onlyKinds('done') }),
    ];
    const { d } = dispatcher(() => entries(...configs));
    expect([...d.wantedKinds()].sort()).toEqual(['blocked', 'error', 'pr']);
    const asked: string[][] = [];
    d.deliverEach((kinds) => {
      asked.push([...kinds].sort());
      return kinds.has('pr') ? null : alert({ id: 7, kinds: [...kinds].filter((k) => k === 'blocked') });
    });
    await waitFor(() => idsAt('/each/blocked').length === 1, 5000, 'the delivery');
    expect(asked).toEqual([['pr'], ['blocked', 'error']]);
    expect(idsAt('/each/blocked')).toEqual([7]);
    expect(idsAt('/each/pr')).toEqual([]);
    expect(idsAt('/each/off')).toEqual([]);
  });

  it('reads the channels at every delivery: a channel added later gets the next alert', async () => {
    let configs = [httpChannel('webhook', 'first', `${rx.base}/live/first`)];
    const { d } = dispatcher(() => entries(...configs));
    d.deliver(alert({ id: 1 }));
    configs = [...configs, httpChannel('discord', 'second', `${rx.base}/live/second`)];
    d.deliver(alert({ id: 2 }));
    await waitFor(() => idsAt('/live/first').length === 2 && rx.requests.some((r) => r.path === '/live/second'), 5000, 'the deliveries');
    expect(rx.requests.filter((r) => r.path === '/live/second')).toHaveLength(1);
  });
});

describe('test()', () => {
  it('sends a test alert through one channel, enabled or not, and says it went well', async () => {
    const config = httpChannel('webhook', 't-ok', `${rx.base}/test/ok`, { enabled: false, kinds: onlyKinds('blocked'), name: 'My hook' });
    const { d } = dispatcher(() => entries(config));
    expect(await d.test('t-ok')).toEqual({ ok: true });
    const req = rx.requests.find((r) => r.path === '/test/ok');
    expect(req?.body).toMatchObject({ id: 0, kind: 'done', kinds: ['done'], test: true, agentIds: [], title: 'Lantern test alert', body: 'Channel "My hook" works: this is how alerts will look.', link: null });
    expect(d.status()[0]).toMatchObject({ failures: 0, dropped: 0, lastError: null });
    expect(d.status()[0].lastSentAt).toBeTruthy();
  });

  it('answers the error without secrets (URL path, query, header values), in the status and the log too', async () => {
    const url = `${rx.base}/denied/s3cr3t-path-token?key=query-secret-value`;
    const config = httpChannel('ntfy', 't-bad', url, { headers: { Authorization: 'Bearer header-secret-value' } });
    const { d, logger } = dispatcher(() => entries(config));
    const result = await d.test('t-bad');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^HTTP 401 Unauthorized: bad token /);
    const status = d.status()[0];
    expect(status).toMatchObject({ lastError: result.error, failures: 0, dropped: 0, lastSentAt: null });
    const seen = [result.error, JSON.stringify(d.status()), ...logger.lines].join('\n');
    for (const secret of ['s3cr3t-path-token', 'query-secret-value', 'header-secret-value', '/denied']) expect(seen).not.toContain(secret);
    expect(logger.lines.some((l) => l.includes('"channel":"t-bad"') && l.includes('"type":"ntfy"') && l.includes(`"target":"${rx.base}/…"`))).toBe(true);
  });

  it('throws ChannelNotFoundError for an unknown id', async () => {
    const { d } = dispatcher(() => []);
    await expect(d.test('nope')).rejects.toBeInstanceOf(ChannelNotFoundError);
  });
});

describe('status', () => {
  it('one per channel in config order, with source and target; kept across config changes, forgotten when removed', async () => {
    const hook = httpChannel('webhook', 'a', `${rx.base}/status/a/secret`);
    const slack = httpChannel('slack', 'b', `${rx.base}/status/b`);
    let list: ChannelEntry[] = [{ config: hook, source: 'flag' }, { config: slack, source: 'settings' }];
    const { d } = dispatcher(() => list);
    expect(d.status()).toEqual([
      { id: 'a', name: 'webhook a', type: 'webhook', source: 'flag', enabled: true, target: `${rx.base}/…`, lastSentAt: null, lastError: null, lastErrorAt: null, failures: 0, dropped: 0, pending: 0 },
      { id: 'b', name: 'slack b', type: 'slack', source: 'settings', enabled: true, target: `${rx.base}/…`, lastSentAt: null, lastError: null, lastErrorAt: null, failures: 0, dropped: 0, pending: 0 },
    ]);
    d.deliver(alert());
    await waitFor(() => d.status().every((s) => s.lastSentAt), 5000, 'both deliveries');
    // Renamed and pointed elsewhere: the same id, the same history.
    list = [{ config: { ...slack, name: 'Team' } as ChannelConfig, source: 'settings' }, { config: { ...hook, url: `${rx.base}/status/a2` } as ChannelConfig, source: 'flag' }];
    expect(d.status().map((s) => [s.id, s.name, Boolean(s.lastSentAt)])).toEqual([
      ['b', 'Team', true],
      ['a', 'webhook a', true],
    ]);
    list = [list[1]];
    d.status();
    list = [list[0], { config: slack, source: 'settings' }];
    expect(d.status()[1]).toMatchObject({ id: 'b', lastSentAt: null });
  });

  it('calls onStatus when an alert is queued and when its delivery ends', async () => {
    let calls = 0;
    const { d } = dispatcher(() => entries(httpChannel('webhook', 'o', `${rx.base}/status/o`)), () => calls++);
    d.deliver(alert());
    expect(calls).toBe(1);
    expect(d.status()[0].pending).toBe(1);
    await waitFor(() => d.status()[0].lastSentAt, 5000, 'the delivery');
    expect(calls).toBe(2);
    await d.test('o');
    expect(calls).toBe(3);
  });

  it('a failing onStatus or linkFor costs nothing but a log line', async () => {
    const logger = recordingLogger();
    const d = createChannelDispatcher({
      channels: () => entries(httpChannel('webhook', 'x', `${rx.base}/status/x`)),
      linkFor: () => {
        throw new Error('no link');
      },
      onStatus: () => {
        throw new Error('listener broke');
      },
      logger,
    });
    dispatchers.push(d);
    d.deliver(alert({ id: 77 }));
    await waitFor(() => idsAt('/status/x').length === 1, 5000, 'the delivery');
    expect(rx.requests.find((r) => r.path === '/status/x')?.body).toMatchObject({ id: 77, link: null });
    expect(logger.lines.some((l) => l.includes('listener broke'))).toBe(true);
  });
});
