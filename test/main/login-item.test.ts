// @vitest-environment node
/** Launch at login (electron mocked): the OS login item on macOS/Windows, an XDG autostart entry on Linux. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { applyLaunchAtLogin, autostartFile, desktopEntry, HIDDEN_FLAG, startedHidden } from '../../src/main/login-item';
import { electron, resetElectron } from './electron-mock';

beforeEach(() => resetElectron());

describe('launch at login', () => {
  it('uses the login item on macOS and Windows, starting hidden', () => {
    applyLaunchAtLogin(true, 'darwin');
    applyLaunchAtLogin(false, 'win32');
    expect(electron.app.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true, args: [HIDDEN_FLAG] }], [{ openAtLogin: false, args: [HIDDEN_FLAG] }]]);
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-autostart-'));
    const file = autostartFile({ XDG_CONFIG_HOME: dir });
    expect(file).toBe(path.join(dir, 'autostart', 'lantern.desktop'));
    applyLaunchAtLogin(true, 'linux', file);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Lantern\n/);
    expect(fs.readFileSync(file, 'utf8')).toContain(`"${HIDDEN_FLAG}"`);
    applyLaunchAtLogin(false, 'linux', file);
    expect(fs.existsSync(file)).toBe(false);
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('quotes the command for a desktop entry', () => {
    expect(desktopEntry(['/opt/My Apps/lantern', '--hidden'])).toContain('Exec="/opt/My Apps/lantern" "--hidden"');
    expect(desktopEntry(['/a/$x"y'])).toContain('Exec="/a/\\\\$x\\\\"y"');
  });

  it('knows a launch at login, to stay in the tray', () => {
    expect(startedHidden(['electron', '.', HIDDEN_FLAG], 'linux')).toBe(true);
    expect(startedHidden(['electron', '.'], 'linux')).toBe(false);
    electron.app.getLoginItemSettings.mockImplementationOnce(() => ({ openAtLogin: true, wasOpenedAtLogin: true }));
    expect(startedHidden(['Lantern'], 'darwin')).toBe(true);
  });
});
