/**
 * The dashboard's done-when: the page served by `lantern serve` over a copy of the real corpus
 * (../shared/corpus/claude, third-party files used in place in a temp dir, never committed) lists
 * every agent the API lists, opens every agent's replay to its last card with as many cards as
 * the agent has events, and renders the other views, without a page error, a console error or a
 * CSP violation. Skips itself where the corpus is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_SKIP, closeBrowser, launchBrowser, newLoggedInPage, scanFeed, type Browser, type LoggedInPage } from '../../helpers/browser';
import { tempDir } from '../../helpers/temp-dir';
import { startUiServer, type UiServer } from '../../helpers/ui-server';
import { focusList, poll, rowIds, SUITE_TIMEOUT, tid } from './suite';

const corpus = path.resolve(__dirname, '../../../../shared/corpus/claude');
const present = fs.existsSync(corpus);

describe.skipIf(BROWSER_SKIP !== null || !present)('the dashboard on the real corpus', () => {
  const tmp = tempDir('lantern-ui-corpus-');
  const claudeDir = path.join(tmp.path, 'claude');
  let server: UiServer;
  let browser: Browser;
  let p: LoggedInPage;

  beforeAll(async () => {
    fs.cpSync(corpus, claudeDir, { recursive: true, preserveTimestamps: true });
    for (const f of fs.readdirSync(claudeDir, { recursive: true, withFileTypes: true })) {
      fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644); // the corpus is read-only
    }
    server = await startUiServer({ claudeDir, dataDir: path.join(tmp.path, 'data') });
    await server.waitIndexed();
    browser = await launchBrowser();
    p = await newLoggedInPage(browser, server);
  }, SUITE_TIMEOUT);
  afterAll(async () => {
    await p?.close();
    await closeBrowser(browser);
    await server?.stop();
    tmp.cleanup();
  }, SUITE_TIMEOUT);

  it('lists every agent the API lists', async () => {
    const agents = await server.agents();
    expect(agents.length).toBeGreaterThan(0);
    await poll(async () => (await rowIds(p.page)).sort()).toEqual(agents.map((a) => a.id).sort());
  }, SUITE_TIMEOUT);

  it("opens each agent's replay with one card per event", async () => {
    const { page } = p;
    for (const agent of await server.agents()) {
      await page.locator(`${tid('agent-row')}[data-agent-id="${agent.id}"]`).click();
      await focusList(page);
      await page.keyboard.press('Enter');
      const feed = page.locator(tid('replay-feed'));
      await poll(() => feed.getAttribute('data-total')).toBe(String((await server.events(agent.id)).length));
      const scan = await scanFeed(page);
      expect(scan.duplicates, agent.id).toEqual([]);
      expect(scan.cards.map((c) => c.id), agent.id).toEqual((await server.events(agent.id)).map((e) => String(e.id)));
      await page.keyboard.press('Escape');
      await page.locator(tid('agent-list')).waitFor();
    }
  }, SUITE_TIMEOUT * 3);

  it('renders the issues, live and settings views', async () => {
    const { page } = p;
    await focusList(page);
    for (const [key, view] of [['2', 'issues-view'], ['3', 'live-view'], ['4', 'settings-view']] as const) {
      await page.keyboard.press(key);
      await page.locator(tid(view)).waitFor();
      await page.locator('body').click({ position: { x: 1, y: 1 } });
    }
    await page.keyboard.press('3');
    await poll(() => page.locator(tid('live-event')).count()).toBeGreaterThan(0);
  }, SUITE_TIMEOUT);

  it('had no page error, console error, dialog or CSP violation', async () => {
    expect(p.problems.pageErrors).toEqual([]);
    expect(p.problems.consoleErrors).toEqual([]);
    expect(p.problems.dialogs).toEqual([]);
    expect(await p.cspViolations()).toEqual([]);
  });
});
