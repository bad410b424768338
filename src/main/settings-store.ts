/**
 * The app settings (app-settings.ts) in electron-store: a thin Electron layer over `conf`, which
 * validates every write and the file it reads against the schema.
 */
import ElectronStore from 'electron-store';
import { appSettingsSchema, type AppSettings } from './app-settings';

export type { AppSettings, WindowBounds } from './app-settings';

export type AppSettingsStore = ElectronStore<AppSettings>;

export interface AppSettingsOptions {
  /** Directory of the file (default: Electron's userData). */
  cwd?: string;
}

export function createAppSettings(opts: AppSettingsOptions = {}): AppSettingsStore {
  return new ElectronStore<AppSettings>({
    name: 'app-settings',
    schema: appSettingsSchema,
    // A hand-edited file the schema refuses resets to the defaults instead of stopping the app.
    clearInvalidConfig: true,
    configFileMode: 0o600,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
  });
}
