/**
 * The settings port: the saved settings (settings.json), this run's overrides (command-line flags
 * and environment variables: they win over the file and are never written to it), and the values
 * this run started with, which decide what a change needs a restart for.
 *
 * Applied at once: `runningWindowSec` (liveness reads `current()` at every tick) and
 * `notifications` (stored only, for the notify policy). Read at start only: `claudeDirs` (the
 * watched roots) and `port` (the listening socket); a saved change to them is listed in
 * `restartRequired` until a restart picks it up. `settings` in the view shows the saved value for
 * those (what the form edits), with `restartRequired` saying it is not in effect yet.
 */
import { redactChannel } from '../../shared/channels';
import { DEFAULT_SETTINGS, type SettingKey, type Settings, type SettingsView } from '../../shared/settings';
import type { Logger } from '../logger';
import { readSettingsFile, writeSettingsFile } from './settings-file';
import { keepSavedSecrets } from './channel-secrets';
import { applySettingsPatch, parseSettingsPatch } from './settings-patch';

const START_ONLY: readonly SettingKey[] = ['claudeDirs', 'port'];

export interface SettingsServiceDeps {
  /** The settings file; null keeps changes in memory only (view `path` is then null). */
  file: string | null;
  /** Values given for this run by flags or environment variables. */
  overrides: Partial<Settings>;
  logger: Logger;
  /** Read on every view: roots come and go while the engine runs. */
  watchedRoots(): SettingsView['watchedRoots'];
  /** Called with the new view after every accepted update (the engine puts it on the bus). */
  onChange(view: SettingsView): void;
}

export interface SettingsService {
  /**
   * Saved values with this run's overrides on top: in force for the live keys; for `claudeDirs` and
   * `port` what this run started with until one is saved, then what the next start will use.
   */
  current(): Settings;
  view(): SettingsView;
  /** Validates `patch` (throws `SettingsError`), saves it, announces the new view and returns it. */
  update(patch: unknown): SettingsView;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What views show: channel secrets never leave the engine (the file keeps them, mode 0600). */
function redactSettings(s: Settings): Settings {
  const copy = structuredClone(s);
  copy.notifications.channels = copy.notifications.channels.map(redactChannel);
  return copy;
}

export function createSettingsService(deps: SettingsServiceDeps): SettingsService {
  let saved = deps.file ? readSaved(deps.file, deps.logger) : applySettingsPatch(DEFAULT_SETTINGS, {});
  // `{port: undefined}` is no override: only keys with a value count.
  const overrides = Object.fromEntries(Object.entries(deps.overrides).filter(([, v]) => v !== undefined)) as Partial<Settings>;
  const overridden = Object.keys(overrides) as SettingKey[];
  const current = (): Settings => ({ ...saved, ...overrides });
  const startedWith = current();

  const view = (): SettingsView => ({
    settings: redactSettings(current()),
    overridden: [...overridden],
    // An overridden key is not pending: the same flags at the next start would win again.
    restartRequired: START_ONLY.filter((k) => !overridden.includes(k) && !same(saved[k], startedWith[k])),
    path: deps.file,
    watchedRoots: deps.watchedRoots(),
  });

  return {
    current,
    view,
    update(raw) {
      const next = applySettingsPatch(saved, keepSavedSecrets(parseSettingsPatch(raw), saved.notifications.channels));
      if (deps.file) writeSettingsFile(deps.file, next);
      saved = next;
      const v = view();
      deps.onChange(v);
      return v;
    },
  };
}

function readSaved(file: string, logger: Logger): Settings {
  const { settings, problems } = readSettingsFile(file);
  for (const problem of problems) logger.warn('settings file: using the defaults for what is wrong in it', { file, problem });
  return settings;
}
