/**
 * Alert channels in the Settings view, in a real Chromium against a real `lantern serve` and a
 * real HTTP receiver in this process (127.0.0.1, port 0): a webhook added with a secret header
 * is saved, and after a reload neither its URL's path nor the header value is anywhere in the
 * page or in GET /api/settings (the inputs are empty, with the "saved" placeholder); "Send test
 * alert" reaches the receiver with the header and `test: true`, and the UI says ok; a channel
 * pointed at a closed port shows the connection error in red; a channel given by a flag is listed
 * read-only; and an alert's `#agent=<id>` link opens that agent's replay.
 *
 * Test ids: `setting-channels`, `channel-list`, `channels-empty`, `channel` (`data-channel-id`,
 * `data-channel-type`, `data-saved`) with `channel-name`, `channel-type`, `channel-enabled`,
 * `channel-remove`, `channel-kind-<kind>`, `channel-url`, `channel-header` (`channel-header-name`,
 * `channel-header-value`, `channel-header-remove`), `channel-header-add`, `channel-host`,
 * `channel-port`, `channel-security`, `channel-user`, `channel-password`, `channel-from`,
 * `channel-to`, `channel-error`, `channel-status` (`data-known`) with `channel-target`,
 * `channel-last-sent`, `channel-pending`, `channel-counts`, `channel-last-error`; `channel-test`,
 * `channel-test-hint`, `channel-test-result` (`data-ok`). Secret inputs carry `data-kept`.
 * `channel-add-type`, `channel-add`, `setting-public-url`, `channel-flag-list`, `channel-flag`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP, screenshot, SCREENSHOT_DIR, type Page, type PageWindow } from '../../helpers/browser';
import { poll, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

const SECRET = 'secret-token-123';
const HOOK_PATH = '/hooks/receiver-path-7f3a9c';
const FLAG_PATH = '/hooks/flag-path-51be02';
const KEPT_PLACEHOLDER = 'saved — leave empty to keep';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver: records every request, answers 200. */
function startReceiver(): Promise<{ url: string; requests: Received[]; close(): Promise<void> }> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A port that was just free and is closed now: a connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const card = (page: Page, id: string) => page.locator(`${tid('channel')}[data-channel-id="${id}"]`);

async function openSettings(page: Page): Promise<void> {
  await page.locator(tid('tab-settings')).click();
  await page.locator(tid('setting-channels')).waitFor({ timeout: UI_TIMEOUT });
}

async function save(page: Page): Promise<void> {
  await page.locator(tid('settings-save')).click();
  await poll(() => page.locator(tid('settings-message')).innerText()).toBe('Saved');
}

/** The page's markup and every form control's current value. */
async function everythingShown(page: Page): Promise<string> {
  const values = await page.evaluate(() => [...window.document.querySelectorAll('input, textarea, select')].map((el) => String((el as unknown as { value: string }).value)));
  return `${await page.content()}\n${values.join('\n')}`;
}

describe.skipIf(BROWSER_SKIP)('browser: alert channels', { timeout: SUITE_TIMEOUT }, () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });
  const ui = useUiSuite({ serverArgs: () => ['--notify-webhook', `${receiver.url}${FLAG_PATH}`] });
  const hookRequests = () => receiver.requests.filter((r) => r.url === HOOK_PATH);

  it('a webhook with a secret header: saved, never shown again, and its test alert reaches the receiver', async () => {
    const p = await ui.open();
    const { page } = p;
    await openSettings(page);
    await page.locator(tid('channels-empty')).waitFor();

    await page.locator(tid('channel-add-type')).selectOption('webhook');
    await page.locator(tid('channel-add')).click();
    const hook = card(page, 'webhook-1');
    await hook.waitFor();
    expect(await hook.getAttribute('data-saved')).toBe('false');
    await hook.locator(tid('channel-name')).fill('Receiver');
    await hook.locator(tid('channel-url')).fill(`${receiver.url}${HOOK_PATH}`);
    await hook.locator(tid('channel-header-add')).click();
    await hook.locator(tid('channel-header-name')).fill('Authorization');
    await hook.locator(tid('channel-header-value')).fill(`Bearer ${SECRET}`);
    // Secrets are typed into password fields; an unsaved channel cannot be tested yet.
    expect(await hook.locator(tid('channel-url')).getAttribute('type')).toBe('password');
    expect(await hook.locator(tid('channel-header-value')).getAttribute('type')).toBe('password');
    expect(await hook.locator(tid('channel-test')).isDisabled()).toBe(true);
    expect(await hook.locator(tid('channel-test-hint')).innerText()).toBe('save first');
    await save(page);

    await page.reload();
    await openSettings(page);
    const saved = card(page, 'webhook-1');
    await saved.waitFor();
    expect(await saved.getAttribute('data-saved')).toBe('true');
    expect(await saved.locator(tid('channel-name')).inputValue()).toBe('Receiver');
    for (const secret of [saved.locator(tid('channel-url')), saved.locator(tid('channel-header-value'))]) {
      expect(await secret.inputValue()).toBe('');
      expect(await secret.getAttribute('placeholder')).toBe(KEPT_PLACEHOLDER);
      expect(await secret.getAttribute('data-kept')).toBe('true');
    }
    expect(await saved.locator(tid('channel-header-name')).inputValue()).toBe('Authorization');
    // The flag's channel is listed, read-only, its URL path nowhere either.
    const flag = page.locator(`${tid('channel-flag')}[data-channel-id="flag-webhook-1"]`);
    await flag.waitFor();
    expect(await flag.innerText()).toContain('from --notify-webhook, this run only');
    expect(await flag.locator('input').count()).toBe(0);

    const shown = await everythingShown(page);
    for (const hidden of [SECRET, HOOK_PATH, FLAG_PATH]) expect(shown, `the page shows ${hidden}`).not.toContain(hidden);
    const api = JSON.stringify(await ui.server.get<unknown>('/api/settings'));
    for (const hidden of [SECRET, HOOK_PATH]) expect(api, `GET /api/settings shows ${hidden}`).not.toContain(hidden);
    expect(api).toContain('webhook-1');

    await saved.locator(tid('channel-test')).click();
    await poll(() => hookRequests().length).toBe(1);
    const got = hookRequests()[0];
    expect(got.method).toBe('POST');
    expect(got.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect((JSON.parse(got.body) as { test?: boolean }).test).toBe(true);
    const result = saved.locator(tid('channel-test-result'));
    await poll(() => result.getAttribute('data-ok')).toBe('true');
    expect(await result.innerText()).toContain('sent');
    await poll(() => saved.locator(tid('channel-last-sent')).innerText()).toMatch(/last sent \d+s ago/);
    expect(await saved.locator(tid('channel-target')).innerText()).toBe(`${receiver.url}/…`);

    expect(p.problems.pageErrors).toEqual([]);
    expect(p.problems.consoleErrors).toEqual([]);
    expect(await p.cspViolations()).toEqual([]);
  });

  it('a channel at a closed port: its test shows the connection error in red; the saved secrets of the first are kept', async () => {
    const port = await closedPort();
    // Tall enough for the whole section in one screenshot (the view scrolls inside the page).
    const p = await ui.open({ viewport: { width: 1280, height: 2600 } });
    const { page } = p;
    await openSettings(page);
    await card(page, 'webhook-1').waitFor();
    await page.locator(tid('channel-add-type')).selectOption('webhook');
    await page.locator(tid('channel-add')).click();
    const dead = card(page, 'webhook-2');
    await dead.locator(tid('channel-name')).fill('Nobody home');
    await dead.locator(tid('channel-url')).fill(`http://127.0.0.1:${port}/nothing`);
    await save(page);

    await poll(() => dead.getAttribute('data-saved')).toBe('true');
    await dead.locator(tid('channel-test')).click();
    const result = dead.locator(tid('channel-test-result'));
    await poll(() => result.getAttribute('data-ok'), UI_TIMEOUT).toBe('false');
    expect(await result.innerText()).toMatch(/refused/i);
    expect(await result.getAttribute('class')).toContain('error-text');
    const lastError = dead.locator(tid('channel-last-error'));
    await poll(() => lastError.innerText()).toMatch(/refused/i);
    expect(await lastError.getAttribute('class')).toContain('error-text');
    for (const shown of [result, lastError]) {
      const color = await shown.evaluate((el) => (window.getComputedStyle(el as never) as unknown as { color: string }).color);
      const [r, g, b] = (color.match(/\d+/g) ?? []).map(Number);
      expect(r, `the error is red (${color})`).toBeGreaterThan(Math.max(g, b) + 60);
    }

    // Saving the list again sent webhook-1's secrets back as "kept": its test still carries the header.
    await card(page, 'webhook-1').locator(tid('channel-test')).click();
    await poll(() => hookRequests().length).toBe(2);
    expect(hookRequests()[1].headers.authorization).toBe(`Bearer ${SECRET}`);

    // An email draft, unsaved: its fields, and the engine's refusal shown on its card.
    await page.locator(tid('channel-add-type')).selectOption('email');
    await page.locator(tid('channel-add')).click();
    const mail = card(page, 'email-1');
    await mail.locator(tid('channel-from')).fill('lantern@example.com');
    await mail.locator(tid('channel-to')).fill('me@example.com, you@example.com');
    expect(await mail.locator(tid('channel-test')).isDisabled()).toBe(true);
    expect(await mail.locator(tid('channel-password')).getAttribute('type')).toBe('password');
    const section = page.locator(tid('setting-channels'));
    await section.screenshot({ path: path.join(SCREENSHOT_DIR, 'channels-settings.png') });
    await screenshot(page, 'channels-settings-page');

    await page.locator(tid('settings-save')).click();
    await poll(() => page.locator(tid('settings-message')).innerText()).toMatch(/notifications\.channels\.2\.host/);
    expect(await mail.locator(tid('channel-error')).innerText()).toMatch(/notifications\.channels\.2\.host/);
    await mail.locator(tid('channel-remove')).click();
    expect(await card(page, 'email-1').count()).toBe(0);
    expect(p.problems.pageErrors).toEqual([]);
  });

  it('an alert link (#agent=<id>) opens that agent’s replay, once', async () => {
    const { page } = await ui.open();
    const id = ui.fx.copied.basic.agentId;
    await page.goto(`${ui.server.url}/#agent=${encodeURIComponent(id)}`);
    const replay = page.locator(tid('replay'));
    await replay.waitFor({ timeout: UI_TIMEOUT });
    expect(await replay.getAttribute('data-agent-id')).toBe(id);
    await poll(() => new URL(page.url()).hash).toBe('');
    await page.reload();
    await page.locator(tid('agent-list')).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.locator(tid('replay')).count()).toBe(0);
  });
});
