import { describe, expect, it } from 'vitest';
import type { EventPage } from '../../src/shared/contract';
import type { LanternEvent } from '../../src/shared/events';
import { ReplayLoader } from '../../src/renderer/components/replay/replay-loader';
import {
  appendLive,
  applyPage,
  callOf,
  createReplayPages,
  eventAt,
  evictPages,
  lastPage,
  PAGE,
  pagesNeeded,
  resultOf,
} from '../../src/renderer/state/replay-pages';

const AGENT = 'claude:s1';
const ts = (id: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, 0) + id * 1000).toISOString();

function prompt(id: number, agentId = AGENT): LanternEvent {
  return { id, agentId, ts: ts(id), source: 'transcript', kind: 'prompt', text: `event ${id}` };
}
function call(id: number, toolUseId: string): LanternEvent {
  return { id, agentId: AGENT, ts: ts(id), source: 'transcript', kind: 'tool_call', toolUseId, name: 'Bash', input: { command: 'ls' } };
}
function result(id: number, toolUseId: string): LanternEvent {
  return { id, agentId: AGENT, ts: ts(id), source: 'transcript', kind: 'tool_result', toolUseId, isError: false, text: 'ok', durationMs: 10 };
}

/** An agent whose event at position i has id 10 + 2i (ids of other agents fall between). */
function history(n: number): LanternEvent[] {
  return Array.from({ length: n }, (_, i) => prompt(10 + 2 * i));
}

/** The engine's offset page over `all`, as read now. */
function page(all: LanternEvent[], offset: number, limit = PAGE): EventPage {
  const events = all.slice(offset, offset + limit);
  return { events, next: offset + limit < all.length ? events[events.length - 1].id : null, total: all.length };
}

describe('replay page cache', () => {
  it('places a fetched page, knows the length, shows placeholders for the rest', () => {
    const all = history(450);
    const s = createReplayPages(AGENT);
    expect(applyPage(s, 0, page(all, 0).events, 450)).toBe(true);
    expect(s.total).toBe(450);
    expect(s.tailKnown).toBe(false); // page 0 does not reach the end
    expect(eventAt(s, 0)?.id).toBe(10);
    expect(eventAt(s, 199)?.id).toBe(10 + 2 * 199);
    expect(eventAt(s, 200)).toBeUndefined();
    expect(eventAt(s, 450)).toBeUndefined();
    expect(lastPage(s)).toBe(2);
    expect(pagesNeeded(s, 150, 420)).toEqual([1, 2]);
    expect(pagesNeeded(s, 0, 199)).toEqual([]);
  });

  it('asks for the pages in view nearest the middle first', () => {
    const s = createReplayPages(AGENT);
    applyPage(s, 0, history(5000).slice(0, PAGE), 5000);
    expect(pagesNeeded(s, 1000, 2399)).toEqual([8, 7, 9, 6, 10, 5, 11]);
    // Clamped to the list.
    expect(pagesNeeded(s, 4900, 9000)).toEqual([24]);
  });

  it('bumps the version on every change and only then', () => {
    const all = history(10);
    const s = createReplayPages(AGENT);
    const v0 = s.version;
    applyPage(s, 0, all, 10);
    const v1 = s.version;
    expect(v1).toBeGreaterThan(v0);
    expect(applyPage(s, 0, all, 10)).toBe(false);
    expect(s.version).toBe(v1);
    appendLive(s, [prompt(1000)]);
    expect(s.version).toBeGreaterThan(v1);
    const v2 = s.version;
    appendLive(s, [prompt(1001, 'claude:other')]);
    expect(s.version).toBe(v2);
  });

  it('appends live events at the end once the tail is known, ignoring other agents and ids already counted', () => {
    const all = history(3);
    const s = createReplayPages(AGENT);
    applyPage(s, 0, all, 3);
    expect(s.tailKnown).toBe(true);
    expect(s.lastId).toBe(14);
    expect(appendLive(s, [prompt(12), prompt(14), prompt(15, 'claude:other'), prompt(16), prompt(18)])).toBe(2);
    expect(s.total).toBe(5);
    expect(eventAt(s, 3)?.id).toBe(16);
    expect(eventAt(s, 4)?.id).toBe(18);
    expect(s.lastId).toBe(18);
    // The same batch again (a feed replay after reconnect) adds nothing.
    expect(appendLive(s, [prompt(16), prompt(18)])).toBe(0);
    expect(s.total).toBe(5);
  });

  it('holds live events until a page reaching the end tells where they go', () => {
    const all = history(450);
    const s = createReplayPages(AGENT);
    // Live events arrive before anything is loaded: two already counted by the reads below, one new.
    expect(appendLive(s, [all[448], all[449], prompt(5000)])).toBe(0);
    expect(s.total).toBe(0);
    applyPage(s, 0, page(all, 0).events, 450);
    expect(s.total).toBe(450);
    expect(s.pending).toHaveLength(3);
    applyPage(s, 400, page(all, 400).events, 450);
    expect(s.tailKnown).toBe(true);
    expect(s.pending).toHaveLength(0);
    expect(s.total).toBe(451);
    expect(eventAt(s, 449)?.id).toBe(all[449].id);
    expect(eventAt(s, 450)?.id).toBe(5000);
  });

  it('a later page that counts more events does not grow the list: the feed brings them', () => {
    const all = history(450);
    const s = createReplayPages(AGENT);
    applyPage(s, 0, page(all, 0).events, 450);
    applyPage(s, 400, page(all, 400).events, 450);
    // Meanwhile the engine stored two more; page 1 is read after them, the feed has not delivered them yet.
    const grown = [...all, prompt(2000), prompt(2002)];
    applyPage(s, 200, page(grown, 200).events, grown.length);
    expect(s.total).toBe(450);
    appendLive(s, [prompt(2000), prompt(2002)]);
    expect(s.total).toBe(452);
    expect(eventAt(s, 451)?.id).toBe(2002);
  });

  it('a tail page read after live appends keeps the live ones; a newer tail page extends the list', () => {
    const all = history(300);
    const s = createReplayPages(AGENT);
    applyPage(s, 0, page(all, 0).events, 300);
    applyPage(s, 200, page(all, 200).events, 300);
    appendLive(s, [prompt(3000)]);
    expect(s.total).toBe(301);
    // An older read of the last page (before 3000 was stored) answers late: nothing is lost.
    applyPage(s, 200, page(all, 200).events, 300);
    expect(s.total).toBe(301);
    expect(eventAt(s, 300)?.id).toBe(3000);
    // A newer read that saw 3000 and one more the feed has not delivered yet.
    const newer = [...all, prompt(3000), prompt(3002)];
    applyPage(s, 200, page(newer, 200).events, newer.length);
    expect(s.total).toBe(302);
    expect(s.lastId).toBe(3002);
    expect(appendLive(s, [prompt(3002)])).toBe(0);
    expect(appendLive(s, [prompt(3004)])).toBe(1);
    expect(eventAt(s, 302)?.id).toBe(3004);
  });

  it('an empty agent: page 0 with total 0 is the tail', () => {
    const s = createReplayPages(AGENT);
    applyPage(s, 0, [], 0);
    expect(s.tailKnown).toBe(true);
    expect(s.total).toBe(0);
    expect(pagesNeeded(s, 0, 10)).toEqual([]);
    appendLive(s, [prompt(7)]);
    expect(s.total).toBe(1);
    expect(eventAt(s, 0)?.id).toBe(7);
  });

  it('links tool calls and results both ways, also across pages and live', () => {
    const s = createReplayPages(AGENT);
    const events = [prompt(1), call(2, 'tu1'), result(3, 'tu1'), call(4, 'tu2')];
    applyPage(s, 0, events, 4);
    const c1 = eventAt(s, 1);
    const r1 = eventAt(s, 2);
    if (c1?.kind !== 'tool_call' || r1?.kind !== 'tool_result') throw new Error('kinds');
    expect(resultOf(s, c1)?.id).toBe(3);
    expect(callOf(s, r1)?.id).toBe(2);
    const c2 = eventAt(s, 3);
    if (c2?.kind !== 'tool_call') throw new Error('kind');
    expect(resultOf(s, c2)).toBeUndefined();
    appendLive(s, [result(9, 'tu2')]);
    expect(resultOf(s, c2)?.id).toBe(9);
  });

  it('drops the pages farthest from view past a budget, with their links, and fetches them again later', () => {
    const all: LanternEvent[] = [];
    for (let i = 0; i < 1000; i++) all.push(i === 5 ? call(10 + i, 'far') : prompt(10 + i));
    const s = createReplayPages(AGENT);
    for (let p = 0; p < 5; p++) applyPage(s, p * PAGE, page(all, p * PAGE).events, 1000);
    expect(s.callsByToolUseId.has('far')).toBe(true);
    const dropped = evictPages(s, 800, 999, 2);
    expect(dropped).toEqual([0, 1, 2]);
    expect([...s.pages.keys()].sort()).toEqual([3, 4]);
    expect(s.callsByToolUseId.has('far')).toBe(false);
    expect(eventAt(s, 5)).toBeUndefined();
    expect(pagesNeeded(s, 0, 10)).toEqual([0]);
    // Pages in view are never dropped, whatever the budget.
    expect(evictPages(s, 600, 999, 0)).toEqual([]);
  });

  it('ignores events of another agent inside a page', () => {
    const s = createReplayPages(AGENT);
    applyPage(s, 0, [prompt(1), prompt(2, 'claude:other')], 1);
    expect(s.total).toBe(1);
    expect(eventAt(s, 0)?.id).toBe(1);
  });
});

describe('replay loader', () => {
  function fakeEngine(initial: LanternEvent[]) {
    const all = [...initial];
    const calls: number[] = [];
    const waiting: Array<() => void> = [];
    let hold = false;
    let fail: Error | null = null;
    return {
      all,
      calls,
      hold(on: boolean) {
        hold = on;
        if (!on) while (waiting.length) waiting.shift()?.();
      },
      fail(err: Error | null) {
        fail = err;
      },
      fetchPage(offset: number, limit: number): Promise<EventPage> {
        calls.push(offset);
        const answer = () => (fail ? Promise.reject(fail) : Promise.resolve(page(all, offset, limit)));
        if (!hold) return answer();
        return new Promise((resolve, reject) => waiting.push(() => answer().then(resolve, reject)));
      },
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('reads page 0 first, then the tail, then the pages in view, each once', async () => {
    const engine = fakeEngine(history(2000));
    let changes = 0;
    const loader = new ReplayLoader({ agentId: AGENT, fetchPage: (o, l) => engine.fetchPage(o, l), onChange: () => changes++ });
    expect(loader.loading).toBe(true);
    loader.start();
    expect(engine.calls).toEqual([0]);
    await settle();
    await settle();
    expect(engine.calls.slice(0, 2)).toEqual([0, 1800]);
    expect(loader.pages.tailKnown).toBe(true);
    expect(loader.pages.total).toBe(2000);
    expect(changes).toBeGreaterThan(0);
    loader.setVisible(950, 1010);
    loader.setVisible(950, 1010);
    await settle();
    expect(engine.calls.filter((o) => o === 1000)).toHaveLength(1);
    expect(engine.calls.filter((o) => o === 800)).toHaveLength(1);
    expect(loader.loading).toBe(false);
  });

  it('shows a failed request as an error, stops, and retries on demand', async () => {
    const engine = fakeEngine(history(10));
    const loader = new ReplayLoader({ agentId: AGENT, fetchPage: (o, l) => engine.fetchPage(o, l), onChange: () => undefined });
    engine.fail(new Error('engine unreachable'));
    loader.start();
    await settle();
    expect(loader.error).toBe('engine unreachable');
    expect(loader.ready).toBe(false);
    engine.fail(null);
    loader.retry();
    await settle();
    expect(loader.error).toBeNull();
    expect(loader.pages.total).toBe(10);
  });

  it('live events during the first read are placed once the tail is known', async () => {
    const engine = fakeEngine(history(250));
    const loader = new ReplayLoader({ agentId: AGENT, fetchPage: (o, l) => engine.fetchPage(o, l), onChange: () => undefined });
    engine.hold(true);
    loader.start();
    const fresh = prompt(9000);
    engine.all.push(fresh); // stored before the reads answer …
    expect(loader.live([fresh])).toBe(0); // … and delivered by the feed meanwhile
    engine.hold(false);
    for (let i = 0; i < 4; i++) await settle();
    expect(loader.pages.tailKnown).toBe(true);
    expect(loader.pages.total).toBe(251);
    expect(eventAt(loader.pages, 250)?.id).toBe(9000);
    expect(loader.live([prompt(9002)])).toBe(1);
    expect(loader.pages.total).toBe(252);
  });

  it('answers after dispose change nothing', async () => {
    const engine = fakeEngine(history(10));
    let changes = 0;
    const loader = new ReplayLoader({ agentId: AGENT, fetchPage: (o, l) => engine.fetchPage(o, l), onChange: () => changes++ });
    loader.start();
    loader.dispose();
    await settle();
    expect(changes).toBe(0);
    expect(loader.pages.total).toBe(0);
  });
});
