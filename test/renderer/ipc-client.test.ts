/**
 * The tray app's transport over a fake preload bridge: requests pass straight through, the feed
 * subscribes before telling main it is ready (with the resume point), drops ids it already
 * delivered, and unsubscribes everything on stop.
 */
import { describe, expect, it } from 'vitest';
import type { LanternBridge } from '../../src/shared/bridge';
import type { EngineEventMap } from '../../src/shared/contract';
import { createIpcClient } from '../../src/renderer/transport/ipc-client';
import type { ConnectionState } from '../../src/renderer/transport/engine-client';
import { agent, textEvent } from './helpers/agents';
import { job, jobsSnapshot } from './helpers/jobs';

type AnyListener = (payload: never) => void;

function fakeBridge() {
  const log: string[] = [];
  const listeners = new Map<string, Set<AnyListener>>();
  const bridge = {
    listAgents: async () => ({ agents: [agent('a')] }),
    getEvents: async (id: string, q: unknown) => (log.push(`getEvents ${id} ${JSON.stringify(q)}`), { events: [], next: null }),
    listJobs: async () => jobsSnapshot([job('cron:1')]),
    testChannel: async (id: string) => (log.push(`testChannel ${id}`), { ok: true, status: { id } }),
    getJobLog: async (id: string, q: unknown) => (log.push(`getJobLog ${id} ${JSON.stringify(q)}`), { id, path: null, from: 'none', lines: [], size: null }),
    subscribe<K extends keyof EngineEventMap>(name: K, fn: (p: EngineEventMap[K]) => void) {
      log.push(`subscribe ${name}`);
      const set = listeners.get(name) ?? new Set<AnyListener>();
      listeners.set(name, set);
      set.add(fn as AnyListener);
      return () => set.delete(fn as AnyListener);
    },
    ready: (afterId: number) => log.push(`ready ${afterId}`),
  } as unknown as LanternBridge;
  const push = <K extends keyof EngineEventMap>(name: K, payload: EngineEventMap[K]) => {
    for (const fn of listeners.get(name) ?? []) (fn as (p: EngineEventMap[K]) => void)(payload);
  };
  const count = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { bridge, log, push, count };
}

describe('ipc client', () => {
  it('passes requests to the bridge as they are', async () => {
    const f = fakeBridge();
    const client = createIpcClient(f.bridge);
    expect((await client.listAgents()).agents.map((a) => a.id)).toEqual(['a']);
    await client.getEvents('a', { offset: 200, limit: 200 });
    expect(f.log).toContain('getEvents a {"offset":200,"limit":200}');
    expect((await client.listJobs()).jobs.map((j) => j.id)).toEqual(['cron:1']);
    await client.getJobLog('launchd:com.me.agent', { lines: 80 });
    expect(f.log).toContain('getJobLog launchd:com.me.agent {"lines":80}');
    expect((await client.testChannel('ntfy-2')).ok).toBe(true);
    expect(f.log).toContain('testChannel ntfy-2');
  });

  it('subscribes, then says ready with the resume point; delivers each event once, in order', () => {
    const f = fakeBridge();
    const seen: number[] = [];
    const states: ConnectionState[] = [];
    const agents: string[] = [];
    const jobTables: string[][] = [];
    const notifies: Array<string | null> = [];
    const stop = createIpcClient(f.bridge).connect(5, {
      events: (events) => seen.push(...events.map((e) => e.id)),
      agent: (a) => agents.push(a.id),
      burn: () => {},
      settings: () => {},
      notify: (n) => notifies.push(n.pausedUntil),
      jobs: (snapshot) => jobTables.push(snapshot.jobs.map((j) => j.id)),
      connection: (s) => states.push(s),
    });
    expect(f.log.indexOf('ready 5')).toBeGreaterThan(f.log.indexOf('subscribe events'));
    f.push('events', [textEvent(4, 'a'), textEvent(5, 'a'), textEvent(6, 'a')]);
    f.push('events', [textEvent(6, 'a'), textEvent(7, 'a')]);
    f.push('agent', agent('b'));
    f.push('jobs', jobsSnapshot([job('cron:1'), job('systemd:n.timer')]));
    f.push('notify', { pausedUntil: null, channels: [] });
    expect(seen).toEqual([6, 7]);
    expect(agents).toEqual(['b']);
    expect(jobTables).toEqual([['cron:1', 'systemd:n.timer']]);
    expect(notifies).toEqual([null]);
    expect(states).toEqual(['connecting', 'live']);
    stop();
    expect(f.count()).toBe(0);
  });
});
