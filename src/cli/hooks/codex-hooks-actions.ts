/**
 * `lantern hooks install | uninstall --codex`: Lantern's `notify` program in `<codex home>/config.toml`
 * and its lifecycle hooks in `<codex home>/hooks.json` (codex-hooks-config.ts says what they are).
 * Same guarantees as the Claude Code install: idempotent, a backup of each file it changes, a
 * diff and no write with `--dry-run`, a broken file left alone, and uninstall giving back the
 * original bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultCodexHomes } from '../../engine/adapters/codex';
import { readableByOthers, readSettings, renderSettings, writeSettings, type SettingsFile } from './claude-settings';
import {
  checkCodexHooksInstallable,
  CODEX_HOOK_EVENTS,
  codexHookUrl,
  installCodexHooks,
  isLanternNotify,
  isStringArray,
  lanternNotify,
  parseLanternNotify,
  uninstallCodexHooks,
} from './codex-hooks-config';
import { readCodexRecord, writeCodexRecord } from './codex-hooks-state';
import { parseToml, removeTopLevelKey, restoreTopLevelValue, setTopLevelArray, topLevelValueText, type TomlTable } from './codex-toml';
import { inFile } from './hooks-actions';
import { ensureToken, hooksContext, peekToken, type HooksContext, type HooksIo, type HooksOptions } from './hooks-context';
import { unifiedDiff } from './json-diff';
import { jsonEqual } from './json-value';
import { HooksError } from './lantern-hooks';

export interface CodexHooksOptions extends HooksOptions {
  /** `--codex-dir`: the Codex home (default: the first `$CODEX_HOME` entry, else ~/.codex). */
  codexDir?: string;
  /** How Codex should start Lantern (default: this Node and this `lantern` script). */
  lanternCommand?: string[];
}

export interface CodexContext extends HooksContext {
  codexHome: string;
  configFile: string;
  hooksFile: string;
  command: string[];
}

const DRY_RUN_TOKEN = '<token-created-on-install>';
const BOM = '\uFEFF';

export function codexContext(opts: CodexHooksOptions): CodexContext {
  const env = opts.env ?? process.env;
  const codexHome = path.resolve(opts.codexDir ?? defaultCodexHomes(env, opts.home ?? os.homedir())[0]);
  const script = process.argv[1] ? path.resolve(process.argv[1]) : 'lantern';
  return {
    ...hooksContext(opts),
    codexHome,
    configFile: path.join(codexHome, 'config.toml'),
    hooksFile: path.join(codexHome, 'hooks.json'),
    command: opts.lanternCommand ?? [process.execPath, script],
  };
}

/** config.toml as read: bytes for the backup and the change check, the text without BOM, the parsed document. */
export interface TomlFile extends SettingsFile {
  doc: TomlTable;
}

export function readToml(file: string): TomlFile {
  let raw: Buffer;
  let mode: number | null = null;
  let exists = true;
  try {
    raw = fs.readFileSync(file);
    mode = fs.statSync(file).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new HooksError(`cannot read ${file}: ${(err as Error).message}`);
    raw = Buffer.alloc(0);
    exists = false;
  }
  const decoded = raw.toString('utf8');
  const bom = decoded.startsWith(BOM);
  const text = bom ? decoded.slice(1) : decoded;
  return { path: file, exists, raw, text, bom, value: {}, tree: null, mode, doc: parseToml(text, file) };
}

/** The top-level `notify`, checked: absent, or an array of strings. */
export function currentNotify(toml: TomlFile): string[] | undefined {
  const v = toml.doc.notify;
  if (v === undefined || isStringArray(v)) return v;
  throw new HooksError(`${toml.path}: "notify" must be an array of strings (a program and its arguments). Nothing was changed.`);
}

const withBom = (file: SettingsFile, text: string) => (file.bom ? BOM : '') + text;

function diff(file: SettingsFile, text: string | null): string {
  return unifiedDiff(file.raw.toString('utf8'), text ?? '', file.exists ? file.path : '/dev/null', text === null ? '/dev/null' : file.path);
}

function warnReadable(file: string, io: HooksIo): void {
  if (readableByOthers(file)) io.err(`warning: ${file} is readable by other users of this machine, and it holds Lantern's token. Run: chmod 600 "${file}"\n`);
}

export async function runCodexHooksInstall(opts: CodexHooksOptions, io: HooksIo): Promise<number> {
  const ctx = codexContext(opts);
  const toml = readToml(ctx.configFile);
  const hooksFile = readSettings(ctx.hooksFile);
  const current = currentNotify(toml);
  inFile(hooksFile.path, () => checkCodexHooksInstallable(hooksFile.value));
  const token = opts.dryRun ? (peekToken(ctx) ?? DRY_RUN_TOKEN) : ensureToken(ctx);
  const url = codexHookUrl(ctx.port);

  const ours = isLanternNotify(current);
  const chain = ours ? parseLanternNotify(current).chain : (current ?? null);
  const want = lanternNotify({ command: ctx.command, port: ctx.port, dataDir: ctx.dataDir, token: ctx.explicitToken }, chain);
  const tomlText = ours && jsonEqual(current, want) ? null : setTopLevelArray(toml.text, toml.doc, 'notify', want);
  const hooks = inFile(hooksFile.path, () => installCodexHooks(hooksFile.value, ctx.port, token));
  const hooksText = hooks.added.length || hooks.updated.length ? renderSettings(hooksFile, hooks.settings) : null;

  if (tomlText === null && hooksText === null) {
    io.out(`Lantern's Codex notify program and hooks are already installed in ${ctx.codexHome} (→ ${url}); nothing changed.\n`);
    warnReadable(hooksFile.path, io);
    return 0;
  }
  if (opts.dryRun) {
    if (tomlText !== null) io.out(diff(toml, withBom(toml, tomlText)));
    if (hooksText !== null) io.out(diff(hooksFile, hooksText));
    io.out(`Dry run: nothing in ${ctx.codexHome} was changed.\n`);
    return 0;
  }
  const now = opts.now?.();
  if (tomlText !== null) {
    const { backup } = writeSettings(toml, withBom(toml, tomlText), now);
    // The first install remembers the user's own value verbatim; a re-install keeps that memory.
    if (!ours) writeCodexRecord(ctx.dataDir, toml.path, { createdFile: !toml.exists, notifyText: current === undefined ? null : topLevelValueText(toml.text, toml.doc, 'notify') });
    io.out(`Set Lantern's notify program in ${toml.path}: Codex runs it after every turn, and it posts the turn to ${url}.\n`);
    if (chain) io.out(`Your own notify program still runs after each turn, through Lantern: ${JSON.stringify(chain)}\n`);
    io.out(backup ? `Backup of the previous file: ${backup}\n` : `Created ${toml.path}.\n`);
  }
  if (hooksText !== null) {
    const { backup } = writeSettings(hooksFile, hooksText, now);
    const before = readCodexRecord(ctx.dataDir, hooksFile.path);
    writeCodexRecord(ctx.dataDir, hooksFile.path, {
      createdFile: (before?.createdFile ?? false) || !hooksFile.exists,
      hooksKey: (before?.hooksKey ?? false) || hooks.created.hooksKey,
      events: [...new Set([...(before?.events ?? []), ...hooks.created.events])],
    });
    const what = [hooks.added.length ? `added for ${hooks.added.length} events` : '', hooks.updated.length ? `updated for ${hooks.updated.join(', ')}` : ''].filter(Boolean);
    io.out(`Lantern's hooks ${what.join(', ')} in ${hooksFile.path} (${CODEX_HOOK_EVENTS.length} events → ${url}).\n`);
    io.out(backup ? `Backup of the previous file: ${backup}\n` : `Created ${hooksFile.path}.\n`);
    warnReadable(hooksFile.path, io);
  }
  io.out('New Codex sessions use them. Codex may ask you to review new hooks (/hooks); builds before hooks were on by default need [features] codex_hooks = true.\n');
  return 0;
}

export async function runCodexHooksUninstall(opts: CodexHooksOptions, io: HooksIo): Promise<number> {
  const ctx = codexContext(opts);
  const toml = readToml(ctx.configFile);
  const hooksFile = readSettings(ctx.hooksFile);
  const current = currentNotify(toml);
  const tomlRecord = readCodexRecord(ctx.dataDir, toml.path);
  const hooksRecord = readCodexRecord(ctx.dataDir, hooksFile.path);

  let tomlText: string | null | undefined; // undefined: untouched; null: delete the file
  if (isLanternNotify(current)) {
    const chain = parseLanternNotify(current).chain;
    let next = tomlRecord?.notifyText ? restoreTopLevelValue(toml.text, toml.doc, 'notify', tomlRecord.notifyText) : null;
    next ??= chain ? setTopLevelArray(toml.text, toml.doc, 'notify', chain) : removeTopLevelKey(toml.text, toml.doc, 'notify');
    tomlText = tomlRecord?.createdFile === true && next.trim() === '' ? null : next;
  }
  const hooks = inFile(hooksFile.path, () =>
    uninstallCodexHooks(hooksFile.value, hooksRecord ? { hooksKey: hooksRecord.hooksKey ?? false, events: hooksRecord.events ?? [] } : null),
  );
  let hooksText: string | null | undefined;
  if (hooks.removed.length) hooksText = hooksRecord?.createdFile === true && jsonEqual(hooks.settings, {}) ? null : renderSettings(hooksFile, hooks.settings);

  if (tomlText === undefined && hooksText === undefined) {
    io.out(`Lantern's Codex notify program and hooks are not installed in ${ctx.codexHome}; nothing changed.\n`);
    return 0;
  }
  if (opts.dryRun) {
    if (tomlText !== undefined) io.out(diff(toml, tomlText === null ? null : withBom(toml, tomlText)));
    if (hooksText !== undefined) io.out(diff(hooksFile, hooksText));
    io.out(`Dry run: nothing in ${ctx.codexHome} was changed.\n`);
    return 0;
  }
  const now = opts.now?.();
  if (tomlText !== undefined) {
    const { backup } = writeSettings(toml, tomlText === null ? null : withBom(toml, tomlText), now);
    writeCodexRecord(ctx.dataDir, toml.path, null);
    io.out(`Removed Lantern's notify program from ${toml.path}${tomlText === null ? ' (Lantern had created the file: deleted it)' : ''}.\n`);
    if (backup) io.out(`Backup of the previous file: ${backup}\n`);
  }
  if (hooksText !== undefined) {
    const { backup } = writeSettings(hooksFile, hooksText, now);
    writeCodexRecord(ctx.dataDir, hooksFile.path, null);
    io.out(`Removed Lantern's hooks from ${hooks.removed.length} events in ${hooksFile.path}${hooksText === null ? ' (Lantern had created the file: deleted it)' : ''}.\n`);
    if (backup) io.out(`Backup of the previous file: ${backup}\n`);
  }
  return 0;
}
