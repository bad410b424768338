// @vitest-environment node
/**
 * `event: alert` and `event: notify` on /api/stream (over the fake engine): sent live with no `id:`
 * line (resume stays on stored events), held through a replay and sent after it (the newest
 * alerts and the latest pause state), and the notification routes' pass-through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, NotifyState } from '../../src/shared/notify';
import { startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { openSse, type SseClient } from '../helpers/http-raw-client';
import { waitFor } from '../helpers/wait-for';

let t: TestServer;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
});

async function stream(headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await openSse(t.port, '/api/stream', { 'X-Token': TEST_TOKEN, ...headers });
  clients.push(c);
  await waitFor(() => c.retries.length > 0, 5000, 'the stream to start');
  return c;
}

const alert = (id: number): Alert => ({ id, kind: 'blocked', kinds: ['blocked'], agentIds: ['claude:a'], title: 'shop', body: 'Claude needs your permission', at: '2026-05-01T09:00:00.000Z' });
const named = (c: SseClient, name: string) => c.messages.filter((m) => m.event === name);
const eventIds = (c: SseClient) => c.messages.filter((m) => m.event === undefined).map((m) => Number(m.id));

describe('alerts and the pause on /api/stream', () => {
  it('go out live as named messages with no id', async () => {
    t = await startHttp();
    const c = await stream();
    t.engine.append(1);
    t.engine.bus.emit('alert', alert(1));
    const res = await t.get('/api/notifications/pause', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"until": "2030-01-01T00:00:00Z"}' });
    expect(await res.json()).toEqual({ pausedUntil: '2030-01-01T00:00:00Z', channels: [] });
    expect(t.engine.pauseRequests).toEqual([{ until: '2030-01-01T00:00:00Z' }]);
    await waitFor(() => named(c, 'notify').length > 0, 5000, 'event: notify');
    expect(named(c, 'alert').map((m) => [m.id, JSON.parse(m.data) as Alert])).toEqual([[undefined, alert(1)]]);
    expect(named(c, 'notify').map((m) => [m.id, JSON.parse(m.data) as NotifyState])).toEqual([[undefined, { pausedUntil: '2030-01-01T00:00:00Z', channels: [] }]]);
    expect(c.raw.split('\n\n').filter((b) => /^event: (alert|notify)/m.test(b) && /^id:/m.test(b))).toEqual([]);
    expect(eventIds(c)).toEqual([1]);
    expect(await (await t.get('/api/notifications')).json()).toEqual({ pausedUntil: '2030-01-01T00:00:00Z', channels: [] });
  });

  it('during a replay are held, and sent after the replayed events (the newest 20 alerts, the latest state)', async () => {
    t = await startHttp();
    t.engine.append(1200);
    t.engine.onEventsAfter = (call) => {
      if (call !== 1) return;
      for (let i = 1; i <= 25; i++) t.engine.bus.emit('alert', alert(i));
      t.engine.bus.emit('notify', { pausedUntil: '2030-01-01T00:00:00.000Z', channels: [] });
      t.engine.bus.emit('notify', { pausedUntil: null, channels: [] });
    };
    const c = await stream({ 'Last-Event-ID': '0' });
    await waitFor(() => named(c, 'alert').length === 20, 5000, 'the held alerts');
    expect(named(c, 'alert').map((m) => (JSON.parse(m.data) as Alert).id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 6));
    expect(named(c, 'notify').map((m) => JSON.parse(m.data) as NotifyState)).toEqual([{ pausedUntil: null, channels: [] }]);
    expect(c.messages.findIndex((m) => m.event !== undefined)).toBe(1200);
  });

  it('unsubscribe with the stream', async () => {
    t = await startHttp();
    const c = await stream();
    expect(t.engine.bus.listenerCount('alert')).toBe(1);
    expect(t.engine.bus.listenerCount('notify')).toBe(1);
    c.close();
    await waitFor(() => t.engine.bus.listenerCount('alert') === 0 && t.engine.bus.listenerCount('notify') === 0, 5000, 'unsubscribe');
  });
});
