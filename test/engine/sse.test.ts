// @vitest-environment node
import { setImmediate as turn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { LanternEvent } from '../../src/shared/events';
import { startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { openSse, rawRequest, type SseClient } from '../helpers/http-raw-client';
import { waitFor } from '../helpers/wait-for';

const auth = { 'X-Token': TEST_TOKEN };
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

let t: TestServer;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
});

async function stream(headers: Record<string, string> = {}, query = ''): Promise<SseClient> {
  const c = await openSse(t.port, `/api/stream${query}`, { ...auth, ...headers });
  clients.push(c);
  return c;
}

/** Waits until the stream has subscribed and said `retry:`, i.e. it is live (or replaying). */
async function ready(c: SseClient): Promise<void> {
  await waitFor(() => c.retries.length > 0, 5000, 'retry line');
}

describe('GET /api/stream', () => {
  it('delivers live events as id + JSON data, after a retry line', async () => {
    t = await startHttp();
    t.engine.append(3); // backlog: not replayed without a cursor
    const c = await stream();
    expect(c.res.statusCode).toBe(200);
    expect(c.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(c.res.headers['cache-control']).toBe('no-store');
    await ready(c);
    expect(c.raw.startsWith('retry: 2000\n\n')).toBe(true);

    const sent = t.engine.append(2, 'claude:s1', 'line\nbreak "quoted"');
    await waitFor(() => c.messages.length === 2, 5000, 'two live events');
    expect(c.ids()).toEqual([4, 5]);
    expect(c.messages.map((m) => JSON.parse(m.data) as LanternEvent)).toEqual(sent);
  });

  it('needs the token', async () => {
    t = await startHttp();
    const res = await rawRequest(t.port, '/api/stream');
    expect(res.status).toBe(401);
    expect(t.engine.bus.listenerCount('events')).toBe(0);
  });

  it('rejects a malformed Last-Event-ID with 400 JSON', async () => {
    t = await startHttp();
    const res = await rawRequest(t.port, '/api/stream', { headers: { ...auth, 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'bad query', detail: 'Last-Event-ID must be a non-negative integer event id' });
  });

  it('resumes from Last-Event-ID with exactly the missed events, over several pages, then live', async () => {
    t = await startHttp();
    t.engine.append(2500);
    const c = await stream({ 'Last-Event-ID': '1200' });
    await waitFor(() => c.messages.length === 1300, 5000, 'replay');
    expect(c.ids()).toEqual(range(1201, 2500));
    expect(t.engine.afterCalls.map((x) => x.afterId)).toEqual([1200, 2200]);
    expect(t.engine.afterCalls.every((x) => x.limit === 1000)).toBe(true);

    t.engine.append(1);
    await waitFor(() => c.messages.length === 1301, 5000, 'live event after replay');
    expect(c.ids().at(-1)).toBe(2501);
  });

  it('replays everything with ?after=0, and prefers Last-Event-ID over ?after', async () => {
    t = await startHttp();
    t.engine.append(4);
    const all = await stream({}, '?after=0');
    const header = await stream({ 'Last-Event-ID': '3' }, '?after=0');
    await waitFor(() => all.messages.length === 4 && header.messages.length === 1, 5000, 'replays');
    expect(all.ids()).toEqual([1, 2, 3, 4]);
    expect(header.ids()).toEqual([4]);
  });

  it('has no gap and no duplicate when events are emitted while it replays', async () => {
    t = await startHttp();
    t.engine.append(2100);
    // Emit inside each store read (already in the store when the read returns) and in the turns
    // between pages, while the replay is still running.
    t.engine.onEventsAfter = (call) => {
      if (call > 4) return;
      t.engine.append(7);
      setImmediate(() => t.engine.append(5));
    };
    const c = await stream({ 'Last-Event-ID': '50' });
    await waitFor(() => t.engine.afterCalls.length >= 3, 5000, 'replay pages');
    t.engine.onEventsAfter = null;
    const last = () => t.engine.events.at(-1)!.id;
    await waitFor(() => c.ids().at(-1) === last(), 5000, 'catch up');
    t.engine.append(3);
    await waitFor(() => c.ids().at(-1) === last(), 5000, 'live after replay');
    expect(c.ids()).toEqual(range(51, last()));
  });

  it('delivers events emitted during the last replay page from the held buffer, once', async () => {
    t = await startHttp();
    // Large events, so even the short last page is written in several chunks with turns between.
    t.engine.append(1500, 'claude:s1', 'y'.repeat(1024));
    t.engine.onEventsAfter = (call) => {
      if (call === 1) t.engine.append(4); // stored and held: must not be sent twice
      if (call === 2) setImmediate(() => t.engine.append(6)); // after the last read: only held has them
    };
    const c = await stream({ 'Last-Event-ID': '0' });
    await waitFor(() => c.ids().at(-1) === 1510, 5000, 'replay and held events');
    expect(t.engine.afterCalls).toHaveLength(2);
    expect(c.ids()).toEqual(range(1, 1510));
  });

  it('sends a keepalive comment every keepaliveMs', async () => {
    t = await startHttp({ keepaliveMs: 10 });
    const c = await stream();
    await waitFor(() => c.comments.filter((x) => x === 'keepalive').length >= 2, 5000, 'keepalives');
    expect(c.raw).toContain(': keepalive\n\n');
  });

  it('drops a client that stops reading while the others keep receiving', async () => {
    t = await startHttp({ sseMaxBufferedBytes: 64 * 1024 });
    const slow = await stream();
    const fast = await stream();
    await ready(slow);
    await ready(fast);
    expect(t.engine.bus.listenerCount('events')).toBe(2);

    slow.res.pause();
    const big = 'x'.repeat(32 * 1024);
    // Loopback socket buffers take a few MiB before the server's own buffer grows; keep emitting,
    // one batch per turn, until the server gives up on the slow client (bounded).
    for (let i = 0; i < 4000 && t.engine.bus.listenerCount('events') === 2; i++) {
      t.engine.append(1, 'claude:s1', big);
      await turn();
      if (i % 50 === 0) fast.messages.length = 0; // keep the test's own memory flat
    }
    expect(t.engine.bus.listenerCount('events')).toBe(1);

    const marker = t.engine.append(1, 'claude:s1', 'after the drop')[0];
    await waitFor(() => fast.ids().includes(marker.id), 5000, 'fast client still served');
    slow.res.resume();
    await waitFor(() => slow.ended, 5000, 'slow client ended');
    expect(slow.ids()).not.toContain(marker.id);
  });

  it('unsubscribes when a client disconnects', async () => {
    t = await startHttp({ keepaliveMs: 5 });
    const c = await stream({ 'Last-Event-ID': '0' });
    await ready(c);
    expect(t.engine.bus.listenerCount('events')).toBe(1);
    c.close();
    await waitFor(() => t.engine.bus.listenerCount('events') === 0, 5000, 'unsubscribe');
  });

  it('close() ends open streams and resolves', async () => {
    t = await startHttp();
    const a = await stream();
    const b = await stream({ 'Last-Event-ID': '0' });
    await ready(a);
    await ready(b);
    await t.server.close();
    expect(t.engine.bus.listenerCount('events')).toBe(0);
    await waitFor(() => a.ended && b.ended, 5000, 'streams ended');
  });
});
