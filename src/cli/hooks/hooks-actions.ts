/**
 * `lantern hooks install` and `uninstall`: read settings.json, apply the pure transform, print a
 * diff (dry run) or back up and write, and remember what Lantern created. Return the exit code.
 */
import { readableByOthers, readSettings, renderSettings, writeSettings, type SettingsFile } from './claude-settings';
import { ensureToken, hooksContext, peekToken, type HooksIo, type HooksOptions } from './hooks-context';
import { mergeRecords, readRecord, writeRecord } from './hooks-state';
import { unifiedDiff } from './json-diff';
import { checkInstallable, HooksError, hookUrl, installLanternHooks, LANTERN_HOOK_EVENTS, uninstallLanternHooks } from './lantern-hooks';
import { jsonEqual } from './json-value';

/** Shown in a dry run when no token exists yet: install would create one. */
const DRY_RUN_TOKEN = '<token-created-on-install>';

export async function runHooksInstall(opts: HooksOptions, io: HooksIo): Promise<number> {
  const ctx = hooksContext(opts);
  const file = readSettings(ctx.settingsFile);
  // Check the file before anything is created (a token included).
  inFile(file.path, () => checkInstallable(file.value));
  const token = opts.dryRun ? (peekToken(ctx) ?? DRY_RUN_TOKEN) : ensureToken(ctx);
  const url = hookUrl(ctx.port);
  const result = inFile(file.path, () => installLanternHooks(file.value, { port: ctx.port, token }));
  const all = LANTERN_HOOK_EVENTS.length;

  if (result.added.length === 0 && result.updated.length === 0) {
    io.out(`Lantern's hooks are already installed in ${file.path} (${all} events → ${url}); nothing changed.\n`);
    warnReadable(file.path, io);
    return 0;
  }
  const text = renderSettings(file, result.settings);
  if (opts.dryRun) return dryRun(file, text, io);

  const { backup } = writeSettings(file, text, opts.now?.());
  writeRecord(ctx.dataDir, file.path, mergeRecords(readRecord(ctx.dataDir, file.path), result.created, !file.exists));
  const what = [
    result.added.length ? `added for ${result.added.length} event${plural(result.added.length)}` : '',
    result.updated.length ? `updated for ${result.updated.length} (${result.updated.join(', ')})` : '',
  ].filter(Boolean);
  io.out(`Lantern's hooks ${what.join(', ')} in ${file.path}: Claude Code now posts every event to ${url}.\n`);
  io.out(backup ? `Backup of the previous file: ${backup}\n` : `Created ${file.path}.\n`);
  io.out('New Claude Code sessions use them; restart running ones (or review them in /hooks) to include those.\n');
  warnReadable(file.path, io);
  return 0;
}

export async function runHooksUninstall(opts: HooksOptions, io: HooksIo): Promise<number> {
  const ctx = hooksContext(opts);
  const file = readSettings(ctx.settingsFile);
  const record = readRecord(ctx.dataDir, file.path);
  const result = inFile(file.path, () => uninstallLanternHooks(file.value, record));
  if (result.removed.length === 0) {
    io.out(`Lantern's hooks are not installed in ${file.path}; nothing changed.\n`);
    return 0;
  }
  // A settings.json that Lantern created and that is now empty goes away again.
  const remove = record?.createdFile === true && jsonEqual(result.settings, {});
  const text = remove ? null : renderSettings(file, result.settings);
  if (opts.dryRun) return dryRun(file, text, io);

  const { backup } = writeSettings(file, text, opts.now?.());
  writeRecord(ctx.dataDir, file.path, null);
  io.out(`Removed Lantern's hooks from ${result.removed.length} event${plural(result.removed.length)} in ${file.path}${remove ? ' (Lantern had created the file: deleted it)' : ''}.\n`);
  if (backup) io.out(`Backup of the previous file: ${backup}\n`);
  return 0;
}

function dryRun(file: SettingsFile, text: string | null, io: HooksIo): number {
  const before = file.raw.toString('utf8');
  const label = file.exists ? file.path : '/dev/null';
  io.out(unifiedDiff(before, text ?? '', label, text === null ? '/dev/null' : file.path));
  io.out(`Dry run: ${file.path} was not ${text === null ? 'deleted' : file.exists ? 'changed' : 'created'}.\n`);
  return 0;
}

/** Runs a transform; a problem with the settings' shape names the file. */
export function inFile<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof HooksError && !err.message.includes(file)) throw new HooksError(`${file}: ${err.message}. Nothing was changed.`);
    throw err;
  }
}

function warnReadable(file: string, io: HooksIo): void {
  if (readableByOthers(file)) {
    io.err(`warning: ${file} is readable by other users of this machine, and it holds Lantern's token. Run: chmod 600 "${file}"\n`);
  }
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
