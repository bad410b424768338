// @vitest-environment node
/**
 * App-wide web contents rules (electron mocked): no navigation away from app://lantern, no new
 * windows, http(s) links to the browser and nothing else, every permission refused. And the
 * app:// protocol: files inside dist/ui only, with the CSP `lantern serve` sends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import { HTML_HEADERS } from '../../src/engine/ingest/static-files';
import { isAppUrl, registerAppScheme, resolveUiFile, serveAppRequest, setupAppProtocol } from '../../src/main/protocol';
import { isExternalWebUrl, setupPermissions, setupSecurity } from '../../src/main/security';
import { electron, FakeEvent, FakeWebContents, resetElectron } from './electron-mock';

beforeEach(() => resetElectron());

function contents(): FakeWebContents {
  setupSecurity();
  const wc = new FakeWebContents();
  electron.app.emit('web-contents-created', new FakeEvent(), wc);
  return wc;
}

describe('navigation and new windows', () => {
  it('allows navigation within app://lantern only', () => {
    const wc = contents();
    const inside = new FakeEvent('app://lantern/index.html#x');
    wc.emit('will-navigate', inside);
    expect(inside.defaultPrevented).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      const event = new FakeEvent(url);
      wc.emit('will-navigate', event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    // A plain link to a web page opens in the browser; the others open nothing.
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://evil.example/']]);
    const redirect = new FakeEvent('https://evil.example/');
    wc.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    const frame = new FakeEvent('https://evil.example/');
    wc.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    const webview = new FakeEvent();
    wc.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every new window; opens http(s) in the browser and nothing else', () => {
    const wc = contents();
    const open = (url: string) => wc.windowOpenHandler?.({ url });
    expect(open('https://github.com/org/repo/pull/1')).toEqual({ action: 'deny' });
    expect(open('http://example.com/')).toEqual({ action: 'deny' });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'app://lantern/index.html', 'vscode://x', 'data:text/html,hi', 'not a url']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://github.com/org/repo/pull/1'], ['http://example.com/']]);
    expect(isExternalWebUrl('https://')).toBe(false);
  });

  it('refuses every permission request and check', () => {
    setupPermissions(electron.session.defaultSession as never);
    const request = electron.session.defaultSession.setPermissionRequestHandler.mock.calls[0][0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const callback = vi.fn();
    request({}, 'notifications', callback);
    request({}, 'media', callback);
    expect(callback.mock.calls).toEqual([[false], [false]]);
    const check = electron.session.defaultSession.setPermissionCheckHandler.mock.calls[0][0] as () => boolean;
    expect(check()).toBe(false);
  });
});

describe('app:// protocol', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-ui-'));
    root = path.join(base, 'ui');
    outside = path.join(base, 'secret.txt');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Lantern</title>');
    fs.writeFileSync(path.join(root, 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(root, '.env'), 'TOKEN=x');
    fs.writeFileSync(outside, 'secret');
    fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
  });
  afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  const get = (url: string, dir: string | null = root) => serveAppRequest(dir, new Request(url));

  it('registers app: as a standard, secure scheme and serves it', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    setupAppProtocol(root);
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(isAppUrl('app://lantern/index.html')).toBe(true);
    expect(isAppUrl('app://lantern.evil/index.html')).toBe(false);
  });

  it('serves the page with the same CSP as lantern serve, and the scripts', async () => {
    const page = await get('app://lantern/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(HTML_HEADERS['Content-Security-Policy']);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Lantern</title>');
    const script = await get('app://lantern/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('serves nothing outside the UI directory', async () => {
    for (const url of ['app://lantern/%2e%2e/secret.txt', 'app://lantern/..%2fsecret.txt', 'app://lantern/.env', 'app://lantern/assets/link.txt', 'app://lantern/missing.js', 'app://other/index.html', 'app://lantern/%E0%A4%A']) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect(await resolveUiFile(root, '/assets')).toBeNull(); // a directory
    expect((await serveAppRequest(root, new Request('app://lantern/index.html', { method: 'POST' }))).status).toBe(405);
  });

  it('says the UI is not built when it is not', async () => {
    const res = await get('app://lantern/index.html', null);
    expect(await res.text()).toContain('npm run build');
    expect(res.headers.get('content-security-policy')).toBe(HTML_HEADERS['Content-Security-Policy']);
  });
});
