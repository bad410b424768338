import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine';
import { registerSessionRoutes, type SessionRouteDeps } from '../../src/engine/ingest/session-routes';
import { procStartTicks } from '../../src/engine/liveness/process-alive';
import { writeSidecar } from '../../src/engine/sidecars';
import { startHttp, TEST_TOKEN, type TestServer } from '../helpers/http-fake-engine';
import { rawRequest } from '../helpers/http-raw-client';
import { tempDir } from '../helpers/temp-dir';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const LIVE = 'aaaaaaaa-1111-4111-8111-111111111111';
const ARCHIVED = 'bbbbbbbb-2222-4222-8222-222222222222';
const FOUND = 'cccccccc-3333-4333-8333-333333333333';

/** Lines of known, different lengths so windows can be checked exactly. */
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => JSON.stringify({ type: 'user', i, tag, pad: 'x'.repeat(i % 7) }) + '\n').join('');

async function setup(over: Partial<SessionRouteDeps> = {}) {
  const home = tempDir('lantern-sessions-');
  cleanups.push(home.cleanup);
  const dataDir = path.join(home.path, 'data');
  const claudeDir = path.join(home.path, 'claude');
  const liveFile = path.join(home.path, 'elsewhere', `${LIVE}.jsonl`);
  fs.mkdirSync(path.dirname(liveFile), { recursive: true });
  fs.writeFileSync(liveFile, lines(200, 'live'));
  fs.mkdirSync(path.join(dataDir, 'archive'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'archive', `${ARCHIVED}.jsonl`), lines(5, 'archived'));
  fs.writeFileSync(path.join(dataDir, 'archive', `${LIVE}.jsonl`), 'stale copy\n');
  fs.mkdirSync(path.join(claudeDir, 'projects', '-home-dev-x'), { recursive: true });
  fs.writeFileSync(path.join(claudeDir, 'projects', '-home-dev-x', `${FOUND}.jsonl`), lines(3, 'found'));
  const t: TestServer = await startHttp({}, (server, engine) =>
    registerSessionRoutes(server, {
      api: engine.api,
      dataDir,
      transcriptOf: (id) => (id === LIVE ? liveFile : id === ARCHIVED ? path.join(home.path, 'deleted-by-cleanup.jsonl') : null),
      claudeRoots: [claudeDir],
      ...over,
    }),
  );
  cleanups.push(() => t.close());
  return { t, liveFile, dataDir, claudeDir, home: home.path };
}

const header = (res: Response, name: string) => res.headers.get(name);

describe('GET /api/sessions/:sessionId/transcript', () => {
  it('returns the tail of the live file, starting on a line boundary', async () => {
    const { t, liveFile } = await setup();
    const full = fs.readFileSync(liveFile);
    const res = await t.get(`/api/sessions/${LIVE}/transcript?bytes=1000`);
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(header(res, 'x-transcript-source')).toBe('live');
    expect(decodeURI(header(res, 'x-transcript-path')!)).toBe(liveFile);
    expect(Number(header(res, 'x-transcript-size'))).toBe(full.length);
    const body = Buffer.from(await res.arrayBuffer());
    const offset = Number(header(res, 'x-transcript-offset'));
    expect(body.length).toBeLessThanOrEqual(1000);
    expect(offset + body.length).toBe(full.length);
    expect(full[offset - 1]).toBe(10); // the partial first line was skipped
    expect(body.equals(full.subarray(offset))).toBe(true);
    for (const l of body.toString().trim().split('\n')) expect(JSON.parse(l)).toMatchObject({ tag: 'live' });
  });

  it('defaults to the last 200 KB: a small file comes whole', async () => {
    const { t, liveFile } = await setup();
    const res = await t.get(`/api/sessions/${LIVE}/transcript`);
    expect(header(res, 'x-transcript-offset')).toBe('0');
    expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(liveFile))).toBe(true);
  });

  it('continues from since, at most bytes, ending after a complete line', async () => {
    const { t, liveFile } = await setup();
    const full = fs.readFileSync(liveFile);
    const since = full.indexOf(10, 500) + 1;
    const res = await t.get(`/api/sessions/${LIVE}/transcript?since=${since}&bytes=700`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(header(res, 'x-transcript-offset')).toBe(String(since));
    expect(body.length).toBeLessThanOrEqual(700);
    expect(body.at(-1)).toBe(10);
    expect(body.equals(full.subarray(since, since + body.length))).toBe(true);
    // Paging on from offset + length walks the whole rest of the file without gaps.
    let next = since + body.length;
    const pages = [body];
    while (next < full.length) {
      const r = await t.get(`/api/sessions/${LIVE}/transcript?since=${next}&bytes=700`);
      const b = Buffer.from(await r.arrayBuffer());
      expect(b.length).toBeGreaterThan(0);
      pages.push(b);
      next += b.length;
    }
    expect(Buffer.concat(pages).equals(full.subarray(since))).toBe(true);
    const end = await t.get(`/api/sessions/${LIVE}/transcript?since=${full.length + 50}`);
    expect([end.status, header(end, 'x-transcript-offset'), (await end.arrayBuffer()).byteLength]).toEqual([200, String(full.length), 0]);
  });

  it('falls back to a search of the Claude roots, then to the archive', async () => {
    const { t, dataDir, claudeDir } = await setup();
    const found = await t.get(`/api/sessions/${FOUND}/transcript`);
    expect(header(found, 'x-transcript-source')).toBe('live');
    expect(decodeURI(header(found, 'x-transcript-path')!)).toBe(path.join(claudeDir, 'projects', '-home-dev-x', `${FOUND}.jsonl`));
    expect(await found.text()).toBe(lines(3, 'found'));
    const archived = await t.get(`/api/sessions/${ARCHIVED}/transcript`);
    expect(header(archived, 'x-transcript-source')).toBe('archive');
    expect(decodeURI(header(archived, 'x-transcript-path')!)).toBe(path.join(dataDir, 'archive', `${ARCHIVED}.jsonl`));
    expect(await archived.text()).toBe(lines(5, 'archived'));
  });

  it('answers 404 JSON for an unknown session', async () => {
    const { t } = await setup();
    const res = await t.get('/api/sessions/dddddddd-4444-4444-8444-444444444444/transcript');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not found' });
  });

  it('rejects ids that are not UUID-like, and traversal attempts, with 400 JSON', async () => {
    const { t } = await setup();
    const badIds = ['..%2F..%2Fetc%2Fpasswd', '..%2Fdata%2Farchive%2F' + ARCHIVED, '%2E%2E', '..', 'a%25b', 'a.b', 'x'.repeat(129), '%00'];
    for (const id of badIds) {
      const res = await rawRequest(t.port, `/api/sessions/${id}/transcript`, { headers: { 'X-Token': TEST_TOKEN } });
      expect(res.status, id).toBe(400);
      expect(JSON.parse(res.body).error, id).toBe('bad session id');
    }
    // An unencoded `/` makes another path altogether: never a transcript.
    const slash = await rawRequest(t.port, `/api/sessions/../../etc/passwd/transcript`, { headers: { 'X-Token': TEST_TOKEN } });
    expect(slash.status).toBe(404);
    expect(slash.headers['content-type']).toBe('application/json');
  });

  it('validates bytes and since', async () => {
    const { t } = await setup();
    for (const q of ['bytes=0', 'bytes=10485761', 'bytes=abc', 'since=-1', 'since=1.5', 'bytes=']) {
      const res = await t.get(`/api/sessions/${LIVE}/transcript?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('bad query');
    }
  });

  it('needs the token like every route', async () => {
    const { t } = await setup();
    expect((await fetch(`${t.base}/api/sessions/${LIVE}/transcript`)).status).toBe(401);
  });
});

describe('GET /api/sessions/active', () => {
  it('lists a live lantern run sidecar through the real engine', async () => {
    const home = tempDir('lantern-active-');
    cleanups.push(home.cleanup);
    const dataDir = path.join(home.path, 'data');
    const engine = createEngine({ dataDir, claudeDirs: [path.join(home.path, 'claude')], discoverRoots: false, taskDirs: [], role: 'test' });
    cleanups.push(() => engine.stop());
    const runDir = path.join(dataDir, 'run');
    const sessionId = 'eeeeeeee-5555-4555-8555-555555555555';
    const startedAt = '2026-11-01T10:00:00.000Z';
    writeSidecar(runDir, { sessionId, tag: 'nightly', pid: process.pid, procStart: procStartTicks(process.pid), childPid: null, startedAt, attempt: 3, command: ['claude', '-p', 'x'], cwd: '/w' });
    writeSidecar(runDir, { sessionId: 'gone', tag: null, pid: 2147483646, procStart: null, childPid: null, startedAt, attempt: 1, command: [], cwd: '/' });

    const t = await startHttp({}, (server) =>
      registerSessionRoutes(server, { api: engine.api, dataDir, transcriptOf: () => null, claudeRoots: [] }),
    );
    cleanups.push(() => t.close());
    const res = await t.get('/api/sessions/active');
    expect(res.status).toBe(200);
    const { sessions } = (await res.json()) as { sessions: Array<Record<string, unknown>> };
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ sessionId, tag: 'nightly', pid: process.pid, startedAt, attempt: 3, source: 'sidecar', transcript: null, command: ['claude', '-p', 'x'] });
    expect(fs.readdirSync(path.join(runDir, 'sidecars'))).toEqual([`${process.pid}.json`]); // the dead one was collected
  });
});
