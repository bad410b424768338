/** What scripts/start.mjs found out; `fetchFailed` / `nativeFailed` once it tried and failed. */
export interface StartFacts {
  env: {
    CI?: string;
    ELECTRON_SKIP_BINARY_DOWNLOAD?: string;
    LANTERN_HEADLESS?: string;
    [name: string]: string | undefined;
  };
  /** A window can open (macOS, Windows; Linux with DISPLAY or WAYLAND_DISPLAY). */
  display: boolean;
  /** package.json "main", or null. */
  appEntry: string | null;
  appBuilt: boolean;
  electronBinary: boolean;
  fetchFailed: boolean;
  /** native/electron-<version>-<platform>-<arch>/better_sqlite3.node exists. */
  nativeBuild: boolean;
  nativeFailed: boolean;
}

export type StartStep =
  | { action: 'headless'; reason: string }
  | { action: 'fetch-electron' }
  | { action: 'build-native' }
  | { action: 'electron' };

export function flagOn(value: string | undefined): boolean;
export function decideStart(facts: StartFacts): StartStep;
export function headlessLine(reason: string): string;
