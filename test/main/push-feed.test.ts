// @vitest-environment node
/**
 * The push feed (pure): pushes held until the renderer is ready, then the stored events after
 * its cursor, then what was held (ids never twice), then live; held events bounded (the store
 * has them); agent updates coalesced; a reload holds pushes again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LanternEvent } from '../../src/shared/events';
import { createPushFeed, type PushKey } from '../../src/main/ipc/push-feed';
import { agentSummary } from '../helpers/agent-summary';

const ev = (id: number): LanternEvent => ({ id, agentId: 'claude:a', ts: '2026-05-01T09:00:00Z', source: 'transcript', kind: 'assistant_text', text: `e${id}` }) as LanternEvent;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => ev(from + i));

function harness(stored: LanternEvent[], o: { maxHeldEvents?: number; pageSize?: number } = {}) {
  const sent: Array<[PushKey, unknown]> = [];
  const deferred: Array<() => void> = [];
  const reads: Array<[number, number]> = [];
  const feed = createPushFeed({
    send: (name, payload) => void sent.push([name, payload]),
    eventsAfter: (afterId, limit) => {
      reads.push([afterId, limit]);
      return stored.filter((e) => e.id > afterId).slice(0, limit);
    },
    defer: (fn) => void deferred.push(fn),
    ...o,
  });
  const runDeferred = () => {
    while (deferred.length) deferred.shift()?.();
  };
  const eventIds = () => sent.filter(([n]) => n === 'events').flatMap(([, p]) => (p as LanternEvent[]).map((e) => e.id));
  return { feed, sent, reads, runDeferred, eventIds, stored };
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('push feed', () => {
  it('holds pushes until ready, then replays from the cursor, then flushes what was held, in order', () => {
    const h = harness(range(1, 8));
    h.feed.push('events', [ev(7), ev(8)]);
    h.feed.push('settings', { settings: {}, overridden: [], restartRequired: [], path: null, watchedRoots: [] } as never);
    h.feed.push('navigate', { agent: 'claude:a' });
    expect(h.sent).toEqual([]);
    expect(h.feed.state()).toBe('waiting');

    h.feed.ready(5);
    expect(h.reads[0]).toEqual([5, 1000]);
    expect(h.eventIds()).toEqual([6, 7, 8]); // from the store; the held 7 and 8 are not sent again
    expect(h.sent.map(([n]) => n)).toEqual(['events', 'settings', 'navigate']);
    expect(h.feed.state()).toBe('live');

    h.feed.push('events', [ev(8), ev(9)]);
    expect(h.eventIds()).toEqual([6, 7, 8, 9]);
  });

  it('pages a long replay, yielding between pages, holding live events meanwhile', () => {
    const h = harness(range(1, 25), { pageSize: 10 });
    h.feed.ready(0);
    expect(h.eventIds()).toEqual(range(1, 10).map((e) => e.id));
    expect(h.feed.state()).toBe('replaying');
    h.stored.push(ev(26));
    h.feed.push('events', [ev(26)]);
    h.runDeferred();
    expect(h.eventIds()).toEqual(range(1, 26).map((e) => e.id));
    expect(h.feed.state()).toBe('live');
  });

  it('bounds what it holds: past the limit it drops the held events and reads the store again', () => {
    const h = harness([], { maxHeldEvents: 5 });
    for (let i = 1; i <= 12; i++) {
      h.stored.push(ev(i));
      h.feed.push('events', [ev(i)]);
    }
    h.feed.ready(0);
    expect(h.eventIds()).toEqual(range(1, 12).map((e) => e.id));
  });

  it('re-reads the store when held events overflowed during a replay', () => {
    const h = harness(range(1, 10), { pageSize: 10, maxHeldEvents: 3 });
    h.feed.ready(0); // a full page: one more read is deferred
    for (let i = 11; i <= 20; i++) {
      h.stored.push(ev(i));
      h.feed.push('events', [ev(i)]);
    }
    h.runDeferred();
    expect(h.eventIds()).toEqual(range(1, 20).map((e) => e.id));
  });

  it('coalesces agent updates: the latest per agent, at most every 250 ms when live', () => {
    const h = harness([]);
    h.feed.push('agent', agentSummary('a', { state: 'running' }));
    h.feed.push('agent', agentSummary('a', { state: 'blocked' }));
    h.feed.push('agent', agentSummary('b'));
    h.feed.ready(0);
    expect(h.sent.map(([n, p]) => [n, (p as { id: string; state: string }).id, (p as { state: string }).state])).toEqual([
      ['agent', 'a', 'blocked'],
      ['agent', 'b', 'running'],
    ]);
    h.sent.length = 0;
    h.feed.push('agent', agentSummary('a', { state: 'idle' }));
    h.feed.push('agent', agentSummary('a', { state: 'done' }));
    expect(h.sent).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(h.sent.map(([, p]) => (p as { state: string }).state)).toEqual(['done']);
  });

  it('sends other pushes at once when live, and keeps only the latest while waiting', () => {
    const h = harness([]);
    h.feed.push('notify', { pausedUntil: 'x', channels: [] });
    h.feed.push('notify', { pausedUntil: null, channels: [] });
    h.feed.ready(0);
    expect(h.sent).toEqual([['notify', { pausedUntil: null, channels: [] }]]);
    h.feed.push('navigate', { view: 'settings' });
    expect(h.sent.at(-1)).toEqual(['navigate', { view: 'settings' }]);
  });

  it('keeps the latest jobs table while waiting and sends it on ready', () => {
    const h = harness([]);
    const table = (checkedAt: string) => ({ jobs: [], checkedAt, timeZone: 'UTC', sources: [] });
    h.feed.push('jobs', table('a'));
    h.feed.push('jobs', table('b'));
    expect(h.sent).toEqual([]);
    h.feed.ready(0);
    expect(h.sent).toEqual([['jobs', table('b')]]);
  });

  it('holds pushes again while the page reloads, and resumes from the new cursor', () => {
    const h = harness(range(1, 5));
    h.feed.ready(5);
    h.feed.reset();
    h.stored.push(ev(6));
    h.feed.push('events', [ev(6)]);
    h.feed.push('navigate', { agent: 'claude:a' });
    expect(h.sent).toEqual([]);
    h.feed.ready(3); // the reloaded page read up to 3 only
    expect(h.eventIds()).toEqual([4, 5, 6]);
    expect(h.sent.at(-1)).toEqual(['navigate', { agent: 'claude:a' }]);
  });

  it('abandons a replay superseded by a newer ready, and sends nothing once closed', () => {
    const h = harness(range(1, 30), { pageSize: 10 });
    h.feed.ready(0);
    h.feed.ready(25);
    h.runDeferred();
    expect(h.eventIds()).toEqual([...range(1, 10), ...range(26, 30)].map((e) => e.id));
    h.feed.close();
    h.feed.push('events', [ev(31)]);
    h.feed.ready(0);
    expect(h.eventIds()).toHaveLength(15);
  });
});
