// @vitest-environment node
/**
 * Stats over a real store fed synthetic usage: local days across both DST changes, burn windows with
 * an injected `now`, nearest-rank percentiles on a known histogram, window parsing.
 */
// Before anything reads a date: SQLite's 'localtime' and JS Date both follow the process zone.
const savedTz = process.env.TZ;
process.env.TZ = 'Europe/Berlin';

import type Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newParseOutput, type UsageRecord } from '../../src/engine/adapters/types';
import { createBus } from '../../src/engine/bus';
import {
  computeBurn,
  costByAgent,
  costByDay,
  costByModel,
  costByProject,
  createBurnTicker,
  liveStats,
  openReadonlyStore,
  parseWindow,
  projectMonthEnd,
  resolveScope,
  toolLatency,
  WindowError,
} from '../../src/engine/stats';
import { openStore, type Store } from '../../src/engine/store/store';
import type { BurnTick } from '../../src/shared/stats';
import { testStoreOptions } from '../helpers/store-options';

afterAll(() => {
  process.env.TZ = savedTz;
});

const dirs: string[] = [];
const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const x of opened.splice(0).reverse()) x.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A store plus a read-only connection to it, as the engine and `lantern stats` read it. */
function setup(): { store: Store; db: Database.Database } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-stats-'));
  dirs.push(dir);
  const store = openStore(dir, testStoreOptions());
  opened.push(store);
  const db = openReadonlyStore(store.path);
  opened.push(db);
  return { store, db };
}

const MAIN = 'claude:main';
const SUB = 'claude:main/agent-1';
const OTHER = 'claude:other';
let seq = 0;

/** One request of `input` input tokens (sonnet 4.6: $3 per million input, so 1M tokens = $3). */
function use(ts: number, input: number, o: { agentId?: string; model?: string; output?: number } = {}): UsageRecord {
  const key = `m${++seq}:r`;
  return {
    key,
    agentId: o.agentId ?? MAIN,
    messageId: `m${seq}`,
    requestId: 'r',
    model: o.model ?? 'claude-sonnet-4-6',
    ts,
    inputTokens: input,
    outputTokens: o.output ?? 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
  };
}

function feed(store: Store, usage: UsageRecord[]): void {
  const out = newParseOutput();
  out.agents.set(MAIN, { id: MAIN, source: 'claude', sessionId: 'main', cwd: '/work/alpha' });
  out.agents.set(SUB, { id: SUB, source: 'claude', sessionId: 'main', parentId: MAIN }); // no cwd: inherits
  out.agents.set(OTHER, { id: OTHER, source: 'claude', sessionId: 'other', cwd: '/work/beta' });
  out.usage.push(...usage);
  store.commit(out);
}

const utc = (iso: string) => Date.parse(iso);

describe('cost by local day (TZ=Europe/Berlin)', () => {
  it('puts the 23-hour day of 2026-03-29 (CET → CEST) on the right local dates', () => {
    const { store, db } = setup();
    feed(store, [
      use(utc('2026-03-28T22:59:59.999Z'), 1), // 23:59:59.999 CET, 28th
      use(utc('2026-03-28T23:00:00.000Z'), 10), // 00:00 CET, 29th
      use(utc('2026-03-29T00:59:59.000Z'), 20), // 01:59:59 CET, just before the gap
      use(utc('2026-03-29T01:00:00.000Z'), 40), // 03:00 CEST
      use(utc('2026-03-29T21:59:59.999Z'), 80), // 23:59:59.999 CEST, still the 29th
      use(utc('2026-03-29T22:00:00.000Z'), 1000), // 00:00 CEST, 30th
    ]);
    const days = costByDay(db).map((d) => [d.date, d.inputTokens, d.requests]);
    expect(days).toEqual([
      ['2026-03-28', 1, 1],
      ['2026-03-29', 150, 4],
      ['2026-03-30', 1000, 1],
    ]);
    expect(costByDay(db, { since: '2026-03-29' }).map((d) => d.date)).toEqual(['2026-03-29', '2026-03-30']);
  });

  it('puts the 25-hour day of 2026-10-25 (CEST → CET) on the right local dates', () => {
    const { store, db } = setup();
    feed(store, [
      use(utc('2026-10-24T21:59:59.999Z'), 1), // 23:59:59.999 CEST, 24th
      use(utc('2026-10-24T22:00:00.000Z'), 10), // 00:00 CEST, 25th
      use(utc('2026-10-25T00:30:00.000Z'), 20), // 02:30 CEST, first pass
      use(utc('2026-10-25T01:30:00.000Z'), 40), // 02:30 CET, second pass
      use(utc('2026-10-25T22:59:59.999Z'), 80), // 23:59:59.999 CET, still the 25th
      use(utc('2026-10-25T23:00:00.000Z'), 1000), // 00:00 CET, 26th
    ]);
    const days = costByDay(db).map((d) => [d.date, d.inputTokens]);
    expect(days).toEqual([
      ['2026-10-24', 1],
      ['2026-10-25', 150],
      ['2026-10-26', 1000],
    ]);
    expect(costByDay(db, { since: '2026-10-26' }).map((d) => d.date)).toEqual(['2026-10-26']);
  });

  it('rejects a --since that is not a real date', () => {
    const { db } = setup();
    for (const bad of ['2026-02-30', '2026-3-1', 'yesterday', '']) expect(() => costByDay(db, { since: bad })).toThrow(/YYYY-MM-DD/);
  });
});

describe('cost by model, project and agent', () => {
  it('sums per model, per project (a sub-agent without cwd counts for its parent) and per agent; unpriced is null, not $0', () => {
    const { store, db } = setup();
    const t = utc('2026-05-05T10:00:00Z');
    feed(store, [
      use(t, 1_000_000),
      use(t + 1, 1_000_000, { agentId: SUB }),
      use(t + 2, 500_000, { agentId: OTHER, model: 'claude-haiku-4-5' }),
      use(t + 3, 7, { agentId: OTHER, model: 'some-future-model' }),
    ]);
    const models = Object.fromEntries(costByModel(db).map((m) => [m.model, [m.inputTokens, m.costUsd, m.unpricedRequests]]));
    expect(models['claude-sonnet-4-6']).toEqual([2_000_000, 6, 0]);
    expect(models['claude-haiku-4-5'][1]).toBeCloseTo(0.5, 9);
    expect(models['some-future-model']).toEqual([7, null, 1]);

    const projects = Object.fromEntries(costByProject(db).map((p) => [p.project, p]));
    expect(projects['/work/alpha']).toMatchObject({ inputTokens: 2_000_000, costUsd: 6, requests: 2 });
    expect(projects['/work/beta']).toMatchObject({ inputTokens: 500_007, unpricedRequests: 1 });
    expect(projects['/work/beta'].costUsd).toBeCloseTo(0.5, 9); // the priced part, flagged as partial

    const agents = Object.fromEntries(costByAgent(db).map((a) => [a.agentId, [a.project, a.costUsd]]));
    expect(agents[SUB]).toEqual(['/work/alpha', 3]);
    expect(resolveScope(db, { project: '/work/alpha' })?.length).toBe(2);
    expect(resolveScope(db, { agentId: MAIN })?.length).toBe(2); // itself and its sub-agent
  });
});

describe('burn', () => {
  // Monday 2026-06-15 12:00 CEST: 14.5 days of June's 30 have passed.
  const now = utc('2026-06-15T10:00:00Z');
  const min = 60_000;

  it('rates the last 5 minutes per minute, the last hour, today, and projects the month', () => {
    const { store, db } = setup();
    feed(store, [
      use(now, 100_000), // $0.30, inside (now - 5 min, now]
      use(now - 5 * min + 1, 100_000), // $0.30, inside
      use(now - 5 * min, 1_000_000), // $3, on the open edge: last hour only
      use(now - 59 * min, 1_000_000), // $3, last hour
      use(now - 3 * 60 * min, 1_000_000), // $3, today only
      use(utc('2026-06-14T21:59:00Z'), 1_000_000), // $3, 23:59 on the 14th: month only
      use(utc('2026-05-31T21:59:00Z'), 1_000_000), // $3, 23:59 on May 31st: nothing
      use(now + 1, 1_000_000, { agentId: OTHER }), // after now: not in any rate
    ]);
    const burn = computeBurn(db, now);
    expect(burn.perMinute).toBeCloseTo(0.6 / 5, 9);
    expect(burn.perHour).toBeCloseTo(6.6, 9);
    // Today's rollup holds buckets begun by now: now's own bucket includes the request 1 ms later.
    expect(burn.today).toBeCloseTo(12.6, 9);
    expect(burn.projectedMonthEnd).toBeCloseTo((15.6 * 30) / 14.5, 9);

    const mine = computeBurn(db, now, resolveScope(db, { agentId: OTHER }));
    expect(mine.perMinute).toBe(0);
    expect(mine.today).toBeCloseTo(3, 9);
  });

  it('projects by days elapsed including the fraction of today, DST days included', () => {
    // 2026-10-25 (25 h) at 12:30 CET: 24 days + 13.5 / 25 of today elapsed, 31 days in October.
    const t = utc('2026-10-25T11:30:00Z');
    const elapsed = 24 + 13.5 / 25;
    expect(projectMonthEnd(100, t)).toBeCloseTo(100 + (100 / elapsed) * (31 - elapsed), 9);
    // 00:01 on July 1st: a minute's spend is divided by an hour, not multiplied by 44 640.
    expect(projectMonthEnd(1, utc('2026-06-30T22:01:00Z'))).toBeCloseTo(1 + 24 * (31 - 1 / 1440), 6);
  });

  it('ticks on the bus only while an agent runs and someone listens', () => {
    const { store, db } = setup();
    feed(store, [use(now, 100_000)]);
    const bus = createBus();
    const ticker = createBurnTicker({ db, store, bus, clock: { now: () => now }, onError: (err) => { throw err; } });
    const ticks: BurnTick[] = [];
    ticker.tick(); // nobody listens
    bus.on('burn', (t) => ticks.push(t));
    ticker.tick(); // nobody runs
    expect(ticks).toEqual([]);
    store.setState(MAIN, 'running', null, 'test', now);
    ticker.tick();
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toMatchObject({ at: new Date(now).toISOString(), running: 1 });
    expect(ticks[0].burn.perMinute).toBeCloseTo(0.06, 9);
  });
});

describe('tool latency', () => {
  const t0 = utc('2026-06-15T10:00:00Z');

  function calls(store: Store, name: string, durations: Array<number | null>, extra: { interrupted?: boolean; isError?: boolean; startedAt?: number } = {}): void {
    for (const d of durations) {
      store.recordToolTiming(MAIN, {
        toolUseId: `tu${++seq}`,
        name,
        startedAt: extra.startedAt ?? t0,
        ...(d === null ? {} : { endedAt: (extra.startedAt ?? t0) + d, durationMs: d }),
        ...(extra.isError !== undefined ? { isError: extra.isError } : {}),
        ...(extra.interrupted ? { interrupted: true } : {}),
      });
    }
  }

  it('gives nearest-rank p50/p95/p99 (1..100 ms → 50, 95, 99), counting interrupted calls outside the percentiles', () => {
    const { store, db } = setup();
    const shuffled = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    calls(store, 'Bash', shuffled);
    calls(store, 'Bash', [60_000], { interrupted: true });
    calls(store, 'Bash', [5], { isError: true });
    calls(store, 'Bash', [null]); // still running: no duration, not counted
    calls(store, 'Read', Array.from({ length: 10 }, (_, i) => i + 1));
    calls(store, 'Grep', [7]);
    calls(store, 'Old', [1], { startedAt: t0 - 25 * 3_600_000 }); // before a 24 h window

    const rows = toolLatency(db, { startMs: t0 - 24 * 3_600_000 });
    expect(rows.map((r) => r.name)).toEqual(['Bash', 'Read', 'Grep']);
    // 101 finished + 1 interrupted: the error call (5 ms) shifts ranks: 1..100 plus 5, n = 101.
    expect(rows[0]).toMatchObject({ name: 'Bash', count: 102, errors: 1, interrupted: 1, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    expect(rows[0].recentMs).toHaveLength(30);
    expect(rows[1]).toMatchObject({ name: 'Read', count: 10, errors: 0, interrupted: 0, p50Ms: 5, p95Ms: 10, p99Ms: 10 });
    expect([...rows[1].recentMs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows[2]).toMatchObject({ count: 1, p50Ms: 7, p95Ms: 7, p99Ms: 7 });
    expect(toolLatency(db, { startMs: null }).map((r) => r.name)).toContain('Old');
    expect(toolLatency(db, { startMs: null, agentKeys: resolveScope(db, { agentId: OTHER }) })).toEqual([]);
  });

  it('gives exactly 50/95/99 on 1..100 alone', () => {
    const { store, db } = setup();
    calls(store, 'Edit', Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(toolLatency(db, { startMs: null })[0]).toMatchObject({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
  });
});

describe('window parsing', () => {
  const now = 1_000_000_000_000;
  it('accepts 24h (default), 30m, 1h, 7d and all', () => {
    expect(parseWindow(undefined, now)).toEqual({ label: '24h', startMs: now - 86_400_000 });
    expect(parseWindow('30m', now).startMs).toBe(now - 1_800_000);
    expect(parseWindow('1h', now).startMs).toBe(now - 3_600_000);
    expect(parseWindow('7d', now).startMs).toBe(now - 7 * 86_400_000);
    expect(parseWindow(' 2H ', now)).toEqual({ label: '2h', startMs: now - 7_200_000 });
    expect(parseWindow('all', now)).toEqual({ label: 'all', startMs: null });
  });

  it('rejects anything else with an error that lists the accepted forms', () => {
    for (const bad of ['', '0h', '1.5h', '24', 'h', '1w', '-1h', '99999d', 'all24h', '1e3m']) {
      expect(() => parseWindow(bad, now), bad).toThrow(WindowError);
      expect(() => parseWindow(bad, now), bad).toThrow('<n>m, <n>h or <n>d with a whole n ≥ 1 (e.g. 30m, 1h, 24h, 7d), or all');
    }
  });
});

describe('liveStats', () => {
  it('totals a window to the millisecond (rollup buckets plus the head), with events, states and tools', () => {
    const { store, db } = setup();
    const now = utc('2026-06-15T10:07:00Z'); // mid-bucket, so a 30m window starts mid-bucket too
    const start = now - 30 * 60_000;
    feed(store, [
      use(start - 1, 1_000_000), // just outside
      use(start, 1_000, { output: 1 }), // on the edge: inside
      use(now - 60_000, 2_000),
      use(now - 60_000, 4, { agentId: OTHER, model: 'some-future-model' }),
    ]);
    const out = newParseOutput();
    out.events.push(
      { agentId: MAIN, kind: 'prompt', ts: start - 1, source: 'transcript', data: { text: 'old' } },
      { agentId: MAIN, kind: 'prompt', ts: start, source: 'transcript', data: { text: 'new' } },
      { agentId: OTHER, kind: 'prompt', ts: now, source: 'transcript', data: { text: 'other' } },
    );
    store.commit(out);
    store.setState(OTHER, 'blocked', 'permission', 'test', now - 10 * 24 * 3_600_000);

    const s = liveStats(db, store, { window: '30m' }, now);
    expect(s.window).toBe('30m');
    expect(s.totals.tokens).toBe(1_000 + 1 + 2_000 + 4);
    expect(s.totals.unpricedTokens).toBe(4);
    expect(s.totals.costUsd).toBeCloseTo(3_000 * 3e-6 + 15e-6, 12);
    expect(s.totals.events).toBe(2);
    expect(s.agents).toMatchObject({ blocked: 1, running: 0 });

    const all = liveStats(db, store, { window: 'all' }, now);
    expect(all.totals.tokens).toBe(1_003_005);
    expect(all.totals.events).toBe(4); // three prompts and the status event

    const other = liveStats(db, store, { window: '30m', agentId: OTHER }, now);
    expect(other.totals).toEqual({ events: 1, tokens: 4, costUsd: 0, unpricedTokens: 4 });
    expect(other.agents.blocked).toBe(1);
    const alpha = liveStats(db, store, { window: '24h', project: '/work/alpha' }, now);
    expect(alpha.totals.tokens).toBe(1_003_001);
    expect(alpha.agents.blocked).toBe(0);
    expect(() => liveStats(db, store, { window: 'week' }, now)).toThrow(WindowError);
  });
});
