// @vitest-environment node
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeAgent, startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { rawRequest } from '../helpers/http-raw-client';
import { tempDir } from '../helpers/temp-dir';

const NESTED_ID = 'claude:5c03e1f2/a7c91f4';
const enc = encodeURIComponent;

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

describe('read API', () => {
  beforeEach(async () => {
    t = await startHttp();
    for (const id of ['claude:s1', NESTED_ID]) t.engine.agents.set(id, makeAgent(id));
    t.engine.append(5, 'claude:s1');
    t.engine.append(3, NESTED_ID);
  });

  it('GET /api/health', async () => {
    const res = await t.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(await t.engine.api.health());
  });

  it('GET /api/agents', async () => {
    expect(await (await t.get('/api/agents')).json()).toEqual({ agents: [makeAgent('claude:s1'), makeAgent(NESTED_ID)] });
  });

  it('GET /api/agents/:id decodes an id with : and an encoded /', async () => {
    const res = await t.get(`/api/agents/${enc(NESTED_ID)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(makeAgent(NESTED_ID));
  });

  it('GET /api/agents/:id answers 404 JSON for an unknown agent', async () => {
    const res = await t.get(`/api/agents/${enc('claude:nope')}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not found', detail: 'no agent with id "claude:nope"' });
  });

  it('does not take an unencoded / inside an id as part of the id', async () => {
    expect((await t.get('/api/agents/claude:5c03e1f2/a7c91f4')).status).toBe(404);
  });

  it('answers 400 for broken percent-encoding in an id', async () => {
    const res = await t.get('/api/agents/claude%E0%A4%A');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('bad path');
  });

  it('pages events with after, for an id with an encoded /', async () => {
    const res = await t.get(`/api/agents/${enc(NESTED_ID)}/events?after=6&limit=1`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { events: Array<{ id: number }>; next: number | null };
    expect(page.events.map((e) => e.id)).toEqual([7]);
    expect(page.next).toBe(7);
    expect(t.engine.queries.at(-1)).toEqual({ agentId: NESTED_ID, query: { after: 6, limit: 1 } });
  });

  it('pages events with before', async () => {
    const res = await t.get(`/api/agents/claude%3As1/events?before=5&limit=2`);
    const page = (await res.json()) as { events: Array<{ id: number }>; next: number | null };
    expect(page.events.map((e) => e.id)).toEqual([3, 4]);
    expect(page.next).toBe(3);
    expect(t.engine.queries.at(-1)?.query).toEqual({ before: 5, limit: 2 });
  });

  it('defaults limit to 200 and passes no cursor when none is given', async () => {
    const page = (await (await t.get('/api/agents/claude:s1/events')).json()) as { events: unknown[]; next: null };
    expect(page.events).toHaveLength(5);
    expect(page.next).toBeNull();
    expect(t.engine.queries.at(-1)?.query).toEqual({ limit: 200 });
  });

  it.each([
    ['limit=0', 'limit must be an integer 1-1000'],
    ['limit=1001', 'limit must be an integer 1-1000'],
    ['limit=abc', 'limit must be an integer 1-1000'],
    ['limit=2.5', 'limit must be an integer 1-1000'],
    ['limit=', 'limit must be an integer 1-1000'],
    ['after=-1', 'after must be a non-negative integer event id'],
    ['after=1.5', 'after must be a non-negative integer event id'],
    ['after=1e3', 'after must be a non-negative integer event id'],
    ['before=x', 'before must be a non-negative integer event id'],
    ['after=99999999999999999', 'after must be a non-negative integer event id'],
    ['after=1&before=9', 'use either after or before, not both'],
    ['limit=1&limit=2', 'limit is given 2 times'],
  ])('rejects ?%s with 400 bad query', async (query, detail) => {
    const res = await t.get(`/api/agents/claude:s1/events?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; detail: string; accepted: Record<string, string> };
    expect(body.error).toBe('bad query');
    expect(body.detail).toBe(detail);
    expect(Object.keys(body.accepted)).toEqual(['after', 'before', 'offset', 'limit']);
  });

  it('answers 404 for the events of an unknown agent', async () => {
    const res = await t.get(`/api/agents/${enc('claude:nope')}/events?after=0`);
    expect(res.status).toBe(404);
    expect(t.engine.queries).toHaveLength(0);
  });

  it.each(['/api/nope', '/api', '/api/agents/', '/v1/traces'])('answers an unknown API path %s with 404 JSON', async (path) => {
    const res = await t.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { error: string; accepted: string[] };
    expect(body.error).toBe('not found');
    expect(body.accepted).toContain('GET /api/agents/:id/events');
  });

  it('answers a non-path request target with 400', async () => {
    const res = await rawRequest(t.port, `http://127.0.0.1:${t.port}/api/health`, { headers: { 'X-Token': TEST_TOKEN } });
    expect(res.status).toBe(400);
  });
});

describe('web UI', () => {
  it('without a build, GET / is a placeholder page listing the API', async () => {
    t = await startHttp();
    t.engine.agents.set('claude:<script>', makeAgent('claude:<script>'));
    const res = await t.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('not built yet');
    expect(html).toContain('GET /api/agents/:id/events');
    expect(html).toContain('GET /api/stream');
    expect(html).not.toContain('<script');
    expect((await t.get('/app.js')).status).toBe(404);
  });

  describe('with a build directory', () => {
    let dir: ReturnType<typeof tempDir>;
    beforeEach(async () => {
      dir = tempDir('lantern-http-static-');
      const ui = join(dir.path, 'ui');
      mkdirSync(join(ui, 'assets'), { recursive: true });
      writeFileSync(join(ui, 'index.html'), '<!doctype html><title>UI</title>');
      writeFileSync(join(ui, 'assets', 'app.js'), 'console.log(1)');
      writeFileSync(join(ui, '.env'), 'SECRET=1');
      writeFileSync(join(dir.path, 'secret.txt'), 'outside');
      symlinkSync(join(dir.path, 'secret.txt'), join(ui, 'link.txt'));
      t = await startHttp({ staticDir: ui });
    });
    afterEach(() => dir.cleanup());

    it('serves files with their content type', async () => {
      const index = await t.get('/');
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(index.headers.get('x-frame-options')).toBe('DENY');
      expect(await index.text()).toContain('<title>UI</title>');
      const js = await t.get('/assets/app.js');
      expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await js.text()).toBe('console.log(1)');
    });

    it('answers client-side routes with the app shell', async () => {
      expect(await (await t.get('/agents/claude%3As1')).text()).toContain('<title>UI</title>');
    });

    it('answers a missing file with 404 JSON', async () => {
      const res = await t.get('/assets/nope.js');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
    });

    it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/.env', '/link.txt', '/%00index.html'])(
      'never serves %s from outside the build or a dotfile',
      async (path) => {
        const res = await rawRequest(t.port, path, { headers: { 'X-Token': TEST_TOKEN, Host: `127.0.0.1:${t.port}` } });
        expect(res.body).not.toContain('outside');
        expect(res.body).not.toContain('SECRET');
        expect([400, 404]).toContain(res.status);
      },
    );
  });
});
