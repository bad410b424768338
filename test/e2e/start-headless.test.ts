/**
 * `npm start`: the decision between the tray app and `lantern serve` (a pure function, fed facts
 * here), and one real run of scripts/start.mjs falling back to headless. Nothing here downloads:
 * the real run has CI set and an Electron dist dir that is empty.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appEntry, electronBinary, hasDisplay, nativeBindingPath } from '../../scripts/electron-facts.mjs';
import { decideStart, headlessLine, type StartFacts } from '../../scripts/start-decision.mjs';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const ROOT = path.resolve(__dirname, '../..');
const tmp = tempDir('lantern-start-');
afterAll(() => tmp.cleanup());

/** Everything in place for the tray app; each case takes one thing away. */
const ready: StartFacts = {
  env: {},
  display: true,
  appEntry: 'dist/main/main.js',
  appBuilt: true,
  electronBinary: true,
  fetchFailed: false,
  nativeBuild: true,
  nativeFailed: false,
};
const decide = (change: Partial<StartFacts>) => decideStart({ ...ready, ...change });

describe('npm start: the decision', () => {
  it('runs Electron when the binary, a display, the app and the Electron build of better-sqlite3 are there', () => {
    expect(decide({})).toEqual({ action: 'electron' });
  });

  it('fetches a missing binary once, only where downloading is allowed', () => {
    expect(decide({ electronBinary: false })).toEqual({ action: 'fetch-electron' });
    expect(decide({ electronBinary: false, fetchFailed: true })).toEqual({
      action: 'headless',
      reason: 'no Electron binary here (it downloads from GitHub, and that failed)',
    });
    expect(decide({ electronBinary: false, env: { CI: 'true' } })).toEqual({
      action: 'headless',
      reason: 'no Electron binary here (it downloads from GitHub; CI is set, so not trying)',
    });
    expect(decide({ electronBinary: false, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toMatchObject({ action: 'headless', reason: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD is set') });
    // An explicit "off" is off.
    expect(decide({ electronBinary: false, env: { CI: 'false', ELECTRON_SKIP_BINARY_DOWNLOAD: '0' } })).toEqual({ action: 'fetch-electron' });
  });

  it('builds the Electron build of better-sqlite3 once when the binary is there and it is not', () => {
    expect(decide({ nativeBuild: false })).toEqual({ action: 'build-native' });
    expect(decide({ nativeBuild: false, nativeFailed: true })).toMatchObject({ action: 'headless', reason: expect.stringContaining('npm run electron:native failed') });
    expect(decide({ nativeBuild: false, env: { CI: '1' } })).toMatchObject({ action: 'headless', reason: expect.stringContaining('CI is set, so not building it') });
  });

  it('runs headless without a display, without the built app, or when asked to, before any download', () => {
    const nothing = { electronBinary: false, nativeBuild: false };
    expect(decide({ ...nothing, display: false })).toEqual({ action: 'headless', reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset), so no tray or window' });
    expect(decide({ ...nothing, appEntry: null })).toEqual({ action: 'headless', reason: 'package.json has no "main" (the tray app entry)' });
    expect(decide({ ...nothing, appBuilt: false })).toEqual({ action: 'headless', reason: 'the tray app is not built (dist/main/main.js is missing)' });
    expect(decide({ env: { LANTERN_HEADLESS: '1' } })).toEqual({ action: 'headless', reason: 'LANTERN_HEADLESS is set' });
  });

  it('reads a display from DISPLAY or WAYLAND_DISPLAY on Linux, and always has one on macOS and Windows', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
    expect(hasDisplay({}, 'win32')).toBe(true);
  });

  it('finds the binary where electron/install.js puts it, never by requiring electron', () => {
    const dist = path.join(tmp.path, 'electron-dist');
    fs.mkdirSync(dist, { recursive: true });
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toBeNull();
    // path.txt names the file on a machine that downloaded Electron; "electron" is assumed otherwise.
    const pathTxt = path.join(ROOT, 'node_modules/electron/path.txt');
    const binary = path.join(dist, fs.existsSync(pathTxt) ? fs.readFileSync(pathTxt, 'utf8').trim() : 'electron');
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.writeFileSync(binary, '');
    expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(binary);
    expect(electronBinary({ LANTERN_ELECTRON_BINARY: path.join(dist, 'electron') })).toBe(path.join(dist, 'electron'));
    expect(electronBinary({ LANTERN_ELECTRON_BINARY: path.join(dist, 'nope') })).toBeNull();
    expect(nativeBindingPath('45.4.1', 'linux', 'x64')).toBe(path.join(ROOT, 'native', 'electron-45.4.1-linux-x64', 'better_sqlite3.node'));
  });
});

describe('npm start: the headless fallback, for real', () => {
  it('prints one line saying why, then runs lantern serve with the arguments given; SIGTERM stops it', async () => {
    const dataDir = path.join(tmp.path, 'data');
    const emptyElectronDist = path.join(tmp.path, 'no-electron');
    fs.mkdirSync(emptyElectronDist);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CI: 'true',
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: emptyElectronDist,
      LANTERN_DATA_DIR: dataDir,
    };
    for (const name of ['LANTERN_HEADLESS', 'LANTERN_ELECTRON_BINARY', 'LANTERN_TOKEN', 'LANTERN_PORT']) delete env[name];
    // What the decision says for that environment on this checkout: headless, before any download.
    const app = appEntry();
    const step = decideStart({ env, display: true, appEntry: app.main, appBuilt: app.built, electronBinary: false, fetchFailed: false, nativeBuild: false, nativeFailed: false });
    expect(step.action).toBe('headless');
    const expectedLine = headlessLine((step as { reason: string }).reason);

    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--port', '0', '--no-default-dirs'], { cwd: ROOT, env, stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const openLine = waitFor(() => /^Open (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)$/m.exec(out), 20_000, 'the Open line');
      const open = (await openLine.catch((e: Error) => Promise.reject(new Error(`${e.message}\nstdout: ${out}\nstderr: ${err}`))))!;
      const lines = out.split('\n').filter((l) => l.startsWith('Lantern: '));
      expect(lines).toEqual([expectedLine]);
      expect(lines[0]).toMatch(/^Lantern: .+ — running headless: lantern serve$/);
      expect(out.indexOf(expectedLine)).toBeLessThan(out.indexOf('Open '));
      const health = await fetch(`${open[1]}/api/health`, { headers: { 'X-Token': decodeURIComponent(open[2]) } });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      expect(fs.existsSync(path.join(dataDir, 'lantern.db'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
