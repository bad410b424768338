/**
 * What Lantern created in each settings.json (the file, the `hooks` key, event arrays), so that
 * `uninstall` removes exactly that and the file comes back byte for byte. It lives in Lantern's
 * data dir, not in settings.json: Claude Code validates its settings and unknown keys are a risk.
 * Losing it is harmless: uninstall then assumes Lantern created whatever it leaves empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CreatedRecord } from './lantern-hooks';
import { isJsonObject } from './json-value';

export interface FileRecord extends CreatedRecord {
  /** settings.json did not exist before the install. */
  createdFile: boolean;
}

const STATE_FILE = 'claude-hooks.json';

function statePath(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

function readAll(dataDir: string): Record<string, FileRecord> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(statePath(dataDir), 'utf8'));
    const files = isJsonObject(parsed) ? parsed.files : undefined;
    return isJsonObject(files) ? (files as unknown as Record<string, FileRecord>) : {};
  } catch {
    return {};
  }
}

export function readRecord(dataDir: string, settingsFile: string): FileRecord | null {
  const r = readAll(dataDir)[path.resolve(settingsFile)];
  if (!r || typeof r.hooksKey !== 'boolean' || !Array.isArray(r.events)) return null;
  return { hooksKey: r.hooksKey, events: r.events.filter((e) => typeof e === 'string'), createdFile: r.createdFile === true };
}

/** Stores (or with null, forgets) the record for one settings file. */
export function writeRecord(dataDir: string, settingsFile: string, record: FileRecord | null): void {
  const all = readAll(dataDir);
  const key = path.resolve(settingsFile);
  if (record) all[key] = record;
  else delete all[key];
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = statePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ version: 1, files: all }, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Install on top of an earlier install: what either created counts as created. */
export function mergeRecords(before: FileRecord | null, now: CreatedRecord, createdFile: boolean): FileRecord {
  return {
    createdFile: (before?.createdFile ?? false) || createdFile,
    hooksKey: (before?.hooksKey ?? false) || now.hooksKey,
    events: [...new Set([...(before?.events ?? []), ...now.events])],
  };
}
