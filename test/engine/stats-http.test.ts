// @vitest-environment node
/**
 * `GET /api/live/stats` (query checks, pass-through) and burn ticks on `/api/stream`: named
 * `burn_tick` messages without an `id:`, so resuming by Last-Event-ID is untouched, and exactly one
 * message per stored event while usage lands in a real engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine';
import { createHttpServer, type LanternHttpServer } from '../../src/engine/ingest/server';
import { silentLogger } from '../../src/engine/logger';
import type { LiveStats } from '../../src/shared/stats';
import { assistantTextLine, promptLine, toolResultLine, toolUseLine } from '../helpers/claude-lines';
import { makeAgent, startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { openSse, rawRequest, type SseClient } from '../helpers/http-raw-client';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const auth = { 'X-Token': TEST_TOKEN };
const tick = { at: '2026-06-15T10:00:00.000Z', burn: { perMinute: 0.1, perHour: 6, today: 12, projectedMonthEnd: 300 }, running: 2 };
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fake(): Promise<TestServer> {
  const t = await startHttp();
  cleanups.push(() => t.close());
  return t;
}
async function stream(port: number, headers: Record<string, string> = {}): Promise<SseClient> {
  const c = await openSse(port, '/api/stream', { ...auth, ...headers });
  cleanups.push(() => c.close());
  await waitFor(() => c.retries.length > 0, 5000, 'the stream to start');
  return c;
}

describe('GET /api/live/stats', () => {
  it('passes window, agent and project through and answers the engine\'s LiveStats', async () => {
    const t = await fake();
    t.engine.agents.set('claude:a/b', makeAgent('claude:a/b'));
    const res = await t.get(`/api/live/stats?window=7d&agent=${encodeURIComponent('claude:a/b')}&project=${encodeURIComponent('/w/x')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as LiveStats).window).toBe('7d');
    expect(t.engine.statsQueries).toEqual([{ window: '7d', agentId: 'claude:a/b', project: '/w/x' }]);
    expect((await t.get('/api/live/stats')).status).toBe(200);
    expect(t.engine.statsQueries[1]).toEqual({});
  });

  it('answers 400 JSON listing the accepted forms for a bad window, 404 for an unknown agent', async () => {
    const t = await fake();
    for (const bad of ['week', '0h', '1.5h']) {
      const res = await t.get(`/api/live/stats?window=${bad}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; detail: string; accepted: { window: string } };
      expect(body.error).toBe('bad query');
      expect(body.detail).toContain(JSON.stringify(bad));
      expect(body.accepted.window).toMatch(/30m, 1h, 24h, 7d\), or all/);
    }
    const res = await t.get('/api/live/stats?agent=claude:nobody');
    expect(res.status).toBe(404);
    expect(t.engine.statsQueries).toEqual([]);
  });
});

describe('burn ticks on /api/stream', () => {
  it('are named burn_tick messages with no id, and leave Last-Event-ID resume exact', async () => {
    const t = await fake();
    const c = await stream(t.port);
    t.engine.append(2);
    await waitFor(() => c.messages.length === 2, 5000, 'two events');
    t.engine.bus.emit('burn', tick);
    t.engine.append(1);
    await waitFor(() => c.messages.length === 4, 5000, 'the tick and one more event');
    expect(c.raw).toContain(`\n\nevent: burn_tick\ndata: ${JSON.stringify(tick)}\n\n`);
    const burn = c.messages[2];
    expect(burn.id).toBeUndefined();
    expect(JSON.parse(burn.data)).toEqual(tick);
    expect(c.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id))).toEqual([1, 2, 3]);

    // An EventSource's last id is still 2 after the tick: resuming from it replays exactly 3.
    const resumed = await stream(t.port, { 'Last-Event-ID': '2' });
    await waitFor(() => resumed.messages.length === 1, 5000, 'the replay');
    expect(resumed.ids()).toEqual([3]);
  });
});

describe('a real engine with usage landing', () => {
  it('sends exactly one SSE message per new store id, and burn ticks without ids', async () => {
    const dir = tempDir('lantern-stats-sse-');
    cleanups.push(() => dir.cleanup());
    const claudeDir = path.join(dir.path, 'claude');
    const projectDir = path.join(claudeDir, 'projects', '-w');
    fs.mkdirSync(projectDir, { recursive: true });
    const engine: Engine = createEngine({ dataDir: path.join(dir.path, 'data'), claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], role: 'test' });
    cleanups.push(() => engine.stop());
    const server: LanternHttpServer = createHttpServer({
      api: engine.api,
      bus: engine.bus,
      eventsAfter: (id, limit) => engine.store.eventsAfter(id, limit),
      token: TEST_TOKEN,
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
    });
    cleanups.push(() => server.close());
    const { port } = await server.listen();
    await engine.watch();
    await engine.index();
    const c = await stream(port);

    const session = '22222222-2222-4222-8222-222222222222'; // the adapter reads session files named by a UUID
    const file = path.join(projectDir, `${session}.jsonl`);
    const o = { session, cwd: '/w' };
    const ts = (s: number) => new Date(Date.UTC(2026, 10, 1, 10, 0, s)).toISOString();
    const write = (lines: string[]) => fs.appendFileSync(file, lines.join('\n') + '\n');
    write([promptLine({ ...o, ts: ts(0) }, 'go'), toolUseLine({ ...o, ts: ts(1) }, 'tu1', 'Bash', { command: 'ls' }, { id: 'msg1', requestId: 'r1' })]);
    await waitFor(() => engine.store.maxEventId() >= 2 && c.messages.length >= 2, 5000, 'the first lines');
    engine.bus.emit('burn', tick);
    // The same message streamed again with more output (usage is deduplicated per message and request).
    write([
      toolResultLine({ ...o, ts: ts(2) }, 'tu1', 'file.txt'),
      assistantTextLine({ ...o, ts: ts(3) }, 'partial', { id: 'msg2', requestId: 'r2', output: 5 }),
      assistantTextLine({ ...o, ts: ts(4) }, 'done', { id: 'msg2', requestId: 'r2', output: 50 }),
    ]);
    const stored = () => engine.store.eventsAfter(0, 1000).map((e) => e.id);
    await waitFor(() => stored().length >= 5 && c.messages.filter((m) => m.id).length === stored().length, 5000, 'every stored event on the stream');
    await new Promise((r) => setTimeout(r, 100)); // anything sent twice would arrive by now

    const ids = c.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
    expect(ids).toEqual(stored());
    expect(new Set(ids).size).toBe(ids.length);
    const ticks = c.messages.filter((m) => m.event === 'burn_tick');
    expect(c.messages.filter((m) => m.id === undefined).every((m) => m.event === 'burn_tick' || m.event === 'agent' || m.event === 'jobs')).toBe(true);
    expect(ticks.map((m) => JSON.parse(m.data) as unknown)).toEqual([tick]);
    expect(c.raw.split('\n\n').filter((b) => b.startsWith('event: burn_tick')).every((b) => !/^id:/m.test(b))).toBe(true);

    const stats = (await (await fetch(`http://127.0.0.1:${port}/api/live/stats?window=all`, { headers: auth })).json()) as LiveStats;
    expect(stats.totals.tokens).toBe(3 + 20 + 500 + (3 + 50 + 100 + 1000)); // msg2 counted once, at its largest
    expect(stats.tools[0]).toMatchObject({ name: 'Bash', count: 1, p50Ms: 1000 });
    expect((await rawRequest(port, '/api/live/stats?window=1y', { headers: auth })).status).toBe(400);
  });
});
