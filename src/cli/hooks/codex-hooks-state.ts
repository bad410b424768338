/**
 * What `lantern hooks install --codex` changed in each Codex file, so `uninstall` puts back exactly
 * what was there: for config.toml, the user's own `notify` value verbatim (or that there was none);
 * for hooks.json, what Lantern created. Kept in `<data dir>/codex-hooks.json`, not in Codex's files.
 * Losing it is harmless: uninstall then restores the chained notify from Lantern's own argv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isJsonObject } from './json-value';

export interface CodexFileRecord {
  /** The file did not exist before the install. */
  createdFile: boolean;
  /** config.toml: the `notify` value text before the install; null when there was no notify. */
  notifyText?: string | null;
  /** hooks.json: the `hooks` key and the event arrays Lantern created. */
  hooksKey?: boolean;
  events?: string[];
}

const STATE_FILE = 'codex-hooks.json';

function readAll(dataDir: string): Record<string, CodexFileRecord> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(dataDir, STATE_FILE), 'utf8'));
    const files = isJsonObject(parsed) ? parsed.files : undefined;
    return isJsonObject(files) ? (files as unknown as Record<string, CodexFileRecord>) : {};
  } catch {
    return {};
  }
}

export function readCodexRecord(dataDir: string, file: string): CodexFileRecord | null {
  const r = readAll(dataDir)[path.resolve(file)];
  if (!isJsonObject(r)) return null;
  return {
    createdFile: r.createdFile === true,
    ...(typeof r.notifyText === 'string' || r.notifyText === null ? { notifyText: r.notifyText } : {}),
    ...(typeof r.hooksKey === 'boolean' ? { hooksKey: r.hooksKey } : {}),
    ...(Array.isArray(r.events) ? { events: r.events.filter((e) => typeof e === 'string') } : {}),
  };
}

export function writeCodexRecord(dataDir: string, file: string, record: CodexFileRecord | null): void {
  const all = readAll(dataDir);
  const key = path.resolve(file);
  if (record) all[key] = record;
  else delete all[key];
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const target = path.join(dataDir, STATE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ version: 1, files: all }, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(temp, target);
}
