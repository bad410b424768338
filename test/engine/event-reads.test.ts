// @vitest-environment node
/**
 * Reading events over HTTP from a real engine (real transcripts, real SQLite, real HTTP): one agent's
 * events by offset with its total, the latest events across agents, and text search with its
 * false positives, LIKE escapes, agent filter, bounds and row budget. Plus `host` on every agent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasText, likePattern } from '../../src/engine/store/event-search';
import type { EventPage, SearchResult } from '../../src/shared/contract';
import type { LanternEvent } from '../../src/shared/events';
import { promptLine, sessionLines } from '../helpers/claude-lines';
import { startTestServer, type TestServer } from '../helpers/headless-server';

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const A1 = `claude:${S1}`;
const A2 = `claude:${S2}`;
const enc = encodeURIComponent;

/** S1: an old unique word, then five small sessions. S2: prompts made to trip a naive LIKE search. */
function transcripts({ claudeDir }: { claudeDir: string }): void {
  const project = path.join(claudeDir, 'projects', '-home-dev-project');
  fs.mkdirSync(project, { recursive: true });
  const s1 = [promptLine({ session: S1 }, 'the zanzibar plan, and a shared needle')];
  for (let n = 1; n <= 5; n++) s1.push(...sessionLines(S1, n));
  fs.writeFileSync(path.join(project, `${S1}.jsonl`), s1.join('\n') + '\n');
  const o = { session: S2 };
  const s2 = [
    'fix the 100% CPU bug',
    'rename foo_bar to baz',
    'fooXbar and 1000 apples',
    'line one\nnext line',
    'say "hello" twice',
    'a shared needle here too',
  ].map((text) => promptLine(o, text));
  fs.writeFileSync(path.join(project, `${S2}.jsonl`), s2.join('\n') + '\n');
}

async function status(t: TestServer, p: string): Promise<{ status: number; body: { error: string; detail: string; accepted: Record<string, string> } }> {
  const res = await fetch(t.base + p, { headers: { 'X-Token': t.token } });
  return { status: res.status, body: (await res.json()) as never };
}

const texts = (events: LanternEvent[]) => events.map((e) => ('text' in e ? e.text : e.kind));

describe('event reads over a real engine', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ before: transcripts });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('puts this machine on every agent as host', async () => {
    const agents = await t.agents();
    expect(agents.length).toBeGreaterThanOrEqual(2);
    for (const a of agents) expect(a.host).toBe(os.hostname());
  });

  describe('GET /api/agents/:id/events?offset=', () => {
    it("keeps each agent's event count equal to its rows", async () => {
      const rows = t.sql<{ id: string; n: number; c: number }>(
        'SELECT a.id, a.n_events AS n, (SELECT count(*) FROM events e WHERE e.agent_key = a.key) AS c FROM agents a',
      );
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const r of rows) expect(r.n).toBe(r.c);
    });

    it('pages from the first event with total and next, and the pages add up to the whole', async () => {
      const all = await t.events(A1);
      const total = (await t.agent(A1))!.counts.events;
      expect(all).toHaveLength(total);
      const seen: LanternEvent[] = [];
      for (let offset = 0; offset < total; offset += 7) {
        const page = await t.get<EventPage>(`/api/agents/${enc(A1)}/events?offset=${offset}&limit=7`);
        expect(page.total).toBe(total);
        expect(page.events).toEqual(all.slice(offset, offset + 7));
        expect(page.next).toBe(offset + 7 < total ? page.events.at(-1)!.id : null);
        seen.push(...page.events);
      }
      expect(seen).toEqual(all);
      const past = await t.get<EventPage>(`/api/agents/${enc(A1)}/events?offset=${total + 5}`);
      expect(past).toEqual({ events: [], next: null, total });
    });

    it.each([
      ['offset=1&after=2', 'use one of after, before or offset, not several'],
      ['offset=1&before=2', 'use one of after, before or offset, not several'],
      ['offset=-1', 'offset must be a non-negative integer'],
      ['offset=x', 'offset must be a non-negative integer'],
      ['offset=1&offset=2', 'offset is given 2 times'],
    ])('refuses ?%s with 400 naming what is accepted', async (query, detail) => {
      const r = await status(t, `/api/agents/${enc(A1)}/events?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.detail).toBe(detail);
      expect(Object.keys(r.body.accepted)).toEqual(['after', 'before', 'offset', 'limit']);
    });
  });

  describe('GET /api/events', () => {
    it('answers the latest events across agents, ascending, without usage', async () => {
      const { events } = await t.get<{ events: LanternEvent[] }>('/api/events?limit=5');
      const expected = t.sql<{ id: number }>("SELECT id FROM events WHERE kind != 'usage' ORDER BY id DESC LIMIT 5").map((r) => r.id).reverse();
      expect(events.map((e) => e.id)).toEqual(expected);
      const all = await t.get<{ events: LanternEvent[] }>('/api/events');
      const nonUsage = t.sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE kind != 'usage'")[0].n;
      expect(t.sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE kind = 'usage'")[0].n).toBeGreaterThan(0);
      expect(all.events).toHaveLength(Math.min(100, nonUsage));
      expect(all.events.some((e) => e.kind === 'usage')).toBe(false);
      const ids = all.events.map((e) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(all.events.map((e) => e.agentId))).toEqual(new Set([A1, A2]));
      expect((await t.get<{ events: LanternEvent[] }>('/api/events?limit=500')).events).toHaveLength(Math.min(500, nonUsage));
    });

    it.each(['limit=0', 'limit=501', 'limit=abc', 'limit=1.5', 'limit=', 'limit=1&limit=2'])('refuses ?%s with 400', async (query) => {
      const r = await status(t, `/api/events?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('bad query');
      expect(r.body.accepted).toEqual({ limit: 'integer 1-500, default 100' });
    });
  });

  describe('GET /api/search', () => {
    const search = (query: string) => t.get<SearchResult>(`/api/search?${query}`);
    const likeCount = (pattern: string) => t.sql<{ n: number }>("SELECT count(*) AS n FROM events WHERE data LIKE ? ESCAPE '\\'", pattern)[0].n;

    it('finds text in any case, newest first', async () => {
      const r = await search('q=cpu');
      expect(texts(r.hits)).toEqual(['fix the 100% CPU bug']);
      expect(r.truncated).toBe(false);
      const shared = await search(`q=${enc('SHARED needle')}`);
      // Which file the index reads first is up to the scan, so which hit is newer is read from the ids.
      expect(texts(shared.hits).sort()).toEqual(['a shared needle here too', 'the zanzibar plan, and a shared needle']);
      expect(shared.hits[0].id).toBeGreaterThan(shared.hits[1].id);
    });

    it('does not answer hits on JSON key names or escape syntax', async () => {
      // A naive LIKE over the JSON finds both: every prompt has a "text" key, and "\nnext" is in the data.
      expect(likeCount('%text%')).toBeGreaterThan(0);
      expect(likeCount('%nnext%')).toBeGreaterThan(0);
      expect((await search('q=text')).hits).toEqual([]);
      expect((await search('q=nnext')).hits).toEqual([]);
      // The real text, newline and quotes included, is found.
      expect(texts((await search(`q=${enc('one\nnext')}`)).hits)).toEqual(['line one\nnext line']);
      expect(texts((await search(`q=${enc('"hello"')}`)).hits)).toEqual(['say "hello" twice']);
    });

    it('takes % and _ literally', async () => {
      expect(texts((await search(`q=${enc('100%')}`)).hits)).toEqual(['fix the 100% CPU bug']);
      expect(texts((await search(`q=${enc('foo_bar')}`)).hits)).toEqual(['rename foo_bar to baz']);
      // In SQL too, before the JavaScript check: the escaped pattern does not match the look-alikes.
      expect(likeCount(likePattern('foo_bar'))).toBe(1);
      expect(likeCount(likePattern('100%'))).toBe(1);
      expect(likePattern('a%b_c\\d"e')).toBe('%a\\%b\\_c\\\\\\\\d\\\\"e%');
    });

    it('filters by agent, limits, and answers 404 for an unknown agent', async () => {
      const one = await search(`q=${enc('shared needle')}&agent=${enc(A1)}`);
      expect(one.hits.map((e) => e.agentId)).toEqual([A1]);
      const both = await search(`q=${enc('shared needle')}`);
      const limited = await search(`q=${enc('shared needle')}&limit=1`);
      expect(limited.hits.map((e) => e.id)).toEqual([both.hits[0].id]); // the newest of the two
      expect(limited.truncated).toBe(false);
      const r = await status(t, `/api/search?q=abc&agent=${enc('claude:nobody')}`);
      expect(r.status).toBe(404);
    });

    it('leaves usage events out', async () => {
      expect(likeCount('%claude-sonnet-4-6%')).toBeGreaterThan(0); // usage events name the model
      const r = await search('q=claude-sonnet');
      expect(r.hits.filter((e) => e.kind === 'usage')).toEqual([]);
    });

    it.each([
      ['', 'q must be 2-200 characters after trimming, got 0'],
      ['q=a', 'q must be 2-200 characters after trimming, got 1'],
      [`q=${enc('  a  ')}`, 'q must be 2-200 characters after trimming, got 1'],
      [`q=${'x'.repeat(201)}`, 'q must be 2-200 characters after trimming, got 201'],
      ['q=ab&limit=0', 'limit must be an integer 1-200'],
      ['q=ab&limit=201', 'limit must be an integer 1-200'],
      ['q=ab&q=cd', 'q is given 2 times'],
    ])('refuses ?%s with 400', async (query, detail) => {
      const r = await status(t, `/api/search?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.detail).toBe(detail);
      expect(Object.keys(r.body.accepted)).toEqual(['q', 'agent', 'limit']);
    });

    it('checks string values only, at any depth, ignoring case', () => {
      expect(hasText({ text: 'Hello World', n: 1 }, 'world')).toBe(true);
      expect(hasText({ input: { args: ['x', { deep: 'NeedLe' }] } }, 'needle')).toBe(true);
      expect(hasText({ needle: 1, other: ['x'] }, 'needle')).toBe(false);
    });
  });
});

describe('search row budget', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ before: transcripts, engine: { searchBudgetRows: 10 } });
    // Ten milestones: the newest events, after both transcripts.
    for (let i = 0; i < 10; i++) {
      const res = await t.post('/api/event', { issue: `ISSUE-${i}`, phase: 'fix', level: 'info', title: `fresh milestone ${i}` });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  it('stops at the budget and says so', async () => {
    const old = await t.get<SearchResult>('/api/search?q=zanzibar');
    expect(old).toEqual({ hits: [], truncated: true });
    // Hits in the newest rows, but older rows were left unscanned.
    const some = await t.get<SearchResult>(`/api/search?q=${enc('fresh milestone 9')}`);
    expect(some.hits).toHaveLength(1);
    expect(some.truncated).toBe(true);
  });

  it('is not truncated when the limit is reached first', async () => {
    const r = await t.get<SearchResult>(`/api/search?q=${enc('fresh milestone 9')}&limit=1`);
    expect(r.hits).toHaveLength(1);
    expect(r.truncated).toBe(false);
  });

  it("counts an agent's own rows when searching one agent", async () => {
    // Ten milestone rows are newer than all of S1's, but its first prompt is within S1's last ten rows
    // only when the budget counts S1's rows: S1 has more than ten, so go for one near its end.
    const last = (await t.events(A1)).filter((e) => e.kind === 'prompt').at(-1)!;
    expect(last.kind === 'prompt' && last.text).toBe(`task 5 for ${S1}`);
    const r = await t.get<SearchResult>(`/api/search?q=${enc(`task 5 for ${S1}`)}&agent=${enc(A1)}`);
    expect(r.hits.map((e) => e.id)).toEqual([last.id]);
    expect(r.truncated).toBe(true);
    const global = await t.get<SearchResult>(`/api/search?q=${enc(`task 5 for ${S1}`)}`);
    expect(global).toEqual({ hits: [], truncated: true });
  });
});

describe('the search reads through its own connection', () => {
  it('sees what the write path committed', async () => {
    const t = await startTestServer();
    try {
      await t.post('/api/event', { issue: 'LATE-1', phase: 'setup', level: 'info', title: 'committed just now' });
      const r = await t.get<SearchResult>(`/api/search?q=${enc('committed just now')}`);
      expect(r.hits.map((e) => e.agentId)).toEqual(['milestone:LATE-1']);
    } finally {
      await t.stop();
    }
  });
});
