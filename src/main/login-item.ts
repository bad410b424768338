/**
 * Launch at login. macOS and Windows through `app.setLoginItemSettings`; Linux has no such API in
 * Electron, so an XDG autostart entry (`~/.config/autostart/lantern.desktop`). A launch at login
 * starts in the tray without showing the window.
 */
import { app } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HIDDEN_FLAG = '--hidden';

export function autostartFile(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'autostart', 'lantern.desktop');
}

/** One Exec argument, quoted for a desktop entry (quoting rules, then string-value escaping). */
const quoteExecArg = (arg: string) => `"${arg.replace(/(["`$\\])/g, '\\$1')}"`.replace(/\\/g, '\\\\');

export function desktopEntry(exec: readonly string[]): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=Lantern', 'Comment=See what your AI coding agents are doing', `Exec=${exec.map(quoteExecArg).join(' ')}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/** The command that starts this app: the AppImage, or Electron with the app's directory in development. */
function launchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return process.defaultApp ? [process.execPath, app.getAppPath()] : [process.execPath];
}

export function applyLaunchAtLogin(enabled: boolean, platform: NodeJS.Platform = process.platform, file: string = autostartFile()): void {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, desktopEntry([...launchCommand(), HIDDEN_FLAG]));
}

/** This run was started at login: stay in the tray. */
export function startedHidden(argv: readonly string[] = process.argv, platform: NodeJS.Platform = process.platform): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}
