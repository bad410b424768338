// @vitest-environment node
/**
 * Settings: the file in the data dir (atomic, 0600, salvaged when hand-edited badly), this run's
 * overrides, what needs a restart, the running window applied live, and the HTTP routes with their
 * 400s naming the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine';
import type { Logger } from '../../src/engine/logger';
import { parseSettingsPatch, salvageSettingsPatch, SettingsError } from '../../src/engine/settings/settings-patch';
import { SECRET_KEPT } from '../../src/shared/channels';
import { DEFAULT_SETTINGS, type Settings, type SettingsView } from '../../src/shared/settings';
import { assistantTextLine, promptLine } from '../helpers/claude-lines';
import { startTestServer, type TestServer } from '../helpers/headless-server';
import { tempDir } from '../helpers/temp-dir';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dirs() {
  const home = tempDir('lantern-settings-');
  cleanups.push(home.cleanup);
  const dataDir = path.join(home.path, 'data');
  const claudeDir = path.join(home.path, 'claude');
  fs.mkdirSync(path.join(claudeDir, 'projects'), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  return { home: home.path, dataDir, claudeDir, file: path.join(dataDir, 'settings.json') };
}

function capture(): Logger & { warnings: Array<Record<string, unknown> | undefined> } {
  const warnings: Array<Record<string, unknown> | undefined> = [];
  return { warnings, info() {}, error() {}, warn: (_m, fields) => void warnings.push(fields) };
}

function engine(opts: Partial<EngineOptions> & { dataDir: string }): Engine {
  const e = createEngine({ discoverRoots: false, taskDirs: [], role: 'test', ...opts });
  cleanups.push(() => e.stop());
  return e;
}

const readFile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Settings;

describe('settings over HTTP', () => {
  let t: TestServer;
  const put = (body: unknown, contentType = 'application/json') =>
    fetch(`${t.base}/api/settings`, {
      method: 'PUT',
      headers: { 'X-Token': t.token, 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const start = async () => {
    t = await startTestServer();
    cleanups.push(() => t.stop());
  };

  it('GET answers the view: settings, overrides, path and watched roots', async () => {
    await start();
    const view = await t.get<SettingsView>('/api/settings');
    expect(view.settings).toEqual({ ...DEFAULT_SETTINGS, claudeDirs: [t.claudeDir], port: 0 });
    expect([...view.overridden].sort()).toEqual(['claudeDirs', 'port']); // the test host passes both
    expect(view.restartRequired).toEqual([]);
    expect(view.path).toBe(path.join(t.dataDir, 'settings.json'));
    expect(view.watchedRoots).toContainEqual({ kind: 'claude', root: t.claudeDir, exists: true });
    expect(view.watchedRoots.every((r) => Object.keys(r).sort().join() === 'exists,kind,root')).toBe(true);
  });

  it('PUT saves a valid patch to a 0600 file and answers the new view', async () => {
    await start();
    const res = await put({ runningWindowSec: 30, notifications: { kinds: { pr: false }, throttleSec: 5 } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as SettingsView;
    const notifications = { kinds: { blocked: true, pr: false, done: true, error: true }, throttleSec: 5, channels: [], publicUrl: null };
    expect(view.settings).toMatchObject({ runningWindowSec: 30, notifications });
    const file = path.join(t.dataDir, 'settings.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The file holds saved values only: the test host's overrides (claudeDirs, port 0) are not written.
    expect(readFile(file)).toEqual({ ...DEFAULT_SETTINGS, runningWindowSec: 30, notifications });
    expect(fs.readdirSync(t.dataDir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(await t.get<SettingsView>('/api/settings')).toEqual(view);
    expect(t.host.engine.settings.current().runningWindowSec).toBe(30);

    // An overridden key is saved, but the flag keeps winning for this run and nothing waits on a restart.
    const port = (await (await put({ port: 5555 })).json()) as SettingsView;
    expect(readFile(file).port).toBe(5555);
    expect(port.settings.port).toBe(0);
    expect(port.restartRequired).toEqual([]);
  });

  it('keeps channel secrets out of every view, and keeps a saved one when the placeholder comes back', async () => {
    await start();
    const kinds = { blocked: true, pr: false, done: false, error: true };
    const phone = { id: 'phone', name: 'Phone', enabled: true, kinds, type: 'ntfy', url: 'https://ntfy.example/lantern-s3cr3t-topic', headers: { Authorization: 'Bearer tk_SECRET1' } };
    const mail = { id: 'mail', name: 'Mail', enabled: true, kinds, type: 'email', host: 'smtp.example', port: 465, security: 'tls', user: 'me', password: 'pw-SECRET2', from: 'me@example.com', to: ['me@example.com'] };
    const res = await put({ notifications: { channels: [phone, mail] } });
    expect(res.status).toBe(200);
    const text = JSON.stringify(await res.json());
    for (const secret of ['s3cr3t', 'tk_SECRET1', 'pw-SECRET2']) expect(text).not.toContain(secret);
    const view = await t.get<SettingsView>('/api/settings');
    expect(view.settings.notifications.channels).toEqual([
      { ...phone, url: SECRET_KEPT, headers: { Authorization: SECRET_KEPT } },
      { ...mail, password: SECRET_KEPT },
    ]);
    const file = path.join(t.dataDir, 'settings.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readFile(file).notifications.channels).toEqual([phone, mail]);

    // The view sent back as is (a rename) keeps every secret; a new value replaces one.
    const renamed = view.settings.notifications.channels.map((c) => (c.id === 'phone' ? { ...c, name: 'My phone' } : { ...c, password: 'pw-NEW' }));
    expect((await put({ notifications: { channels: renamed } })).status).toBe(200);
    expect(readFile(file).notifications.channels).toEqual([{ ...phone, name: 'My phone' }, { ...mail, password: 'pw-NEW' }]);

    // A placeholder with nothing saved behind it (a new channel) is refused, naming the field.
    const bad = await put({ notifications: { channels: [...renamed, { ...phone, id: 'new', url: SECRET_KEPT, headers: {} }] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^notifications\.channels\.2\.url: there is no saved value to keep/);
    expect(readFile(file).notifications.channels).toHaveLength(2);
  });

  it.each([
    [{ notifications: { channels: [{ id: 'x', name: 'x', enabled: true, kinds: { blocked: true, pr: true, done: true, error: true }, type: 'slack', url: 'ftp://x' }] } }, /^notifications\.channels\.0\.url: must be an http/],
    [{ notifications: { channels: [{ id: 'Bad Id', name: 'x', enabled: true, kinds: { blocked: true, pr: true, done: true, error: true }, type: 'slack', url: 'https://x' }] } }, /^notifications\.channels\.0\.id: must be 1-48/],
    [{ notifications: { channels: [{ id: 'h', name: 'x', enabled: true, kinds: { blocked: true, pr: true, done: true, error: true }, type: 'webhook', url: 'https://x', headers: { 'X-A': 'a\r\nInjected: 1' } }] } }, /must be one line/],
    [{ notifications: { channels: [{ id: 'e', name: 'x', enabled: true, kinds: { blocked: true, pr: true, done: true, error: true }, type: 'email', host: 'h', port: 25, security: 'none', user: '', password: '', from: 'nobody', to: ['a@b.c'] }] } }, /^notifications\.channels\.0\.from: must be an email address/],
    [{ notifications: { publicUrl: 'laptop.local:4747' } }, /^notifications\.publicUrl: must be an http/],
  ])('PUT %j is a 400 that says what is wrong', async (body, detail) => {
    await start();
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
  });

  it('PUT merges a partial jobs patch: patterns alone keep the skip code, null clears it', async () => {
    await start();
    const first = (await (await put({ jobs: { skipExitCode: 75 } })).json()) as SettingsView;
    expect(first.settings.jobs).toEqual({ patterns: [], skipExitCode: 75 });
    const second = (await (await put({ jobs: { patterns: ['aider', '/^nightly/'] } })).json()) as SettingsView;
    expect(second.settings.jobs).toEqual({ patterns: ['aider', '/^nightly/'], skipExitCode: 75 });
    const third = (await (await put({ jobs: { skipExitCode: null } })).json()) as SettingsView;
    expect(third.settings.jobs).toEqual({ patterns: ['aider', '/^nightly/'], skipExitCode: null });
    expect(readFile(path.join(t.dataDir, 'settings.json')).jobs).toEqual(third.settings.jobs);
  });

  it.each([
    [{ runningWindowSec: 1 }, 'runningWindowSec', /^runningWindowSec: Too small/],
    [{ runningWindowSec: 30.5 }, 'runningWindowSec', /^runningWindowSec: /],
    [{ port: 70_000 }, 'port', /^port: Too big/],
    [{ claudeDirs: 'dir' }, 'claudeDirs', /^claudeDirs: /],
    [{ notifications: { kinds: { pr: 'no' } } }, 'notifications.kinds.pr', /^notifications\.kinds\.pr: /],
    [{ foo: 1 }, 'foo', /^unknown setting "foo"$/],
    [{ notifications: { sound: true } }, 'notifications.sound', /^unknown setting "notifications\.sound"$/],
    [{ jobs: { skipExitCode: 0 } }, 'jobs.skipExitCode', /^jobs\.skipExitCode: Too small/],
    [{ jobs: { patterns: 'claude' } }, 'jobs.patterns', /^jobs\.patterns: /],
    [[1], '(body)', /^the settings must be a JSON object/],
    [null, '(body)', /^the settings must be a JSON object/],
  ])('PUT %j is a 400 naming %s and what is accepted; nothing is saved', async (body, _field, detail) => {
    await start();
    const res = await put(body);
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: string; detail: string; accepted: Record<string, string> };
    expect(err.error).toBe('bad settings');
    expect(err.detail).toMatch(detail);
    expect(Object.keys(err.accepted)).toEqual(['runningWindowSec', 'claudeDirs', 'notifications', 'port', 'jobs']);
    expect(fs.existsSync(path.join(t.dataDir, 'settings.json'))).toBe(false);
  });

  it('PUT refuses a body that is not JSON like the ingest routes do', async () => {
    await start();
    expect((await put('{"runningWindowSec": 30}', 'text/plain')).status).toBe(415);
    const bad = await put('{"runningWindowSec": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('bad json');
    expect((await put('x'.repeat(2 * 1024 * 1024))).status).toBe(413);
    expect(fs.existsSync(path.join(t.dataDir, 'settings.json'))).toBe(false);
  });
});

describe('settings in the engine', () => {
  it('applies a new running window at the next liveness evaluation', async () => {
    const d = dirs();
    const session = '33333333-3333-4333-8333-333333333333';
    const base = Date.UTC(2026, 10, 1, 10, 0, 0);
    const file = path.join(d.claudeDir, 'projects', '-w', `${session}.jsonl`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const o = { session, ts: new Date(base).toISOString() };
    fs.writeFileSync(file, [promptLine(o, 'go'), assistantTextLine(o, 'done', { id: 'm1', requestId: 'r1' })].join('\n') + '\n');
    fs.utimesSync(file, new Date(base), new Date(base));
    // One minute after the last write: inside the default 90 s window, outside a 30 s one.
    const e = engine({ dataDir: d.dataDir, claudeDirs: [d.claudeDir], clock: { now: () => base + 60_000 } });
    await e.index();
    e.liveness.evaluate();
    const id = `claude:${session}`;
    expect((await e.api.getAgent(id))?.state).toBe('running');

    const views: SettingsView[] = [];
    e.bus.on('settings', (v) => views.push(v));
    const view = await e.api.updateSettings({ runningWindowSec: 30 });
    expect(views).toEqual([view]);
    expect((await e.api.getAgent(id))?.state).toBe('running'); // until liveness looks again
    e.liveness.evaluate();
    expect((await e.api.getAgent(id))?.state).toBe('idle');
  });

  it('marks claudeDirs and port as needing a restart while they differ from what this run started with', async () => {
    const d = dirs();
    const e = engine({ dataDir: d.dataDir });
    const before = await e.api.getSettings();
    expect(before.overridden).toEqual([]);
    const extra = path.join(d.home, 'extra-claude');
    const changed = await e.api.updateSettings({ claudeDirs: [extra], port: 5555 });
    expect(changed.restartRequired).toEqual(['claudeDirs', 'port']);
    expect(changed.settings).toMatchObject({ claudeDirs: [extra], port: 5555 });
    expect(changed.watchedRoots).toEqual(before.watchedRoots); // read at start only
    const back = await e.api.updateSettings({ claudeDirs: [], port: DEFAULT_SETTINGS.port });
    expect(back.restartRequired).toEqual([]);
  });

  it('reads the file at start: its claude dirs are watched and its running window used', async () => {
    const d = dirs();
    const extra = path.join(d.home, 'from-file');
    fs.mkdirSync(extra);
    fs.writeFileSync(d.file, JSON.stringify({ claudeDirs: [extra], runningWindowSec: 30 }));
    const e = engine({ dataDir: d.dataDir });
    const view = await e.api.getSettings();
    expect(view.settings).toMatchObject({ claudeDirs: [extra], runningWindowSec: 30 });
    expect(view.overridden).toEqual([]);
    expect(e.claudeRoots).toEqual([extra]);
    expect(view.watchedRoots.map((r) => r.root)).toContain(extra);
  });

  it('lets flags win over the file for this run, and marks them overridden', async () => {
    const d = dirs();
    fs.writeFileSync(d.file, JSON.stringify({ runningWindowSec: 60, port: 4000 }));
    const e = engine({ dataDir: d.dataDir, runningWindowSec: 45, settings: { overrides: { port: 0 } } });
    const view = await e.api.getSettings();
    expect(view.settings).toMatchObject({ runningWindowSec: 45, port: 0 });
    expect([...view.overridden].sort()).toEqual(['port', 'runningWindowSec']);
    const after = await e.api.updateSettings({ runningWindowSec: 120 });
    expect(readFile(d.file)).toMatchObject({ runningWindowSec: 120, port: 4000 });
    expect(after.settings.runningWindowSec).toBe(45);
    expect(e.settings.current().runningWindowSec).toBe(45);
  });

  it('keeps the valid keys of a partly invalid file, with a warning for each bad one', async () => {
    const d = dirs();
    const text = JSON.stringify({ runningWindowSec: 1, port: 5000, notifications: { throttleSec: 60, kinds: { pr: 'no', done: false } }, bogus: true });
    fs.writeFileSync(d.file, text);
    const logger = capture();
    const e = engine({ dataDir: d.dataDir, logger });
    expect(e.settings.current()).toEqual({
      ...DEFAULT_SETTINGS,
      port: 5000,
      notifications: { kinds: { blocked: true, pr: true, done: false, error: true }, throttleSec: 60, channels: [], publicUrl: null },
    });
    const problems = logger.warnings.map((w) => String(w?.problem));
    expect(problems).toHaveLength(3);
    expect(problems.some((p) => p.startsWith('runningWindowSec:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('notifications.kinds.pr:'))).toBe(true);
    expect(problems).toContain('unknown setting "bogus"');
    expect(fs.readFileSync(d.file, 'utf8')).toBe(text); // left alone until the user saves
  });

  it.each([
    ['not JSON', (file: string) => fs.writeFileSync(file, '{ runningWindowSec: 30'), /^not valid JSON/],
    ['not an object', (file: string) => fs.writeFileSync(file, '[1, 2]'), /^the file: /],
    ['unreadable', (file: string) => fs.mkdirSync(file), /^cannot read it/],
  ])('starts on the defaults when the file is %s, with a warning', async (_what, spoil, problem) => {
    const d = dirs();
    spoil(d.file);
    const logger = capture();
    const e = engine({ dataDir: d.dataDir, logger });
    expect(e.settings.current()).toEqual(DEFAULT_SETTINGS);
    expect(logger.warnings).toHaveLength(1);
    expect(String(logger.warnings[0]?.problem)).toMatch(problem);
    expect((await e.api.health()).ok).toBe(true);
  });

  it('keeps changes in memory when there is no file', async () => {
    const d = dirs();
    const e = engine({ dataDir: d.dataDir, settings: { file: null } });
    const view = await e.api.updateSettings({ runningWindowSec: 20 });
    expect(view.path).toBeNull();
    expect(view.settings.runningWindowSec).toBe(20);
    expect(fs.existsSync(d.file)).toBe(false);
  });

  it('rejects a bad patch with a SettingsError naming the field, and changes nothing', async () => {
    const d = dirs();
    const e = engine({ dataDir: d.dataDir });
    const views: SettingsView[] = [];
    e.bus.on('settings', (v) => views.push(v));
    await expect(e.api.updateSettings({ runningWindowSec: 2 })).rejects.toMatchObject({ name: 'SettingsError', field: 'runningWindowSec' });
    expect(views).toEqual([]);
    expect(fs.existsSync(d.file)).toBe(false);
  });
});

describe('settings patches', () => {
  it('names the first bad field', () => {
    const field = (raw: unknown) => {
      try {
        parseSettingsPatch(raw);
        return null;
      } catch (err) {
        return err instanceof SettingsError ? err.field : 'other';
      }
    };
    expect(field({})).toBeNull();
    expect(field({ notifications: { kinds: {} } })).toBeNull();
    expect(field({ notifications: { throttleSec: -1 } })).toBe('notifications.throttleSec');
    expect(field({ claudeDirs: ['ok', ''] })).toBe('claudeDirs.1');
    expect(field('x')).toBe('(body)');
  });

  it('salvages what is valid, key by key', () => {
    const { patch, problems } = salvageSettingsPatch({ port: 'x', runningWindowSec: 40, notifications: { kinds: { error: false, loud: true } } });
    expect(patch).toEqual({ runningWindowSec: 40, notifications: { kinds: { error: false } } });
    expect(problems).toHaveLength(2);
  });
});
