/**
 * Shared set-up of the browser test files: one fixture Claude dir, one `lantern serve` child and
 * one Chromium per file (beforeAll / afterAll), and small page helpers every file uses.
 *
 * Test ids of the status rail (on top of every view): `status-rail`, `status-rail-running` and
 * `status-rail-blocked` (agent counts, also in `data-count`), `status-rail-next` (the soonest
 * job run, or "no jobs scheduled") with `status-rail-next-label` and
 * `status-rail-next-countdown`, `status-rail-jobs` ("jobs 1 running / 3", also in `data-running`
 * and `data-total`), `status-rail-clock` (local HH:MM:SS).
 *
 * Test ids of the Jobs view (key 5): `jobs-view`, `jobs-checked`, `jobs-table-wrap` (focusable),
 * `jobs-table`, `job-row` (`data-job-id`, `data-kind`, `data-running`, `data-state` = running |
 * success | failed | killed | skipped | unknown, `aria-selected`) with the cells `job-state`,
 * `job-label`, `job-kind`, `job-problems`, `job-schedule`, `job-next-run`, `job-last-exit`,
 * `job-command`, `job-log-path`; `jobs-empty`, `jobs-sources` / `job-source` (`data-ok`),
 * `jobs-to-settings`. The log panel: `job-log` (`data-job-id`), `job-log-source` (`data-from`),
 * `job-log-lines`, `job-log-note`, `job-log-error`, `job-log-follow`, `job-log-close`,
 * `job-open-replay` (`data-agent-id`). Settings: `setting-job-patterns`, `setting-skip-exit-code`.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { closeBrowser, launchBrowser, newLoggedInPage, type Browser, type LoggedInPage, type Page, type PageOptions } from '../../helpers/browser';
import { buildUiFixture, type UiFixture } from '../../helpers/ui-fixtures';
import { startUiServer, type UiServer } from '../../helpers/ui-server';

/** Bounded timeouts for browser work: generous (a loaded CI machine), never open-ended. */
export const SUITE_TIMEOUT = 60_000;
export const UI_TIMEOUT = 15_000;

export interface UiSuite {
  fx: UiFixture;
  server: UiServer;
  browser: Browser;
  /** A new logged-in page, closed after the file. */
  open(opts?: PageOptions): Promise<LoggedInPage>;
}

/** Call at the top of a `describe`: fills the returned object in beforeAll, tears it down in afterAll. */
export function useUiSuite(opts: { serverArgs?: string[] | (() => string[]) } = {}): UiSuite {
  const suite = {} as UiSuite;
  const pages: LoggedInPage[] = [];
  beforeAll(async () => {
    suite.fx = buildUiFixture();
    // A function is read here, after the file's own beforeAll hooks have made what it names.
    const args = typeof opts.serverArgs === 'function' ? opts.serverArgs() : opts.serverArgs;
    suite.server = await startUiServer({ claudeDir: suite.fx.claudeDir, args });
    await suite.server.waitIndexed();
    // A browser that cannot start fails each test (counted as failed in CI's summary line), not
    // the hook (which vitest reports as skipped tests).
    let launchError: unknown = null;
    suite.browser = await launchBrowser().catch((err: unknown) => {
      launchError = err;
      return undefined as unknown as Browser;
    });
    suite.open = async (pageOpts) => {
      if (launchError) throw launchError;
      const p = await newLoggedInPage(suite.browser, suite.server, pageOpts);
      pages.push(p);
      return p;
    };
  }, SUITE_TIMEOUT);
  afterAll(async () => {
    for (const p of pages) await p.close();
    await closeBrowser(suite.browser);
    await suite.server?.stop();
    suite.fx?.cleanup();
  }, SUITE_TIMEOUT);
  return suite;
}

/** `expect.poll` with the suite's bound (vitest's default of 1 s is short for a loaded CI machine). */
export const poll = <T>(fn: () => T | Promise<T>, timeout = UI_TIMEOUT) => expect.poll(fn, { timeout, interval: 50 });

export const tid = (id: string): string => `[data-testid="${id}"]`;

/** data-agent-id of the agent rows in list order (DOM order is index order in the virtual list). */
export function rowIds(page: Page): Promise<string[]> {
  return page.locator(tid('agent-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-agent-id') ?? ''));
}

/** The agent id of the row with aria-selected="true", or null. */
export async function selectedRowId(page: Page): Promise<string | null> {
  const sel = page.locator(`${tid('agent-row')}[aria-selected="true"]`);
  return (await sel.count()) === 1 ? sel.getAttribute('data-agent-id') : null;
}

/** Puts keyboard focus on the agent list (not in a field), so single keys are commands. */
export async function focusList(page: Page): Promise<void> {
  await page.locator(tid('agent-list')).focus();
}

/** Selects an agent's row by clicking it, then opens its replay with Enter. */
export async function openReplay(page: Page, agentId: string): Promise<void> {
  await page.locator(`${tid('agent-row')}[data-agent-id="${agentId}"]`).click();
  await focusList(page);
  await page.keyboard.press('Enter');
  await page.locator(tid('replay')).waitFor({ state: 'visible' });
}

/** The numbers in an element's text, in order (a stat tile: "Blocked 1"). */
export async function numbersIn(page: Page, selector: string): Promise<number[]> {
  const text = (await page.locator(selector).first().textContent()) ?? '';
  return [...text.replace(/,/g, '').matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}
