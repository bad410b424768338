/**
 * `<data dir>/settings.json`: what the Settings view saved. Read once at start. A missing file is the
 * defaults; an unreadable or partly invalid one is the defaults plus its valid keys, with the
 * problems returned for a warning: a bad hand edit must never keep Lantern from starting.
 * Written whole through a temp file and a rename, so a crash leaves the old file or the new one,
 * never half of one; mode 0600 like the token (it names the user's directories).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { writeFileAtomic } from '../sidecars/sidecar-file';
import { applySettingsPatch, salvageSettingsPatch } from './settings-patch';

export const settingsPathOf = (dataDir: string): string => path.join(dataDir, 'settings.json');

export function readSettingsFile(file: string): { settings: Settings; problems: string[] } {
  const defaults = applySettingsPatch(DEFAULT_SETTINGS, {});
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaults, problems: [] };
    return { settings: defaults, problems: [`cannot read it: ${err instanceof Error ? err.message : String(err)}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { settings: defaults, problems: [`not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const { patch, problems } = salvageSettingsPatch(raw);
  return { settings: applySettingsPatch(defaults, patch), problems };
}

export function writeSettingsFile(file: string, settings: Settings): void {
  writeFileAtomic(file, JSON.stringify(settings, null, 2) + '\n');
  // A temp file left by a crash keeps its old mode when written again: make sure.
  fs.chmodSync(file, 0o600);
}
