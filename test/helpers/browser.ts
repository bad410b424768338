/**
 * A real Chromium (Debian's `chromium`, driven by playwright-core; never a downloaded browser) for
 * the browser tests: one browser per test file, pages logged in through the server's Open URL,
 * and everything a page should never do collected as it happens: console errors, uncaught page
 * errors, dialogs (alert/confirm/prompt: hostile content must never open one) and Content
 * Security Policy violations.
 *
 * Where Chromium is missing the tests skip with a reason, except in CI (`CI` set), where a missing
 * browser is a failure: `.ci/run` installs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { UiServer } from './ui-server';

export type { Browser, Page };

export const CHROMIUM_PATH = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const inCi = (): boolean => {
  const v = process.env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
};

/** Why the browser tests cannot run here, or null. In CI a missing Chromium is never a skip. */
export const BROWSER_SKIP: string | null =
  fs.existsSync(CHROMIUM_PATH) || inCi() ? null : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set LANTERN_CHROMIUM): browser tests skipped`;
if (BROWSER_SKIP) console.warn(BROWSER_SKIP);

/** The repository's test-results/ (artefacts CI keeps). */
export const RESULTS_DIR = path.resolve(__dirname, '../../test-results');
export const SCREENSHOT_DIR = path.join(RESULTS_DIR, 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: CI installs it in .ci/run (apt-get install chromium); locally, install it or set LANTERN_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  await browser?.close().catch(() => undefined);
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** `type: message` of every dialog the page tried to open (each was dismissed). */
  dialogs: string[];
}

export interface LoggedInPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  /** CSP violations reported in the current document (read from the page). */
  cspViolations(): Promise<CspViolation[]>;
  close(): Promise<void>;
}

/** Installed before any page script: every `securitypolicyviolation` is kept on `window`. */
const CSP_RECORDER = `
  window.__lanternCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__lanternCsp.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample });
  }, true);
`;

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** Selector to wait for after login; default the app root. */
  ready?: string;
}

/** A fresh context (own cookie jar), logged in through the Open URL, on the app's first screen. */
export async function newLoggedInPage(browser: Browser, server: Pick<UiServer, 'openUrl' | 'url'>, opts: PageOptions = {}): Promise<LoggedInPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  await context.addInitScript({ content: CSP_RECORDER });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.stack ?? err.message));
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  const res = await page.goto(server.openUrl, { waitUntil: 'domcontentloaded' });
  if (!res || !res.ok()) throw new Error(`login through the Open URL answered ${res?.status() ?? 'nothing'}`);
  if (new URL(page.url()).search.includes('token=')) throw new Error(`the Open URL did not redirect: still at ${page.url()}`);
  await page.waitForSelector(opts.ready ?? '[data-testid="app"]', { state: 'attached' });
  return {
    page,
    context,
    problems,
    cspViolations: () => page.evaluate('window.__lanternCsp ?? []') as Promise<CspViolation[]>,
    close: () => context.close().catch(() => undefined),
  };
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png (a CI artefact) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The few DOM shapes page-side functions (`page.evaluate`) use. The Node layer's tsconfig has no
 * DOM lib (on purpose), so a file that evaluates in the page declares, at module scope,
 * `declare const window: PageWindow;` and reaches everything through `window.` — the function
 * runs in the page, where `window` is the real one.
 */
export interface PageRect {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}
export interface PageNode {
  nodeType: number;
  nodeValue: string | null;
  parentElement: PageElement | null;
}
export interface PageElement extends PageNode {
  tagName: string;
  id: string;
  textContent: string | null;
  innerText: string;
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): PageRect;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  closest(selector: string): PageElement | null;
  contains(other: PageNode | null): boolean;
}
export interface PageWindow {
  document: {
    title: string;
    activeElement: PageElement | null;
    body: PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
    createTreeWalker(root: PageElement, whatToShow: number): { nextNode(): PageNode | null };
    addEventListener(type: string, listener: (e: { key?: string }) => void, capture?: boolean): void;
  };
  getComputedStyle(el: PageElement): { overflowY: string; outlineStyle: string; outlineWidth: string; boxShadow: string };
  requestAnimationFrame(cb: (t: number) => void): number;
  performance: { now(): number };
  /** Markers tests leave on the page (e.g. to prove it was not reloaded). */
  [key: string]: unknown;
}
declare const window: PageWindow;

export interface FeedCard {
  id: string;
  kind: string;
  text: string;
}

export interface FeedScan {
  /** Every distinct card seen, in feed order (top to bottom). */
  cards: FeedCard[];
  /** Event ids shown by more than one card (at different places in the feed). */
  duplicates: string[];
}

/**
 * Every card of a (possibly virtualised) feed: walks its scroll container from top to bottom,
 * half a screen at a time, noting each card's id and position in the content. The same id at two
 * positions is a duplicate. Leaves the feed scrolled where it was.
 */
export function scanFeed(page: Page, feedSelector = '[data-testid="replay-feed"]'): Promise<FeedScan> {
  return page.evaluate(async (selector) => {
    const feed = window.document.querySelector(selector);
    if (!feed) throw new Error(`no feed at ${selector}`);
    let box: PageElement = feed;
    for (let el: PageElement | null = feed; el; el = el.parentElement) {
      const o = window.getComputedStyle(el).overflowY;
      if ((o === 'auto' || o === 'scroll') && el.scrollHeight > el.clientHeight) {
        box = el;
        break;
      }
    }
    const frame = () => new Promise((resolve) => window.requestAnimationFrame(() => window.requestAnimationFrame(resolve)));
    const startTop = box.scrollTop;
    const seen = new Map<string, { kind: string; text: string; at: Set<number> }>();
    const collect = () => {
      const top = box.getBoundingClientRect().top - box.scrollTop;
      for (const el of feed.querySelectorAll('article[data-testid="card"]')) {
        const id = el.getAttribute('data-event-id') ?? '';
        const at = Math.round(el.getBoundingClientRect().top - top);
        const entry = seen.get(id) ?? { kind: el.getAttribute('data-kind') ?? '', text: el.textContent ?? '', at: new Set<number>() };
        entry.at.add(at);
        seen.set(id, entry);
      }
    };
    box.scrollTop = 0;
    await frame();
    for (let guard = 0; guard < 10_000; guard++) {
      collect();
      const before = box.scrollTop;
      box.scrollTop = before + Math.max(50, box.clientHeight / 2);
      await frame();
      if (box.scrollTop === before) break;
    }
    collect();
    box.scrollTop = startTop;
    const entries = [...seen.entries()].sort((a, b) => Math.min(...a[1].at) - Math.min(...b[1].at));
    return {
      cards: entries.map(([id, e]) => ({ id, kind: e.kind, text: e.text })),
      // A card re-measured after a scroll moves by a few pixels at most; a duplicate is a card apart.
      duplicates: entries.filter(([, e]) => Math.max(...e.at) - Math.min(...e.at) > 8).map(([id]) => id),
    };
  }, feedSelector);
}
