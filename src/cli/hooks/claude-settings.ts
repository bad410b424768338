/**
 * Reading and writing Claude Code's settings.json without ever leaving it half-written or
 * reformatted: strict parse with a line/column error, a backup with the same mode, minimal text
 * patching (json-patch), then temp file + rename next to the real file (a symlinked settings.json,
 * common with dotfiles managers, stays a symlink).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { HooksError } from './lantern-hooks';
import { parseJsonTree, JsonSyntaxError, type JsonNode } from './json-text';
import { detectStyle, patchJsonText } from './json-patch';
import { jsonEqual, type JsonValue } from './json-value';

const BOM = '\uFEFF';
/** Mode of a settings.json Lantern creates: it holds the token. */
const NEW_FILE_MODE = 0o600;

/** Claude Code's own config dir: the first `$CLAUDE_CONFIG_DIR` entry, else `~/.claude`. */
export function defaultClaudeDir(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const first = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((s) => s.trim()).find(Boolean);
  return path.resolve(first ?? path.join(home, '.claude'));
}

export function settingsPath(claudeDir: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return path.join(claudeDir ? path.resolve(claudeDir) : defaultClaudeDir(env, home), 'settings.json');
}

export interface SettingsFile {
  path: string;
  exists: boolean;
  /** The raw bytes as read (what the backup holds, and what must still be there when we write). */
  raw: Buffer;
  /** The text without a leading BOM; '' for a missing file. */
  text: string;
  bom: boolean;
  value: JsonValue;
  /** Null for a missing or blank file. */
  tree: JsonNode | null;
  /** Permission bits; null for a missing file. */
  mode: number | null;
}

export function readSettings(file: string): SettingsFile {
  let raw: Buffer;
  let mode: number | null;
  try {
    raw = fs.readFileSync(file);
    mode = fs.statSync(file).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path: file, exists: false, raw: Buffer.alloc(0), text: '', bom: false, value: {}, tree: null, mode: null };
    }
    throw new HooksError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const decoded = raw.toString('utf8');
  const bom = decoded.startsWith(BOM);
  const text = bom ? decoded.slice(1) : decoded;
  // A blank file (a fresh `touch`) is an empty object, not an error.
  if (text.trim() === '') return { path: file, exists: true, raw, text, bom, value: {}, tree: null, mode };
  try {
    const tree = parseJsonTree(text);
    return { path: file, exists: true, raw, text, bom, value: JSON.parse(text) as JsonValue, tree, mode };
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new HooksError(`${file} is not valid JSON: ${err.message}. Nothing was changed.`);
    throw err;
  }
}

/** The new file text for `value`: only the changed spans differ from the current text. */
export function renderSettings(file: SettingsFile, value: JsonValue): string {
  let text: string;
  if (file.tree === null) {
    text = JSON.stringify(value, null, 2) + '\n';
  } else {
    text = patchJsonText(file.text, file.tree, file.value, value, detectStyle(file.text));
  }
  // Never write something that would not read back as exactly what we meant.
  if (!jsonEqual(JSON.parse(text), value)) throw new Error(`internal error: the patched ${path.basename(file.path)} does not match the intended settings; nothing was written`);
  return (file.bom ? BOM : '') + text;
}

export interface WriteResult {
  backup: string | null;
}

/**
 * Backs the current file up, then replaces it atomically (or deletes it, for `text === null`).
 * Refuses when the file changed since it was read: Claude Code itself writes settings.json.
 */
export function writeSettings(file: SettingsFile, text: string | null, now: Date = new Date()): WriteResult {
  const current = readRaw(file.path);
  if (file.exists ? current === null || !current.equals(file.raw) : current !== null) {
    throw new HooksError(`${file.path} changed while Lantern was editing it; nothing was written. Run the command again.`);
  }
  const backup = file.exists ? writeBackup(file, now) : null;
  const target = file.exists ? fs.realpathSync(file.path) : file.path;
  if (text === null) {
    fs.unlinkSync(target);
    return { backup };
  }
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const mode = file.mode ?? NEW_FILE_MODE;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.lantern-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, mode); // the umask may have narrowed it
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  return { backup };
}

function readRaw(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** `settings.json.lantern-backup-<UTC timestamp>` beside the settings path, same bytes, same mode. */
function writeBackup(file: SettingsFile, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const mode = file.mode ?? NEW_FILE_MODE;
  for (let n = 0; ; n++) {
    const backup = `${file.path}.lantern-backup-${stamp}${n ? `-${n}` : ''}`;
    try {
      fs.writeFileSync(backup, file.raw, { mode, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    fs.chmodSync(backup, mode);
    return backup;
  }
}

/** True when other local users can read the file (and so the token in it). Always false on Windows. */
export function readableByOthers(file: string): boolean {
  if (process.platform === 'win32') return false;
  try {
    const fileMode = fs.statSync(file).mode;
    const dirMode = fs.statSync(path.dirname(fs.realpathSync(file))).mode;
    const group = (fileMode & 0o040) !== 0 && (dirMode & 0o010) !== 0;
    const other = (fileMode & 0o004) !== 0 && (dirMode & 0o001) !== 0;
    return group || other;
  } catch {
    return false;
  }
}
