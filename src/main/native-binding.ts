/**
 * better-sqlite3's compiled module for Electron's ABI. The Node build in node_modules serves
 * vitest and `lantern serve`; the app loads an Electron build (DESIGN anti-pattern 4,
 * better-sqlite3#229). `LANTERN_SQLITE_BINDING` names one explicitly.
 *
 * In a checkout, `npm run electron:native` (scripts/electron-native.mjs) builds it into
 * native/electron-<version>-<platform>-<arch>/better_sqlite3.node, beside the Node build rather than
 * over it, and `npm start` passes that path as LANTERN_SQLITE_BINDING. A packaged app has neither:
 * better-sqlite3 then loads its default build, which electron-builder rebuilt for Electron.
 */
import { app } from 'electron';
import fs from 'node:fs';
import path from 'node:path';

export interface BindingFacts {
  env: NodeJS.ProcessEnv;
  /** Where package.json is: the checkout in development, app.asar when packaged. */
  appPath: string;
  /** process.versions.electron (undefined outside Electron: then there is no Electron build to look for). */
  electronVersion: string | undefined;
  platform: string;
  arch: string;
  isFile: (file: string) => boolean;
}

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** native/electron-<version>-<platform>-<arch>/better_sqlite3.node under `appPath` (the name scripts/electron-facts.mjs gives it). */
export const nativeBuildPath = (appPath: string, version: string, platform: string, arch: string) =>
  path.join(appPath, 'native', `electron-${version}-${platform}-${arch}`, 'better_sqlite3.node');

/**
 * The Electron build of better-sqlite3 to load: LANTERN_SQLITE_BINDING when it names an existing
 * file, else this checkout's native/ build for this Electron, platform and arch when it exists,
 * else null (better-sqlite3's own build).
 */
export function electronSqliteBinding(facts: Partial<BindingFacts> = {}): string | null {
  const f: Omit<BindingFacts, 'appPath'> = { env: process.env, electronVersion: process.versions.electron, platform: process.platform, arch: process.arch, isFile, ...facts };
  const fromEnv = f.env.LANTERN_SQLITE_BINDING;
  if (fromEnv && f.isFile(fromEnv)) return fromEnv;
  if (!f.electronVersion) return null;
  const built = nativeBuildPath(facts.appPath ?? app.getAppPath(), f.electronVersion, f.platform, f.arch);
  return f.isFile(built) ? built : null;
}

/** The binding to pass as the engine's `nativeBinding`, or undefined for better-sqlite3's own. */
export function resolveNativeBinding(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LANTERN_SQLITE_BINDING || electronSqliteBinding() || undefined;
}
