/**
 * The shell against an in-memory client: snapshot, then the feed from the snapshot's last id;
 * after a reconnect the agent list and the jobs table are read again and events resume without
 * gaps or duplicates; pushed jobs tables replace the one held.
 */
import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import { startShell } from '../../src/renderer/state/shell';
import { createStore } from '../../src/renderer/state/store';
import type { EngineClient, FeedHandlers } from '../../src/renderer/transport/engine-client';
import { agent, health, textEvent } from './helpers/agents';
import { job, jobsSnapshot } from './helpers/jobs';

function fakeClient(agents: AgentSummary[], events: LanternEvent[]) {
  const calls: string[] = [];
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
    notifyState: async () => ({ pausedUntil: null }),
    pauseNotifications: async () => ({ pausedUntil: null }),
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
    expect(f.calls).toEqual(['listAgents', 'listJobs', 'connect:2']);
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
});
