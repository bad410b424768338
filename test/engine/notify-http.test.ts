// @vitest-environment node
/**
 * Notifications over real HTTP on 127.0.0.1 against the real headless host: a PermissionRequest
 * hook becomes an `alert` on the bus and an `event: alert` on /api/stream; the pause endpoint
 * refuses what it does not accept with a JSON 4xx, and a pause holds alerts back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, NotifyState } from '../../src/shared/notify';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { openSse, type SseClient } from '../helpers/http-raw-client';
import { waitFor } from '../helpers/wait-for';
import { manualScheduler } from './notify-fakes';

let t: TestServer | undefined;
const clients: SseClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await t?.stop();
  t = undefined;
});

const SESSION = 'dddddddd-4444-4444-8444-444444444444';
const OTHER = 'eeeeeeee-5555-4555-8555-555555555555';
const permission = (session: string, cwd = '/home/dev/payments-api') => ({
  hook_event_name: 'PermissionRequest',
  session_id: session,
  cwd,
  tool_name: 'Bash',
  tool_input: { command: 'npm test' },
});

async function hook(server: TestServer, body: unknown): Promise<void> {
  const res = await server.post('/api/hooks/claude', body);
  expect(res.status).toBe(204);
}

function put(server: TestServer, body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${server.base}/api/notifications/pause`, { method: 'PUT', headers: { 'X-Token': server.token, 'Content-Type': contentType }, body });
}

async function stream(server: TestServer): Promise<SseClient> {
  const c = await openSse(server.port, '/api/stream', { 'X-Token': server.token });
  clients.push(c);
  await waitFor(() => c.retries.length > 0, 5000, 'the stream to start');
  return c;
}

const named = (c: SseClient, name: string) => c.messages.filter((m) => m.event === name);

describe('alerts over HTTP', () => {
  it('a PermissionRequest hook becomes an alert on the bus and on /api/stream', async () => {
    t = await startTestServer();
    const alerts: Alert[] = [];
    t.host.engine.bus.on('alert', (a) => alerts.push(a));
    const c = await stream(t);
    await hook(t, permission(SESSION));
    const message = await waitFor(() => named(c, 'alert')[0], 10_000, 'event: alert on the stream');
    const alert = JSON.parse(message.data) as Alert;
    expect(alert).toMatchObject({ kind: 'blocked', agentIds: [`claude:${SESSION}`], title: 'payments-api', body: 'Claude needs your permission to use Bash' });
    expect(message.id).toBeUndefined(); // not a stored event: Last-Event-ID resume is unaffected
    expect(alerts).toEqual([alert]);
    expect(t.host.engine.notify.alertById(alert.id)).toEqual(alert);
  });
});

describe('PUT /api/notifications/pause', () => {
  it('refuses what it does not accept, with a JSON body saying what is accepted', async () => {
    t = await startTestServer();
    const server = t;
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
    const cases: Array<[string, number, RegExp, string?]> = [
      ['{"until": "tomorrow"}', 400, /not an ISO-8601 instant/],
      ['{"until": "2030-01-01T09:00:00"}', 400, /not an ISO-8601 instant with a zone/],
      [`{"until": "${new Date(Date.now() - 60_000).toISOString()}"}`, 400, /not in the future/],
      [`{"until": "${inDays(8)}"}`, 400, /more than 7 days ahead/],
      ['{"until": 3600}', 400, /string or null/],
      ['{}', 400, /until is required/],
      ['{"until": null, "for": "1h"}', 400, /unknown field "for"/],
      ['[]', 400, /JSON object/],
    ];
    for (const [body, status, detail] of cases) {
      const res = await put(server, body);
      expect(res.status, body).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      const json = (await res.json()) as { error: string; detail: string; accepted: { until: string } };
      expect(json.error, body).toBe('bad pause');
      expect(json.detail, body).toMatch(detail);
      expect(json.accepted.until).toMatch(/ISO-8601 instant/);
    }
    expect((await put(server, '{"until": null}', 'text/plain')).status).toBe(415);
    const malformed = await put(server, '{"until": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBe('bad json');
    expect(await server.get<NotifyState>('/api/notifications')).toEqual({ pausedUntil: null, channels: [] });
  });

  it('pauses (dropping alerts), says so on the stream, saves it, and resumes', async () => {
    const timers = manualScheduler();
    t = await startTestServer({ engine: { scheduler: timers.scheduler } });
    const server = t;
    const alerts: Alert[] = [];
    server.host.engine.bus.on('alert', (a) => alerts.push(a));
    const c = await stream(server);

    const until = new Date(Date.now() + 3600_000).toISOString();
    const res = await put(server, JSON.stringify({ until }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pausedUntil: until, channels: [] });
    expect(await server.get<NotifyState>('/api/notifications')).toEqual({ pausedUntil: until, channels: [] });
    const file = path.join(server.dataDir, 'notify-pause.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ pausedUntil: until });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await waitFor(() => named(c, 'notify').length > 0, 5000, 'event: notify');
    expect(JSON.parse(named(c, 'notify')[0].data)).toEqual({ pausedUntil: until, channels: [] });

    await hook(server, permission(SESSION));
    timers.runPending();
    expect(alerts).toEqual([]);

    const resumed = await put(server, '{"until": null}');
    expect(await resumed.json()).toEqual({ pausedUntil: null, channels: [] });
    expect(fs.existsSync(file)).toBe(false);
    await hook(server, permission(OTHER, '/home/dev/web'));
    timers.runPending();
    expect(alerts.map((a) => [a.title, a.agentIds])).toEqual([['web', [`claude:${OTHER}`]]]);
  });

  it('a pause saved by an earlier run holds after a restart', async () => {
    const until = new Date(Date.now() + 3600_000).toISOString();
    t = await startTestServer({
      before: ({ dataDir }) => {
        fs.mkdirSync(dataDir, { recursive: true });
        fs.writeFileSync(path.join(dataDir, 'notify-pause.json'), JSON.stringify({ pausedUntil: until }), { mode: 0o600 });
      },
    });
    expect(await t.get<NotifyState>('/api/notifications')).toEqual({ pausedUntil: until, channels: [] });
  });
});
