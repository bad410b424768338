// @vitest-environment node
/**
 * The notify policy inside a real engine (temp data dir, real SQLite, real transcript files), with
 * a fake clock and scheduler: a live hook alerts; a restart over the same store and files, and
 * everything its initial index settles, does not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/shared/notify';
import type { Engine } from '../../src/engine';
import { parseClaudeHook } from '../../src/engine/hooks/claude-hook-schema';
import { COALESCE_MS } from '../../src/engine/notify';
import { promptLine } from '../helpers/claude-lines';
import { tempDir } from '../helpers/temp-dir';
import { createTestEngine } from '../helpers/test-engine';
import { fakeTime, T0, type FakeTime } from './notify-fakes';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const LIVE = 'aaaaaaaa-1111-4111-8111-111111111111';
const FAILED = 'bbbbbbbb-2222-4222-8222-222222222222';
const LATER = 'cccccccc-3333-4333-8333-333333333333';

function dirs() {
  const home = tempDir('lantern-notify-');
  cleanups.push(home.cleanup);
  const claudeDir = path.join(home.path, 'claude');
  const project = path.join(claudeDir, 'projects', '-home-dev-shop');
  fs.mkdirSync(project, { recursive: true });
  return { claudeDir, dataDir: path.join(home.path, 'data'), project };
}

function open(d: { claudeDir: string; dataDir: string }, time: FakeTime): { engine: Engine; alerts: Alert[] } {
  const engine = createTestEngine({ dataDir: d.dataDir, claudeDirs: [d.claudeDir], discoverRoots: false, taskDirs: [], clock: time.clock, scheduler: time.scheduler, role: 'test' }, cleanups);
  const alerts: Alert[] = [];
  engine.bus.on('alert', (a) => alerts.push(a));
  return { engine, alerts };
}

function permissionRequest(engine: Engine, session: string, cwd: string, tool: string): void {
  const parsed = parseClaudeHook({ hook_event_name: 'PermissionRequest', session_id: session, cwd, tool_name: tool, tool_input: { command: 'npm test' } });
  if (!parsed.ok) throw new Error(parsed.detail);
  engine.ingest.claudeHook(parsed.value);
}

/** A session that ended on an API error at `at`, its file last written then. */
function failedTranscript(project: string, session: string, at: number): void {
  const o = { session, cwd: '/home/dev/shop', ts: new Date(at - 5000).toISOString() };
  const apiError = JSON.stringify({ type: 'system', subtype: 'api_error', sessionId: session, cwd: o.cwd, uuid: `u-${session}`, timestamp: new Date(at).toISOString(), content: 'API Error: 529 overloaded' });
  const file = path.join(project, `${session}.jsonl`);
  fs.writeFileSync(file, `${promptLine(o, 'fix the checkout')}\n${apiError}\n`);
  fs.utimesSync(file, at / 1000, at / 1000);
}

describe('notify policy in the engine', () => {
  it('alerts on a live hook, and a restart over the same store and files sends nothing again', async () => {
    const d = dirs();
    const time = fakeTime(T0);
    const first = open(d, time);
    await first.engine.index();
    permissionRequest(first.engine, LIVE, '/home/dev/payments-api', 'Bash');
    time.advance(COALESCE_MS);
    expect(first.alerts).toEqual([
      { id: 1, kind: 'blocked', kinds: ['blocked'], agentIds: [`claude:${LIVE}`], title: 'payments-api', body: 'Claude needs your permission to use Bash', at: new Date(time.now()).toISOString() },
    ]);
    await first.engine.stop();

    // While Lantern was down, a session failed on an API error 100 s ago: recent enough to be news
    // if it were live, but the initial index reads it.
    time.advance(30_000);
    failedTranscript(d.project, FAILED, time.now() - 100_000);
    const second = open(d, time);
    await second.engine.watch();
    await second.engine.index();
    second.engine.liveness.evaluate(); // a liveness tick after going live
    time.advance(60_000);
    second.engine.liveness.evaluate();
    expect(second.engine.store.getAgent(`claude:${FAILED}`)?.state).toBe('failed');
    expect(second.engine.store.getAgent(`claude:${LIVE}`)?.state).toBe('blocked');
    const statuses = (await second.engine.api.getEvents(`claude:${FAILED}`, { limit: 100 })).events.filter((e) => e.kind === 'status');
    expect(statuses.map((e) => e.kind === 'status' && e.state)).toContain('failed');
    expect(second.alerts).toEqual([]);

    // The new run is live for news, with its own ids.
    permissionRequest(second.engine, LATER, '/home/dev/web', 'Edit');
    time.advance(COALESCE_MS);
    expect(second.alerts.map((a) => [a.id, a.title, a.body])).toEqual([[1, 'web', 'Claude needs your permission to use Edit']]);
  });

  it('keeps a pause across a restart, in a 0600 file', async () => {
    const d = dirs();
    const time = fakeTime(T0);
    const first = open(d, time);
    await first.engine.index();
    const until = new Date(T0 + 3600_000).toISOString();
    expect(await first.engine.api.pauseNotifications({ until })).toEqual({ pausedUntil: until, channels: [] });
    const file = path.join(d.dataDir, 'notify-pause.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await first.engine.stop();

    time.advance(60_000);
    const second = open(d, time);
    expect(await second.engine.api.notifyState()).toEqual({ pausedUntil: until, channels: [] });
    await second.engine.index();
    permissionRequest(second.engine, LIVE, '/home/dev/shop', 'Bash');
    time.advance(COALESCE_MS);
    expect(second.alerts).toEqual([]);
    // It ends by itself; the file goes with it.
    time.advance(3600_000);
    expect(await second.engine.api.notifyState()).toEqual({ pausedUntil: null, channels: [] });
    expect(fs.existsSync(file)).toBe(false);
  });
});
