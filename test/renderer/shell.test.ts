/**
 * The shell against an in-memory client: snapshot, then the feed from the snapshot's last id;
 * after a reconnect the agent list and the jobs table are read again and events resume without
 * gaps or duplicates; pushed jobs tables replace the one held.
 */
import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../src/shared/agents';
import type { ChannelStatus } from '../../src/shared/channels';
import type { LanternEvent } from '../../src/shared/events';
import type { NotifyState } from '../../src/shared/notify';
import { startShell } from '../../src/renderer/state/shell';
import { createStore } from '../../src/renderer/state/store';
import type { EngineClient, FeedHandlers } from '../../src/renderer/transport/engine-client';
import { agent, health, textEvent } from './helpers/agents';
import { job, jobsSnapshot } from './helpers/jobs';
import { fakeChannelStatus } from '../helpers/http-fake-engine';

const channelStatus = (id: string, over: Partial<ChannelStatus> = {}): ChannelStatus => fakeChannelStatus(id, { type: 'ntfy', target: 'https://ntfy.sh/…', ...over });

function fakeClient(agents: AgentSummary[], events: LanternEvent[]) {
  const calls: string[] = [];
  const notify: NotifyState = { pausedUntil: null, channels: [channelStatus('ntfy-1')] };
  let feed: { afterId: number; h: FeedHandlers } | null = null;
  const client: EngineClient = {
    health: async () => health(),
    listAgents: async () => (calls.push('listAgents'), { agents }),
    getAgent: async (id) => agents.find((a) => a.id === id) ?? null,
    getEvents: async () => ({ events: [], next: null }),
    listActiveSessions: async () => ({ sessions: [] }),
    liveStats: async () => {
      throw new Error('not used');
    },
    recentEvents: async () => ({ events: events.filter((e) => e.kind !== 'usage').slice(-100) }),
    searchEvents: async () => ({ hits: [], truncated: false }),
    getSettings: async () => {
      throw new Error('no settings here');
    },
    updateSettings: async () => {
      throw new Error('not used');
    },
    notifyState: async () => (calls.push('notifyState'), notify),
    pauseNotifications: async () => notify,
    testChannel: async () => {
      throw new Error('not used');
    },
    listJobs: async () => (calls.push('listJobs'), jobsSnapshot([job('cron:1')])),
    getJobLog: async (id) => ({ id, path: null, from: 'none', lines: [], size: null }),
    connect(afterId, h) {
      calls.push(`connect:${afterId}`);
      feed = { afterId, h };
      return () => (feed = null);
    },
  };
  return { client, calls, feed: () => feed };
}

const flushAll = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('shell', () => {
  it('connects the feed after the snapshot, from its last event id', async () => {
    const f = fakeClient([agent('a')], [textEvent(1, 'a'), textEvent(2, 'a')]);
    const store = createStore();
    const shell = startShell(f.client, store, { schedule: (fn) => fn(), healthMs: 60_000 });
    await flushAll();
    expect(store.loaded.value).toBe(true);
    expect(f.calls).toEqual(['listAgents', 'notifyState', 'listJobs', 'connect:2']);
    shell.stop();
  });

  it('passes feed events to the store and to feed listeners, in order, once', async () => {
    const f = fakeClient([agent('a')], [textEvent(1, 'a')]);
    const store = createStore();
    const queued: Array<() => void> = [];
    const shell = startShell(f.client, store, { schedule: (fn) => queued.push(fn), healthMs: 60_000 });
    await flushAll();
    const seen: number[] = [];
    shell.feed.on((events) => seen.push(...events.map((e) => e.id)));
    const h = f.feed()?.h;
    h?.events([textEvent(2, 'a')]);
    h?.events([textEvent(3, 'a')]);
    expect(queued).toHaveLength(1); // one flush per frame, however many messages
    queued.shift()?.();
    expect(seen).toEqual([2, 3]);
    expect(store.recent.value.map((e) => e.id)).toEqual([1, 2, 3]);
    shell.stop();
  });

  it('reads the agent list again after a reconnect, and the error of a failed request becomes a notice', async () => {
    const f = fakeClient([agent('a')], []);
    const store = createStore();
    const shell = startShell(f.client, store, { schedule: (fn) => fn(), healthMs: 60_000 });
    await flushAll();
    expect(store.notice.value).toContain('no settings here');
    const h = f.feed()?.h;
    h?.connection('live');
    h?.connection('reconnecting');
    expect(store.connection.value).toBe('reconnecting');
    h?.connection('live');
    await flushAll();
    expect(f.calls.filter((c) => c === 'listAgents')).toHaveLength(2);
    expect(f.calls.filter((c) => c === 'listJobs')).toHaveLength(2);
    expect(f.calls.filter((c) => c === 'notifyState')).toHaveLength(2);
    expect(store.connection.value).toBe('live');
    shell.stop();
  });

  it('reads the jobs table with the snapshot and takes every pushed table', async () => {
    const f = fakeClient([agent('a')], []);
    const store = createStore();
    const shell = startShell(f.client, store, { schedule: (fn) => fn(), healthMs: 60_000 });
    await flushAll();
    expect(store.jobs.value?.jobs.map((j) => j.id)).toEqual(['cron:1']);
    f.feed()?.h.jobs(jobsSnapshot([job('cron:1', { running: true }), job('systemd:nightly.timer')]));
    expect(store.jobs.value?.jobs.map((j) => [j.id, j.running])).toEqual([
      ['cron:1', true],
      ['systemd:nightly.timer', false],
    ]);
    shell.stop();
  });

  it('keeps the whole notify state: read with the snapshot, replaced by pushes, one channel updated by a test answer', async () => {
    const f = fakeClient([agent('a')], []);
    const store = createStore();
    const shell = startShell(f.client, store, { schedule: (fn) => fn(), healthMs: 60_000 });
    await flushAll();
    expect(store.notify.value?.channels.map((c) => c.id)).toEqual(['ntfy-1']);
    f.feed()?.h.notify({ pausedUntil: '2030-01-01T00:00:00.000Z', channels: [channelStatus('ntfy-1'), channelStatus('flag-webhook-1', { source: 'flag' })] });
    expect(store.notify.value?.pausedUntil).toBe('2030-01-01T00:00:00.000Z');
    expect(store.notify.value?.channels.map((c) => c.id)).toEqual(['ntfy-1', 'flag-webhook-1']);
    shell.dispatch({ type: 'channelStatus', status: channelStatus('ntfy-1', { lastError: 'HTTP 403', lastErrorAt: '2030-01-01T00:00:00.000Z' }) });
    expect(store.notify.value?.channels.map((c) => [c.id, c.lastError])).toEqual([
      ['ntfy-1', 'HTTP 403'],
      ['flag-webhook-1', null],
    ]);
    expect(store.notify.value?.pausedUntil).toBe('2030-01-01T00:00:00.000Z');
    shell.stop();
  });
});
