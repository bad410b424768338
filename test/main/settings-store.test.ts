// @vitest-environment node
/**
 * The app settings schema, through the real `conf` (electron-store's plain-Node core) with only
 * electron-store's Electron layer mocked: defaults accepted, bad bounds refused, a hand-edited
 * invalid file reset to the defaults instead of stopping the app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// electron-store's Electron layer only adds `cwd` (userData) and the name: the same over plain conf.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class Store extends Conf<Record<string, unknown>> {
    constructor(options: { name?: string; cwd: string } & Record<string, unknown>) {
      const { name, ...rest } = options;
      super({ ...rest, configName: name ?? 'config', projectName: 'lantern-test' });
    }
  }
  return { default: Store };
});
import { APP_SETTINGS_DEFAULTS, appSettingsSchema } from '../../src/main/app-settings';
import { createAppSettings } from '../../src/main/settings-store';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-app-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('app settings', () => {
  it('starts from the defaults, in app-settings.json, readable by this user only', () => {
    const store = createAppSettings({ cwd: dir });
    expect(store.store).toEqual(APP_SETTINGS_DEFAULTS);
    store.set('launchAtLogin', true);
    const file = path.join(dir, 'app-settings.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ launchAtLogin: true });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps good bounds', () => {
    const store = createAppSettings({ cwd: dir });
    store.set('window', { bounds: { x: -1200, y: 40, width: 1000, height: 700 }, maximized: true });
    expect(createAppSettings({ cwd: dir }).get('window')).toEqual({ bounds: { x: -1200, y: 40, width: 1000, height: 700 }, maximized: true });
  });

  it.each([
    ['a width below the minimum', { x: 0, y: 0, width: 10, height: 700 }],
    ['a fractional coordinate', { x: 0.5, y: 0, width: 1000, height: 700 }],
    ['a missing field', { x: 0, y: 0, width: 1000 }],
    ['an unknown field', { x: 0, y: 0, width: 1000, height: 700, z: 1 }],
    ['absurd coordinates', { x: 1e9, y: 0, width: 1000, height: 700 }],
  ])('refuses bounds with %s', (_what, bounds) => {
    const store = createAppSettings({ cwd: dir });
    expect(() => store.set('window', { bounds: bounds as never, maximized: false })).toThrow(/Config schema violation/);
    expect(store.get('window')).toEqual(APP_SETTINGS_DEFAULTS.window);
  });

  it('refuses a launchAtLogin that is not a boolean', () => {
    const store = createAppSettings({ cwd: dir });
    expect(() => store.set('launchAtLogin', 'yes' as never)).toThrow(/Config schema violation/);
  });

  it('resets a hand-edited file the schema refuses instead of failing to start', () => {
    fs.writeFileSync(path.join(dir, 'app-settings.json'), JSON.stringify({ window: { bounds: { x: 'left' }, maximized: false }, launchAtLogin: true }));
    expect(createAppSettings({ cwd: dir }).store).toEqual(APP_SETTINGS_DEFAULTS);
    fs.writeFileSync(path.join(dir, 'app-settings.json'), '{ not json');
    expect(createAppSettings({ cwd: dir }).store).toEqual(APP_SETTINGS_DEFAULTS);
  });

  it('gives every key a default', () => {
    for (const [key, schema] of Object.entries(appSettingsSchema)) expect((schema as { default?: unknown }).default, key).toEqual(APP_SETTINGS_DEFAULTS[key as keyof typeof APP_SETTINGS_DEFAULTS]);
  });
});
