// @vitest-environment node
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostPolicy } from '../../src/engine/ingest/allowed-hosts';
import { createHttpServer } from '../../src/engine/ingest/server';
import { HttpError, reply } from '../../src/engine/ingest/respond';
import { silentLogger } from '../../src/engine/logger';
import { createFakeEngine, makeAgent, startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { rawRequest } from '../helpers/http-raw-client';

const UNAUTHORIZED = {
  error: 'unauthorized',
  detail: 'send the token as X-Token, Authorization: Bearer, or log in through the Open URL',
};

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

describe('token', () => {
  beforeEach(async () => {
    t = await startHttp();
    t.engine.agents.set('a', makeAgent('a'));
  });

  it('rejects a request without a token with 401 JSON', async () => {
    const res = await fetch(`${t.base}/api/agents`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual(UNAUTHORIZED);
  });

  it.each([
    ['X-Token', { 'X-Token': 'wrong' }],
    ['X-Token of another length', { 'X-Token': TEST_TOKEN + 'x' }],
    ['Bearer', { Authorization: 'Bearer wrong' }],
    ['cookie', { Cookie: 'lantern_token=wrong' }],
    ['empty X-Token', { 'X-Token': '' }],
  ])('rejects a wrong token sent as %s', async (_name, headers) => {
    const res = await fetch(`${t.base}/api/agents`, { headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(UNAUTHORIZED);
  });

  it.each([
    ['X-Token', { 'X-Token': TEST_TOKEN }],
    ['Authorization: Bearer', { Authorization: `Bearer ${TEST_TOKEN}` }],
    ['cookie', { Cookie: `other=1; lantern_token=${TEST_TOKEN}` }],
  ])('accepts the token sent as %s', async (_name, headers) => {
    const res = await fetch(`${t.base}/api/agents`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ agents: [makeAgent('a')] });
  });

  it('judges an explicit header over a cookie', async () => {
    const res = await fetch(`${t.base}/api/agents`, { headers: { 'X-Token': 'wrong', Cookie: `lantern_token=${TEST_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('answers 401, not 404, for unknown routes without a token', async () => {
    expect((await fetch(`${t.base}/api/nope`)).status).toBe(401);
    expect((await fetch(`${t.base}/`)).status).toBe(401);
  });

  it('sets the security headers and no CORS headers', async () => {
    for (const res of [await t.get('/api/agents'), await fetch(`${t.base}/api/agents`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('refuses to start without a token', () => {
    const engine = createFakeEngine();
    expect(() =>
      createHttpServer({ api: engine.api, bus: engine.bus, eventsAfter: () => [], token: '', host: '127.0.0.1', port: 0, logger: silentLogger }),
    ).toThrow(/non-empty token/);
  });
});

describe('browser login', () => {
  beforeEach(async () => {
    t = await startHttp();
  });

  it.each(['/', '/login'])('trades %s?token= for an HttpOnly cookie and redirects to /', async (path) => {
    const res = await fetch(`${t.base}${path}?token=${encodeURIComponent(TEST_TOKEN)}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^lantern_token=${TEST_TOKEN};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');

    const session = cookie.split(';')[0];
    const page = await fetch(`${t.base}/`, { headers: { Cookie: session } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${t.base}/api/health`, { headers: { Cookie: session } })).status).toBe(200);
  });

  it('rejects a login with a wrong token and sets no cookie', async () => {
    const res = await fetch(`${t.base}/?token=nope`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toEqual(UNAUTHORIZED);
  });
});

describe('Host and Origin', () => {
  beforeEach(async () => {
    t = await startHttp();
  });

  it('rejects a foreign Host (DNS rebinding) with 403 and the accepted hosts', async () => {
    const res = await rawRequest(t.port, '/api/health', { headers: { Host: `evil.example:${t.port}`, 'X-Token': TEST_TOKEN } });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/json');
    const body = JSON.parse(res.body) as { error: string; detail: string; accepted: string[] };
    expect(body.error).toBe('forbidden host');
    expect(body.detail).toContain('evil.example');
    expect(body.accepted).toEqual([`127.0.0.1:${t.port}`, `localhost:${t.port}`, `[::1]:${t.port}`]);
  });

  it.each(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])('accepts Host %s:<port>', async (name) => {
    const res = await rawRequest(t.port, '/api/health', { headers: { Host: `${name}:${t.port}`, 'X-Token': TEST_TOKEN } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['without a port', () => 'localhost'],
    ['with another port', () => `localhost:${t.port + 1}`],
    ['with a foreign name that starts like ours', () => `localhost.evil.example:${t.port}`],
  ])('rejects a Host %s', async (_name, host) => {
    const res = await rawRequest(t.port, '/api/health', { headers: { Host: host(), 'X-Token': TEST_TOKEN } });
    expect(res.status).toBe(403);
  });

  it.each([
    ['a foreign site', 'http://evil.example'],
    ['a foreign site on our port', 'http://evil.example:PORT'],
    ['https on our host', 'https://127.0.0.1:PORT'],
    ['null', 'null'],
  ])('rejects Origin of %s with 403', async (_name, origin) => {
    const res = await t.get('/api/health', { headers: { Origin: origin.replace('PORT', String(t.port)) } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe('forbidden origin');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a CORS preflight from a foreign Origin', async () => {
    const res = await fetch(`${t.base}/api/event`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect([...res.headers.keys()].filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });

  it.each(['http://127.0.0.1:PORT', 'http://localhost:PORT'])('accepts the same-origin Origin %s', async (origin) => {
    const res = await t.get('/api/health', { headers: { Origin: origin.replace('PORT', String(t.port)) } });
    expect(res.status).toBe(200);
  });
});

describe('host policy for other bind addresses', () => {
  it('adds a LAN address it is bound to', () => {
    const p = createHostPolicy('192.168.1.5', () => 4747);
    expect(p.allowsHost('192.168.1.5:4747')).toBe(true);
    expect(p.allowsHost('localhost:4747')).toBe(true);
    expect(p.allowsHost('192.168.1.6:4747')).toBe(false);
    expect(p.allowsOrigin('http://192.168.1.5:4747')).toBe(true);
  });

  it('bound to every interface, accepts IP literals but no names', () => {
    const p = createHostPolicy('0.0.0.0', () => 4747);
    expect(p.allowsHost('10.0.0.7:4747')).toBe(true);
    expect(p.allowsHost('[fe80::1]:4747')).toBe(true);
    expect(p.allowsHost('evil.example:4747')).toBe(false);
    expect(p.allowsHost('10.0.0.7:80')).toBe(false);
  });

  it('accepts a Host without a port only on port 80', () => {
    expect(createHostPolicy('127.0.0.1', () => 80).allowsHost('localhost')).toBe(true);
    expect(createHostPolicy('127.0.0.1', () => 4747).allowsHost('localhost')).toBe(false);
  });
});

describe('bodies and handler errors through addRoute', () => {
  beforeEach(async () => {
    t = await startHttp({ maxBodyBytes: 64 }, (server) => {
      server.addRoute('POST', '/api/echo', async (ctx) => ({ got: await ctx.readJson() }));
      server.addRoute('POST', '/api/accepted', () => reply(202, { queued: true }));
      server.addRoute('POST', '/api/nothing', () => undefined);
      server.addRoute('GET', '/api/teapot', () => {
        throw new HttpError(418, 'teapot', 'short and stout');
      });
      server.addRoute('GET', '/api/boom', () => {
        throw new Error('kaboom');
      });
    });
  });

  const post = (path: string, body: string, type = 'application/json') =>
    t.get(path, { method: 'POST', body, headers: { 'Content-Type': type } });

  it('parses a JSON body', async () => {
    const res = await post('/api/echo', '{"a":[1,2]}', 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: [1, 2] } });
  });

  it('rejects a non-JSON content type with 415', async () => {
    const res = await post('/api/echo', 'a=1', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'unsupported media type', accepted: ['application/json'] });
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post('/api/echo', JSON.stringify({ pad: 'x'.repeat(100) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload too large', accepted: { maxBytes: 64 } });
  });

  it('rejects an oversized chunked body (no Content-Length) with 413', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('"0123456789abcdef'));
        c.close();
      },
    });
    const res = await t.get('/api/echo', {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('rejects malformed JSON with 400 and the parse error', async () => {
    const res = await post('/api/echo', '{"a":');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; detail: string };
    expect(body.error).toBe('bad json');
    expect(body.detail).toMatch(/JSON/);
  });

  it('rejects an empty body with 400', async () => {
    const res = await post('/api/echo', '');
    expect(res.status).toBe(400);
  });

  it('answers reply() statuses and 204 for no result', async () => {
    expect((await post('/api/accepted', '{}')).status).toBe(202);
    expect((await post('/api/nothing', '{}')).status).toBe(204);
  });

  it('turns a thrown HttpError into its status and a thrown Error into a 500, and keeps serving', async () => {
    const teapot = await t.get('/api/teapot');
    expect(teapot.status).toBe(418);
    expect(await teapot.json()).toEqual({ error: 'teapot', detail: 'short and stout' });
    const boom = await t.get('/api/boom');
    expect(boom.status).toBe(500);
    expect(boom.headers.get('content-type')).toBe('application/json');
    expect(await boom.json()).toEqual({ error: 'internal error', detail: 'kaboom' });
    expect((await t.get('/api/health')).status).toBe(200);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await t.get('/api/echo');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('refuses to register a route twice', () => {
    expect(() => t.server.addRoute('POST', '/api/echo', () => null)).toThrow(/already registered/);
  });

  it('answers malformed HTTP with a JSON 400', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(t.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('Content-Type: application/json');
    expect(text).toContain('"error":"bad request"');
  });
});

describe('listen', () => {
  it('reports a busy port in one clear line', async () => {
    t = await startHttp();
    const engine = createFakeEngine();
    const second = createHttpServer({
      api: engine.api,
      bus: engine.bus,
      eventsAfter: () => [],
      token: TEST_TOKEN,
      host: '127.0.0.1',
      port: t.port,
      logger: silentLogger,
    });
    await expect(second.listen()).rejects.toThrow(
      `Port ${t.port} on 127.0.0.1 is already in use (another Lantern?). Use --port or LANTERN_PORT.`,
    );
    await second.close();
  });

  it('returns the bound address and a token-free URL', async () => {
    t = await startHttp();
    expect(t.info).toEqual({ host: '127.0.0.1', port: t.port, url: `http://127.0.0.1:${t.port}` });
    expect(t.port).toBeGreaterThan(0);
  });
});
