// @vitest-environment node
/**
 * The named messages on `/api/stream` besides stored events: `agent` (coalesced per agent, none
 * during a replay) and `settings` (held through a replay). Neither carries an `id:` line, so
 * Last-Event-ID resume stays exact.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../src/shared/agents';
import type { SettingsView } from '../../src/shared/settings';
import { makeAgent, startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { openSse, type SseClient } from '../helpers/http-raw-client';
import { waitFor } from '../helpers/wait-for';

const auth = { 'X-Token': TEST_TOKEN };
let t: TestServer;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.close();
});

async function stream(headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await openSse(t.port, '/api/stream', { ...auth, ...headers });
  clients.push(c);
  await waitFor(() => c.retries.length > 0, 5000, 'the stream to start');
  return c;
}

const agentUpdate = (id: string, events: number): AgentSummary => ({ ...makeAgent(id), counts: { events, toolCalls: 0, toolErrors: 0, unparsed: 0 } });
const agentMessages = (c: SseClient) => c.messages.filter((m) => m.event === 'agent').map((m) => JSON.parse(m.data) as AgentSummary);
const eventIds = (c: SseClient) => c.messages.filter((m) => m.event === undefined).map((m) => Number(m.id));
/** Every named block on the wire, checked for an `id:` line. */
const namedBlocksWithId = (c: SseClient) => c.raw.split('\n\n').filter((b) => /^event: /m.test(b) && /^id:/m.test(b));

describe('agent messages on /api/stream', () => {
  it('coalesce a burst to the latest summary per agent, with no id', async () => {
    t = await startHttp();
    const c = await stream();
    for (let i = 1; i <= 500; i++) {
      t.engine.bus.emit('agent', agentUpdate('claude:a', i));
      if (i % 2 === 0) t.engine.bus.emit('agent', agentUpdate('claude:b', i));
    }
    t.engine.append(2);
    await waitFor(() => agentMessages(c).length >= 2, 5000, 'the coalesced agents');
    // A later update is a new message: wait for it, so anything else from the burst would have come first.
    t.engine.bus.emit('agent', agentUpdate('claude:c', 1));
    await waitFor(() => agentMessages(c).some((a) => a.id === 'claude:c'), 5000, 'the later agent');

    expect(agentMessages(c).map((a) => [a.id, a.counts.events])).toEqual([
      ['claude:a', 500],
      ['claude:b', 500],
      ['claude:c', 1],
    ]);
    expect(c.messages.filter((m) => m.event === 'agent').every((m) => m.id === undefined)).toBe(true);
    expect(namedBlocksWithId(c)).toEqual([]);
    expect(c.raw).toContain(`event: agent\ndata: ${JSON.stringify(agentUpdate('claude:c', 1))}\n\n`);
    expect(eventIds(c)).toEqual([1, 2]);
  });

  it('leave Last-Event-ID resume exact', async () => {
    t = await startHttp();
    const c = await stream();
    t.engine.append(2);
    t.engine.bus.emit('agent', agentUpdate('claude:s1', 2));
    await waitFor(() => agentMessages(c).length === 1 && eventIds(c).length === 2, 5000, 'events and the agent');
    t.engine.append(1);
    await waitFor(() => eventIds(c).length === 3, 5000, 'the third event');
    // An EventSource's last id is the last stored event's: resuming from the second replays the third only.
    const resumed = await stream({ 'Last-Event-ID': String(eventIds(c)[1]) });
    await waitFor(() => eventIds(resumed).length === 1, 5000, 'the replay');
    expect(eventIds(resumed)).toEqual([3]);
  });

  it('are not sent for updates during a replay (the client re-reads the agent list)', async () => {
    t = await startHttp();
    t.engine.append(1500);
    t.engine.onEventsAfter = (call) => {
      if (call === 1) t.engine.bus.emit('agent', agentUpdate('claude:during-replay', 1));
    };
    const c = await stream({ 'Last-Event-ID': '0' });
    await waitFor(() => eventIds(c).length === 1500, 5000, 'the replay');
    t.engine.bus.emit('agent', agentUpdate('claude:live', 1));
    await waitFor(() => agentMessages(c).length > 0, 5000, 'a live agent');
    expect(agentMessages(c).map((a) => a.id)).toEqual(['claude:live']);
  });

  it('unsubscribe with the stream', async () => {
    t = await startHttp();
    const c = await stream();
    expect(t.engine.bus.listenerCount('agent')).toBe(1);
    expect(t.engine.bus.listenerCount('settings')).toBe(1);
    t.engine.bus.emit('agent', agentUpdate('claude:a', 1)); // a flush still pending when the client goes
    c.close();
    await waitFor(() => t.engine.bus.listenerCount('agent') === 0 && t.engine.bus.listenerCount('settings') === 0, 5000, 'unsubscribe');
  });
});

describe('settings messages on /api/stream', () => {
  it('go out as `event: settings` with the view when settings change, with no id', async () => {
    t = await startHttp();
    const c = await stream();
    const res = await t.get('/api/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ runningWindowSec: 33 }) });
    expect(res.status).toBe(200);
    const view = (await res.json()) as SettingsView;
    expect(t.engine.settingsPatches).toEqual([{ runningWindowSec: 33 }]);
    await waitFor(() => c.messages.some((m) => m.event === 'settings'), 5000, 'the settings message');
    const msg = c.messages.find((m) => m.event === 'settings')!;
    expect(msg.id).toBeUndefined();
    expect(JSON.parse(msg.data)).toEqual(view);
    expect(namedBlocksWithId(c)).toEqual([]);
  });

  it('changed during a replay are sent once it is done, after the replayed events', async () => {
    t = await startHttp();
    t.engine.append(1200);
    const view = (n: number): SettingsView => ({ ...t.engine.settings, settings: { ...t.engine.settings.settings, runningWindowSec: n } });
    t.engine.onEventsAfter = (call) => {
      if (call === 1) {
        t.engine.bus.emit('settings', view(40));
        t.engine.bus.emit('settings', view(50));
      }
    };
    const c = await stream({ 'Last-Event-ID': '0' });
    await waitFor(() => c.messages.some((m) => m.event === 'settings'), 5000, 'the held settings');
    const settings = c.messages.filter((m) => m.event === 'settings').map((m) => (JSON.parse(m.data) as SettingsView).settings.runningWindowSec);
    expect(settings).toEqual([50]);
    expect(c.messages.findIndex((m) => m.event === 'settings')).toBe(1200);
    expect(eventIds(c)).toHaveLength(1200);
  });
});

describe('the read routes of the fake', () => {
  it('pass offset through and answer total', async () => {
    t = await startHttp();
    t.engine.agents.set('claude:s1', makeAgent('claude:s1'));
    t.engine.append(5);
    const page = (await (await t.get('/api/agents/claude:s1/events?offset=3&limit=1')).json()) as { events: Array<{ id: number }>; next: number | null; total: number };
    expect(page).toMatchObject({ next: 4, total: 5 });
    expect(page.events.map((e) => e.id)).toEqual([4]);
    expect(t.engine.queries.at(-1)?.query).toEqual({ offset: 3, limit: 1 });
  });

  it('pass a search through with q trimmed and the default limit', async () => {
    t = await startHttp();
    t.engine.append(3, 'claude:s1', 'find me');
    const res = await t.get(`/api/search?q=${encodeURIComponent('  find me ')}`);
    expect(res.status).toBe(200);
    expect(t.engine.searchQueries).toEqual([{ q: 'find me', limit: 50 }]);
    expect(((await res.json()) as { hits: Array<{ id: number }> }).hits.map((e) => e.id)).toEqual([3, 2, 1]);
  });
});
