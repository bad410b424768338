import { describe, expect, it } from 'vitest';
import {
  findLanternHandlers,
  hookUrl,
  installLanternHooks,
  isLanternUrl,
  LANTERN_HOOK_EVENTS,
  lanternHandler,
  uninstallLanternHooks,
  type CreatedRecord,
} from '../../src/cli/hooks/lantern-hooks';
import { inspectLanternHooks } from '../../src/cli/hooks/hooks-status';
import type { JsonObject } from '../../src/cli/hooks/json-value';

const T = { port: 4747, token: 'tok-0123456789abcdef' };
const userPre = { matcher: 'Bash', hooks: [{ type: 'command', command: 'guard.sh' }] };

describe('installLanternHooks', () => {
  it('into an empty object adds one group per event, with a "*" matcher only on tool events', () => {
    const r = installLanternHooks({}, T);
    expect(r.added).toEqual([...LANTERN_HOOK_EVENTS]);
    expect(r.created).toEqual({ hooksKey: true, events: [...LANTERN_HOOK_EVENTS] });
    const hooks = r.settings.hooks as JsonObject;
    expect(Object.keys(hooks)).toEqual([...LANTERN_HOOK_EVENTS]);
    expect(hooks.PreToolUse).toEqual([
      { matcher: '*', hooks: [{ type: 'http', url: 'http://127.0.0.1:4747/api/hooks/claude', timeout: 2, headers: { 'X-Token': T.token } }] },
    ]);
    expect(hooks.PermissionRequest).toEqual([{ matcher: '*', hooks: [lanternHandler(T)] }]);
    expect(hooks.Stop).toEqual([{ hooks: [lanternHandler(T)] }]);
    expect(hooks.Notification).toEqual([{ hooks: [lanternHandler(T)] }]);
  });

  it('appends after the user\'s own groups and leaves every other key alone', () => {
    const settings = { model: 'opus', hooks: { PreToolUse: [userPre], Custom: [] }, env: { A: '1' } };
    const before = structuredClone(settings);
    const r = installLanternHooks(settings, T);
    expect(settings).toEqual(before); // input not mutated
    expect(Object.keys(r.settings)).toEqual(['model', 'hooks', 'env']);
    const hooks = r.settings.hooks as JsonObject;
    expect(hooks.PreToolUse).toEqual([userPre, { matcher: '*', hooks: [lanternHandler(T)] }]);
    expect(hooks.Custom).toEqual([]);
    expect(r.created.hooksKey).toBe(false);
    expect(r.created.events).not.toContain('PreToolUse');
    expect(r.created.events).toHaveLength(LANTERN_HOOK_EVENTS.length - 1);
  });

  it('is idempotent: a second install changes nothing', () => {
    const once = installLanternHooks({ hooks: { PreToolUse: [userPre] } }, T).settings;
    const twice = installLanternHooks(once, T);
    expect(twice.added).toEqual([]);
    expect(twice.updated).toEqual([]);
    expect(twice.unchanged).toEqual([...LANTERN_HOOK_EVENTS]);
    expect(twice.settings).toEqual(once);
  });

  it('updates a stale port and token in place, keeping position and the user\'s tuning', () => {
    const once = installLanternHooks({ hooks: { Stop: [userPre] } }, { port: 5000, token: 'old-token-0123456789' }).settings;
    const stop = (once.hooks as JsonObject).Stop as JsonObject[];
    ((stop[1].hooks as JsonObject[])[0] as JsonObject).statusMessage = 'lantern';
    const r = installLanternHooks(once, T);
    expect(r.added).toEqual([]);
    expect(r.updated).toEqual([...LANTERN_HOOK_EVENTS]);
    const after = (r.settings.hooks as JsonObject).Stop as JsonObject[];
    expect(after[0]).toEqual(userPre);
    expect(after[1].hooks).toEqual([{ ...lanternHandler(T), statusMessage: 'lantern' }]);
    expect(findLanternHandlers(r.settings)).toHaveLength(LANTERN_HOOK_EVENTS.length);
  });

  it('finds its handler wherever the user moved it (not by position), e.g. inside their own group', () => {
    const mine = { ...lanternHandler({ port: 4747, token: 'x-token-0123456789ab' }), url: 'http://localhost:4747/api/hooks/claude/' };
    const settings = { hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'fmt' }, mine] }] } };
    const r = installLanternHooks(settings, T);
    expect(r.updated).toEqual(['PostToolUse']);
    expect(((r.settings.hooks as JsonObject).PostToolUse as JsonObject[])).toHaveLength(1);
  });

  it('refuses a hooks value that is not an object, an event that is not an array, and an unsafe token', () => {
    expect(() => installLanternHooks({ hooks: [] }, T)).toThrow(/"hooks" must be an object/);
    expect(() => installLanternHooks({ hooks: 'x' }, T)).toThrow(/found string "x"/);
    expect(() => installLanternHooks({ hooks: { Stop: {} } }, T)).toThrow(/"hooks.Stop" must be an array/);
    expect(() => installLanternHooks([], T)).toThrow(/JSON object/);
    expect(() => installLanternHooks({}, { port: 1, token: 'has $VAR inside' })).toThrow(/token/);
  });
});

describe('isLanternUrl', () => {
  it('accepts the endpoint on any loopback host and port, nothing else', () => {
    for (const u of ['http://127.0.0.1:4747/api/hooks/claude', 'http://localhost:1/api/hooks/claude', 'http://[::1]:9/api/hooks/claude', 'http://127.1.2.3:80/api/hooks/claude/']) {
      expect(isLanternUrl(u), u).toBe(true);
    }
    for (const u of ['http://10.0.0.2:4747/api/hooks/claude', 'https://127.0.0.1:4747/api/hooks/claude', 'http://127.0.0.1:4747/api/hooks/codex', 'http://127.0.0.1:7777/cc/hook', 'nonsense', 42]) {
      expect(isLanternUrl(u), String(u)).toBe(false);
    }
  });
});

describe('uninstallLanternHooks', () => {
  const installed = (settings: JsonObject) => installLanternHooks(settings, T);

  it('removes only Lantern\'s handlers and what it created', () => {
    const original = { model: 'opus', hooks: { PreToolUse: [userPre] } };
    const { settings, created } = installed(original);
    const r = uninstallLanternHooks(settings, created);
    expect(r.removed).toHaveLength(LANTERN_HOOK_EVENTS.length);
    expect(r.settings).toEqual(original);
  });

  it('keeps an event array and a hooks object that existed (empty) before the install', () => {
    const original = { hooks: { Stop: [] } };
    const { settings, created } = installed(original);
    expect(uninstallLanternHooks(settings, created).settings).toEqual(original);
    const empty = { hooks: {} };
    const second = installed(empty);
    expect(uninstallLanternHooks(second.settings, second.created).settings).toEqual(empty);
  });

  it('without a record, removes whatever Lantern left empty', () => {
    const { settings } = installed({ a: 1 });
    expect(uninstallLanternHooks(settings, null).settings).toEqual({ a: 1 });
  });

  it('keeps a group the user shares with Lantern\'s handler, and groups the user added later', () => {
    const shared = { matcher: 'Edit', hooks: [{ type: 'command', command: 'fmt' }, lanternHandler(T)] };
    const created: CreatedRecord = { hooksKey: true, events: ['PostToolUse', 'Stop'] };
    const settings = { hooks: { PostToolUse: [shared], Stop: [{ hooks: [lanternHandler(T)] }, userPre] } };
    const r = uninstallLanternHooks(settings, created);
    expect(r.settings).toEqual({ hooks: { PostToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'fmt' }] }], Stop: [userPre] } });
  });

  it('is a no-op on settings without Lantern hooks', () => {
    const settings = { hooks: { PreToolUse: [userPre] } };
    expect(uninstallLanternHooks(settings, null)).toEqual({ settings, removed: [] });
    expect(uninstallLanternHooks({}, null)).toEqual({ settings: {}, removed: [] });
  });
});

describe('inspectLanternHooks', () => {
  it('reports installed, missing, wrong URL, wrong token and duplicates', () => {
    const { settings } = installLanternHooks({}, T);
    expect(inspectLanternHooks(settings, 4747, T.token)).toMatchObject({ installed: [...LANTERN_HOOK_EVENTS], missing: [], wrongUrl: [], wrongToken: [], duplicated: [] });
    const hooks = settings.hooks as JsonObject;
    delete hooks.PostCompact;
    (hooks.Stop as JsonObject[]).push({ hooks: [lanternHandler(T)] });
    const r = inspectLanternHooks(settings, 5000, 'another-token-0123456');
    expect(r.missing).toEqual(['PostCompact']);
    expect(r.duplicated).toEqual(['Stop']);
    expect(r.wrongUrl.every((f) => f.handler.url === hookUrl(4747))).toBe(true);
    expect(r.wrongToken).toHaveLength(LANTERN_HOOK_EVENTS.length); // 13 events, Stop twice
  });
});
