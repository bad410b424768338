/**
 * `EngineOptions.nativeBinding`: the tray app loads better-sqlite3's Electron build through it, while
 * tests and `lantern serve` load the Node build. Here it points at the Node build (the only one that
 * loads under vitest), and at files that are not a loadable module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeBindingPath } from '../../scripts/electron-facts.mjs';
import { createEngine } from '../../src/engine';
import { openReadonlyStore } from '../../src/engine/stats';
import { electronSqliteBinding, nativeBuildPath } from '../../src/main/native-binding';
import { sessionLines } from '../helpers/claude-lines';
import { tempDir } from '../helpers/temp-dir';

// src/main/native-binding.ts asks Electron for the app path; the real package would try to download
// the Electron binary when required, so it is never loaded here.
vi.mock('electron', () => ({ app: { getAppPath: () => path.resolve(__dirname, '../..') } }));

const NODE_BUILD = path.resolve(__dirname, '../../node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const S = '44444444-4444-4444-8444-444444444444';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const home = tempDir('lantern-binding-');
  cleanups.push(home.cleanup);
  const claudeDir = path.join(home.path, 'claude');
  const project = path.join(claudeDir, 'projects', '-home-dev-app');
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(path.join(project, `${S}.jsonl`), sessionLines(S, 1, '/home/dev/app').join('\n') + '\n');
  return { home: home.path, claudeDir, dataDir: path.join(home.path, 'data') };
}

const open = (claudeDir: string, dataDir: string, nativeBinding: string) =>
  createEngine({ dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], role: 'test', nativeBinding });

describe('nativeBinding', () => {
  it('an engine opens and indexes with the module it names', async () => {
    expect(fs.existsSync(NODE_BUILD)).toBe(true);
    const { claudeDir, dataDir } = setup();
    const engine = open(claudeDir, dataDir, NODE_BUILD);
    try {
      const r = await engine.index();
      expect(r.files).toBe(1);
      const { agents } = await engine.api.listAgents();
      expect(agents.map((a) => a.id)).toEqual([`claude:${S}`]);
    } finally {
      await engine.stop();
    }
    // The read-only stats connection takes it too.
    const db = openReadonlyStore(path.join(dataDir, 'lantern.db'), NODE_BUILD);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('a missing module is a clear error naming the path, and the data dir is left free', async () => {
    const { home, claudeDir, dataDir } = setup();
    const bogus = path.join(home, 'native', 'electron-0.0.0', 'better_sqlite3.node');
    expect(() => open(claudeDir, dataDir, bogus)).toThrow(`cannot load better-sqlite3's native module ${bogus} (nativeBinding): no such file`);
    // The lock was released: the same dir opens at once with a good module.
    const engine = open(claudeDir, dataDir, NODE_BUILD);
    await engine.stop();
  });

  it('a file that is not a compiled module (or is built for another runtime) names the path and why', () => {
    const { home, claudeDir, dataDir } = setup();
    const notAModule = path.join(home, 'better_sqlite3.node');
    fs.writeFileSync(notAModule, 'not an ELF file');
    let error: Error | undefined;
    try {
      open(claudeDir, dataDir, notAModule);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(new RegExp(`^cannot load better-sqlite3's native module ${notAModule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(nativeBinding\\): .+`));
    expect((error?.cause as NodeJS.ErrnoException | undefined)?.code).toBe('ERR_DLOPEN_FAILED');
  });
});

describe('electronSqliteBinding (the app picks the Electron build)', () => {
  const appPath = '/checkout';
  const built = path.join(appPath, 'native', 'electron-45.4.1-linux-x64', 'better_sqlite3.node');
  const facts = (files: string[], env: NodeJS.ProcessEnv = {}) => ({
    env,
    appPath,
    electronVersion: '45.4.1',
    platform: 'linux',
    arch: 'x64',
    isFile: (file: string) => files.includes(file),
  });

  it('takes LANTERN_SQLITE_BINDING when it names a file, else the checkout build for this Electron, else none', () => {
    expect(electronSqliteBinding(facts(['/x/b.node', built], { LANTERN_SQLITE_BINDING: '/x/b.node' }))).toBe('/x/b.node');
    expect(electronSqliteBinding(facts([built], { LANTERN_SQLITE_BINDING: '/gone.node' }))).toBe(built);
    expect(electronSqliteBinding(facts([built]))).toBe(built);
    expect(electronSqliteBinding(facts([]))).toBeNull();
    // Not in Electron (no process.versions.electron): no Electron build to look for.
    expect(electronSqliteBinding({ ...facts([built]), electronVersion: undefined })).toBeNull();
  });

  it('looks where npm run electron:native puts it', () => {
    const root = path.resolve(__dirname, '../..');
    expect(nativeBuildPath(root, '45.4.1', 'darwin', 'arm64')).toBe(nativeBindingPath('45.4.1', 'darwin', 'arm64'));
    // Defaults: this process (not Electron here, so null) and Electron's app path.
    expect(electronSqliteBinding({ env: {} })).toBeNull();
    const seen: string[] = [];
    electronSqliteBinding({ env: {}, electronVersion: '0.0.0', platform: 'linux', arch: 'x64', isFile: (f) => (seen.push(f), false) });
    expect(seen).toEqual([nativeBindingPath('0.0.0', 'linux', 'x64')]);
  });
});
