import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHooksInstall, runHooksUninstall } from '../../src/cli/hooks/hooks-actions';
import { readSettings, writeSettings } from '../../src/cli/hooks/claude-settings';
import { findLanternHandlers, LANTERN_HOOK_EVENTS, uninstallLanternHooks } from '../../src/cli/hooks/lantern-hooks';
import { readRecord } from '../../src/cli/hooks/hooks-state';
import { tempDir } from '../helpers/temp-dir';
import { captureIo, FIXTURE_FILES, FIXTURES, makeHome, modeOf, TOKEN } from './hooks-helpers';

const tmp = tempDir('lantern-hooks-');
afterAll(() => tmp.cleanup());
let n = 0;
const home = () => makeHome(tmp.path, `h${n++}`);

describe('install → uninstall round trip on real-looking user settings', () => {
  it.each(FIXTURE_FILES)('%s comes back byte for byte, with the mode kept', async (name) => {
    const h = home();
    const original = fs.readFileSync(path.join(FIXTURES, name));
    fs.writeFileSync(h.settings, original, { mode: 0o640 });
    fs.chmodSync(h.settings, 0o640);

    const io = captureIo();
    expect(await runHooksInstall(h.opts(), io)).toBe(0);
    expect(io.stdout()).toMatch(/added for 14 events/);
    const installed = fs.readFileSync(h.settings, 'utf8');
    const parsed = JSON.parse(installed);
    expect(findLanternHandlers(parsed)).toHaveLength(LANTERN_HOOK_EVENTS.length);
    expect(findLanternHandlers(parsed).every((f) => f.handler.url === 'http://127.0.0.1:4747/api/hooks/claude')).toBe(true);
    // Nothing of the user's changed: removing Lantern's hooks from what we wrote gives their settings.
    expect(uninstallLanternHooks(parsed, readRecord(h.dataDir, h.settings)).settings).toEqual(JSON.parse(original.toString('utf8')));
    expect(modeOf(h.settings)).toBe(0o640);

    // Installing again is a no-op: same bytes, no second backup.
    const again = captureIo();
    expect(await runHooksInstall(h.opts(), again)).toBe(0);
    expect(again.stdout()).toMatch(/already installed/);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe(installed);
    expect(h.others()).toHaveLength(1);

    // Another port and token: updated in place, same shape.
    expect(await runHooksInstall(h.opts({ port: 5151, token: 'second-token-0123456789' }), captureIo())).toBe(0);
    const moved = fs.readFileSync(h.settings, 'utf8');
    expect(moved).toBe(installed.replaceAll(':4747/', ':5151/').replaceAll(TOKEN, 'second-token-0123456789'));

    const out = captureIo();
    expect(await runHooksUninstall(h.opts(), out)).toBe(0);
    expect(out.stdout()).toMatch(/Removed Lantern's hooks from 14 events/);
    expect(fs.readFileSync(h.settings).equals(original)).toBe(true);
    expect(modeOf(h.settings)).toBe(0o640);
    expect(await runHooksUninstall(h.opts(), captureIo())).toBe(0); // nothing left: no-op
    expect(fs.readFileSync(h.settings).equals(original)).toBe(true);
  });

  it('keeps a UTF-8 byte order mark', async () => {
    const h = home();
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(path.join(FIXTURES, 'no-hooks.json'))]);
    fs.writeFileSync(h.settings, original);
    await runHooksInstall(h.opts(), captureIo());
    expect(fs.readFileSync(h.settings).subarray(0, 3)).toEqual(original.subarray(0, 3));
    await runHooksUninstall(h.opts(), captureIo());
    expect(fs.readFileSync(h.settings).equals(original)).toBe(true);
  });

  it('keeps the indentation of the file: 4 spaces stay 4 spaces, tabs stay tabs with CRLF', async () => {
    const four = home();
    fs.copyFileSync(path.join(FIXTURES, 'own-hooks-4space.json'), four.settings);
    await runHooksInstall(four.opts(), captureIo());
    const text = fs.readFileSync(four.settings, 'utf8');
    expect(text).toContain('\n        "SessionStart": [\n            {\n                "hooks": [\n                    {\n                        "type": "http",');
    expect(text.endsWith('}')).toBe(true); // still no final newline
    expect(text).toContain('"command": "say \\"fini — 終わった 🎉\\""');

    const tabs = home();
    fs.copyFileSync(path.join(FIXTURES, 'tabs-crlf.json'), tabs.settings);
    await runHooksInstall(tabs.opts(), captureIo());
    const t = fs.readFileSync(tabs.settings, 'utf8');
    expect(t).toContain('\t\t"Stop": [\r\n\t\t\t{\r\n\t\t\t\t"hooks": [');
    expect(t.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('a missing settings.json (and Claude dir) is created with mode 0600, and uninstall removes it again', async () => {
    const h = home();
    fs.rmSync(h.claudeDir, { recursive: true });
    const io = captureIo();
    expect(await runHooksInstall(h.opts(), io)).toBe(0);
    expect(io.stdout()).toMatch(/Created .*settings\.json/);
    expect(modeOf(h.settings)).toBe(0o600);
    const text = fs.readFileSync(h.settings, 'utf8');
    expect(text.startsWith('{\n  "hooks": {\n    "SessionStart": [')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(await runHooksUninstall(h.opts(), captureIo())).toBe(0);
    expect(fs.existsSync(h.settings)).toBe(false);
  });

  it('without the install record (another data dir) uninstall still removes only what Lantern added', async () => {
    const h = home();
    fs.copyFileSync(path.join(FIXTURES, 'no-hooks.json'), h.settings);
    await runHooksInstall(h.opts(), captureIo());
    await runHooksUninstall(h.opts({ dataDir: path.join(tmp.path, 'elsewhere') }), captureIo());
    expect(fs.readFileSync(h.settings, 'utf8')).toBe(fs.readFileSync(path.join(FIXTURES, 'no-hooks.json'), 'utf8'));
  });

  it('takes the token from the data dir when no --token is given, creating it like serve would', async () => {
    const h = home();
    await runHooksInstall(h.opts({ token: undefined }), captureIo());
    const token = fs.readFileSync(path.join(h.dataDir, 'token'), 'utf8').trim();
    expect(modeOf(path.join(h.dataDir, 'token'))).toBe(0o600);
    const found = findLanternHandlers(JSON.parse(fs.readFileSync(h.settings, 'utf8')));
    expect(found.every((f) => (f.handler.headers as Record<string, string>)['X-Token'] === token)).toBe(true);
  });
});

describe('writing safely', () => {
  it('writes a backup with the previous bytes and the same mode first', async () => {
    const h = home();
    fs.copyFileSync(path.join(FIXTURES, 'compact.json'), h.settings);
    fs.chmodSync(h.settings, 0o604);
    await runHooksInstall(h.opts({ now: () => new Date('2026-03-04T05:06:07.089Z') }), captureIo());
    const backup = path.join(h.claudeDir, 'settings.json.lantern-backup-2026-03-04T05-06-07-089Z');
    expect(fs.readFileSync(backup, 'utf8')).toBe(fs.readFileSync(path.join(FIXTURES, 'compact.json'), 'utf8'));
    expect(modeOf(backup)).toBe(0o604);
    expect(modeOf(h.settings)).toBe(0o604);
    // Same second again (uninstall): a distinct backup name, never an overwrite.
    await runHooksUninstall(h.opts({ now: () => new Date('2026-03-04T05:06:07.089Z') }), captureIo());
    expect(h.others().sort()).toEqual(['settings.json.lantern-backup-2026-03-04T05-06-07-089Z', 'settings.json.lantern-backup-2026-03-04T05-06-07-089Z-1']);
  });

  it('replaces the file by rename (new inode, no temp file left) and keeps a symlinked settings.json a symlink', async () => {
    const h = home();
    const dotfiles = path.join(tmp.path, 'dotfiles');
    fs.mkdirSync(dotfiles);
    const real = path.join(dotfiles, 'claude-settings.json');
    fs.copyFileSync(path.join(FIXTURES, 'no-hooks.json'), real);
    fs.symlinkSync(real, h.settings);
    const inode = fs.statSync(real).ino;
    await runHooksInstall(h.opts(), captureIo());
    expect(fs.lstatSync(h.settings).isSymbolicLink()).toBe(true);
    expect(fs.statSync(real).ino).not.toBe(inode);
    expect(findLanternHandlers(JSON.parse(fs.readFileSync(real, 'utf8')))).toHaveLength(14);
    expect(fs.readdirSync(dotfiles)).toEqual(['claude-settings.json']);
    expect(h.others().every((f) => f.startsWith('settings.json.lantern-backup-'))).toBe(true);
  });

  it('refuses to write when the file changed after it was read (Claude Code writes it too)', () => {
    const h = home();
    fs.writeFileSync(h.settings, '{}');
    const file = readSettings(h.settings);
    fs.writeFileSync(h.settings, '{"model":"opus"}');
    expect(() => writeSettings(file, '{"hooks":{}}')).toThrow(/changed while Lantern was editing it/);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe('{"model":"opus"}');
    expect(h.others()).toEqual([]);
  });
});

describe('bad settings files are left untouched', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a trailing comma', '{\n  "model": "opus",\n}\n', /settings\.json is not valid JSON: trailing comma before "}" at line 2, column 18\. Nothing was changed\./],
    ['a comment', '{\n  // my settings\n  "model": "opus"\n}\n', /not valid JSON: comments are not allowed .* at line 2, column 3/],
    ['truncated', '{"hooks": {"Stop": [', /not valid JSON: expected a value, found end of file at line 1, column 21/],
    ['hooks as an array', '{"hooks": []}', /"hooks" must be an object mapping event names to arrays, found an array/],
    ['an event as an object', '{"hooks": {"Stop": {"type": "command"}}}', /"hooks\.Stop" must be an array of matcher groups/],
    ['not an object', '[1, 2]', /must hold a JSON object/],
  ];
  it.each(cases)('%s: a clear error naming the file, nothing written', async (_name, text, error) => {
    const h = home();
    fs.writeFileSync(h.settings, text);
    await expect(runHooksInstall(h.opts({ token: undefined }), captureIo())).rejects.toThrow(error);
    await expect(runHooksInstall(h.opts({ token: undefined }), captureIo())).rejects.toThrow(h.settings);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe(text);
    expect(h.others()).toEqual([]);
    expect(fs.existsSync(h.dataDir)).toBe(false); // not even a token
  });

  it('a malformed file also stops uninstall', async () => {
    const h = home();
    fs.writeFileSync(h.settings, '{"hooks": {,}}');
    await expect(runHooksUninstall(h.opts(), captureIo())).rejects.toThrow(`${h.settings} is not valid JSON`);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe('{"hooks": {,}}');
  });
});

describe('--dry-run', () => {
  it('install prints a diff of what it would add and writes nothing (not even a token)', async () => {
    const h = home();
    const original = fs.readFileSync(path.join(FIXTURES, 'own-hooks-4space.json'), 'utf8');
    fs.writeFileSync(h.settings, original);
    const io = captureIo();
    expect(await runHooksInstall(h.opts({ token: undefined, dryRun: true }), io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain(`--- ${h.settings}\n+++ ${h.settings}\n@@ `);
    expect(out).toContain('+                        "url": "http://127.0.0.1:4747/api/hooks/claude",');
    expect(out).toContain('+                            "X-Token": "<token-created-on-install>"');
    expect(out.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    expect(out).toMatch(/Dry run: .* was not changed\./);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe(original);
    expect(h.others()).toEqual([]);
    expect(fs.existsSync(h.dataDir)).toBe(false);
  });

  it('install into a missing file shows the whole new file; uninstall shows what it would remove', async () => {
    const h = home();
    const io = captureIo();
    await runHooksInstall(h.opts({ dryRun: true }), io);
    expect(io.stdout()).toMatch(/^--- \/dev\/null\n\+\+\+ .*settings\.json\n@@ -0,0 \+1,\d+ @@\n\+\{\n/);
    expect(io.stdout()).toMatch(/was not created/);
    expect(fs.existsSync(h.settings)).toBe(false);

    fs.copyFileSync(path.join(FIXTURES, 'no-hooks.json'), h.settings);
    await runHooksInstall(h.opts(), captureIo());
    const installed = fs.readFileSync(h.settings, 'utf8');
    const un = captureIo();
    await runHooksUninstall(h.opts({ dryRun: true }), un);
    expect(un.stdout()).toContain('-            "url": "http://127.0.0.1:4747/api/hooks/claude",');
    // The only line uninstall adds back is the old last key without the comma the install gave it.
    expect(un.stdout().split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual(['+  "alwaysThinkingEnabled": true']);
    expect(fs.readFileSync(h.settings, 'utf8')).toBe(installed);
  });
});

describe('the token in settings.json', () => {
  it('warns when other users can read the file', async () => {
    const h = home();
    fs.chmodSync(h.claudeDir, 0o755);
    fs.writeFileSync(h.settings, '{}\n');
    fs.chmodSync(h.settings, 0o644);
    const io = captureIo();
    await runHooksInstall(h.opts(), io);
    expect(io.stderr()).toMatch(/readable by other users .* chmod 600/);
    fs.chmodSync(h.settings, 0o600);
    const quiet = captureIo();
    await runHooksInstall(h.opts(), quiet);
    expect(quiet.stderr()).toBe('');
  });

  it('refuses a token that Claude Code would mangle in a header', async () => {
    const h = home();
    await expect(runHooksInstall(h.opts({ token: 'abc$HOME-0123456789' }), captureIo())).rejects.toThrow(/"\$"/);
    expect(fs.existsSync(h.settings)).toBe(false);
  });
});
