/**
 * The port `lantern serve` listens on when neither --port nor LANTERN_PORT is given: the one saved
 * in `<data dir>/settings.json`, else 4747. Commands that point something at the server (hooks)
 * use it so they agree with where it listens. A bad file never fails them: defaults apply.
 */
import { readSettingsFile, settingsPathOf } from '../engine/settings/settings-file';

export function savedPort(dataDir: string): number {
  return readSettingsFile(settingsPathOf(dataDir)).settings.port;
}
