/**
 * Where things are, for the app: the data dir shared with `lantern serve` (so switching between
 * them keeps the history; LANTERN_DATA_DIR wins), the built UI and the preload bundle beside the
 * main bundle (dist/main/main.js → dist/ui, dist/preload/preload.cjs).
 */
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../engine/data-dir';
import { builtUiDir } from '../node-host/ui-dir';

export interface AppPaths {
  dataDir: string;
  /** Null when the UI has not been built. */
  uiDir: string | null;
  preload: string;
}

export function appPaths(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): AppPaths {
  return {
    dataDir: defaultDataDir(env),
    uiDir: builtUiDir(moduleUrl),
    preload: fileURLToPath(new URL('../preload/preload.cjs', moduleUrl)),
  };
}
