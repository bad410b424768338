/**
 * Agent output is untrusted: a transcript whose prompt, answers, tool input and tool output carry
 * HTML, a script, a `javascript:` markdown link, an iframe and ANSI escapes must reach the screen
 * as text. Nothing may run (no dialog), no element may come from it, no link may run script or
 * open without `noopener`, and the page's Content Security Policy must never have to step in.
 */
import { describe, expect, it } from 'vitest';
import { BROWSER_SKIP, screenshot, type LoggedInPage, type Page, type PageWindow } from '../../helpers/browser';
import { HOSTILE, HOSTILE_HTML } from '../../helpers/ui-fixtures';
import { openReplay, poll, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

interface DomReport {
  /** Elements inside the app that agent text could have produced. */
  forbidden: string[];
  /** `src` of every script in the document. */
  scripts: string[];
  iframes: number;
  /** Inline event handler attributes anywhere (`onerror=` …). */
  handlers: string[];
  anchors: Array<{ text: string; href: string | null; target: string | null; rel: string | null }>;
  /** Text nodes inside the app holding raw ESC / BEL characters. */
  controlChars: string[];
  title: string;
}

function domReport(page: Page): Promise<DomReport> {
  return page.evaluate(() => {
    const doc = window.document;
    const app = doc.querySelector('[data-testid="app"]');
    if (!app) throw new Error('no app root');
    const forbidden = [...app.querySelectorAll('img, iframe, frame, script, object, embed, svg image, video, audio, source, link, meta, base, form[action], style')].map(
      (e) => e.tagName.toLowerCase(),
    );
    const scripts = [...doc.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? '(inline)');
    const handlers: string[] = [];
    for (const el of doc.querySelectorAll('*')) {
      for (const a of Array.from(el.attributes)) if (a.name.toLowerCase().startsWith('on')) handlers.push(`${el.tagName.toLowerCase()}[${a.name}]`);
    }
    const anchors = [...doc.querySelectorAll('a')].map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') }));
    const controlChars: string[] = [];
    const walker = doc.createTreeWalker(app, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const v = n.nodeValue ?? '';
      if (/[\u001b\u0007]/.test(v)) controlChars.push(JSON.stringify(v.slice(0, 80)));
    }
    return { forbidden, scripts, iframes: doc.querySelectorAll('iframe, frame').length, handlers, anchors, controlChars, title: doc.title };
  });
}

async function expectInert(p: LoggedInPage, where: string): Promise<void> {
  const r = await domReport(p.page);
  expect(r.forbidden, `${where}: elements made from agent text`).toEqual([]);
  expect(r.scripts, `${where}: only the app bundle runs`).toHaveLength(1);
  expect(r.scripts[0]).toMatch(/(^|\/)app\.js$/);
  expect(r.iframes, `${where}: frames`).toBe(0);
  expect(r.handlers, `${where}: inline handlers`).toEqual([]);
  for (const a of r.anchors) {
    expect(a.href ?? '', `${where}: link "${a.text}"`).not.toMatch(/^\s*(javascript|data|vbscript):/i);
    expect(a.target, `${where}: link "${a.text}" opens elsewhere`).toBe('_blank');
    expect(a.rel ?? '', `${where}: link "${a.text}" has noopener`).toMatch(/\bnoopener\b/);
  }
  expect(r.controlChars, `${where}: raw control characters in text`).toEqual([]);
  expect(r.title, `${where}: an OSC escape must not retitle the page`).toBe('Lantern');
  expect(p.problems.dialogs, `${where}: dialogs`).toEqual([]);
  expect(await p.cspViolations(), `${where}: CSP violations`).toEqual([]);
  expect(p.problems.pageErrors, `${where}: page errors`).toEqual([]);
  // A broken <img src=x> or a blocked inline script would log here.
  expect(p.problems.consoleErrors, `${where}: console errors`).toEqual([]);
}

describe.skipIf(BROWSER_SKIP)('browser: hostile transcript content', { timeout: SUITE_TIMEOUT }, () => {
  const ui = useUiSuite();

  it('shows markup, script, links and ANSI escapes as inert text in the list and the replay', async () => {
    const p = await ui.open();
    const { page } = p;
    const row = page.locator(`${tid('agent-row')}[data-agent-id="${ui.fx.hostile.agentId}"]`);
    await row.waitFor({ timeout: UI_TIMEOUT });
    // The title is the first prompt: the row shows its start as text.
    expect(await row.innerText()).toContain(HOSTILE.img);
    await expectInert(p, 'agent list');

    await openReplay(page, ui.fx.hostile.agentId);
    const feed = page.locator(tid('replay-feed'));
    await feed.waitFor({ timeout: UI_TIMEOUT });
    await poll(() => feed.locator(`article${tid('card')}`).count()).toBeGreaterThanOrEqual(4);
    const stored = await ui.server.events(ui.fx.hostile.agentId);
    const toolResult = stored.find((e) => e.kind === 'tool_result');
    expect(toolResult).toBeTruthy();

    // Expand whatever the cards fold (tool output) so all of the hostile text is in the page.
    for (const summary of await feed.locator('summary').all()) await summary.click().catch(() => undefined);
    for (const button of await feed.locator('button[aria-expanded="false"]').all()) await button.click().catch(() => undefined);

    const prompt = feed.locator(`article${tid('card')}[data-kind="prompt"]`).first();
    const promptText = await prompt.innerText();
    for (const literal of HOSTILE_HTML) expect(promptText, 'the prompt shows the markup as text').toContain(literal);
    expect(promptText).toContain('red');

    const all = (await feed.textContent()) ?? '';
    for (const literal of HOSTILE_HTML) expect(all).toContain(literal);
    expect(all).toContain('hostile answer');
    expect(all).toContain('hostile output');
    // The markdown link is either shown as written or as a link to nowhere harmful (checked below).
    expect(all.includes(HOSTILE.link) || all.includes('click')).toBe(true);

    // Any handler that did get in would fire on the broken image at once; give it a beat anyway.
    await page.waitForTimeout(300);
    await expectInert(p, 'replay');
    await screenshot(page, 'hostile-replay');
  });

  it('event search hits show hostile text as text', async () => {
    const p = await ui.open();
    const { page } = p;
    await page.locator(tid('agent-list')).waitFor({ timeout: UI_TIMEOUT });
    await page.locator(tid('search-input')).fill('onerror');
    await page.locator(tid('search-input')).press('Enter');
    const hits = page.locator(tid('search-hits'));
    await hits.waitFor({ timeout: UI_TIMEOUT });
    await poll(() => hits.locator(tid('search-hit')).count()).toBeGreaterThan(0);
    expect(await hits.innerText()).toContain('onerror');
    await expectInert(p, 'search hits');
    await screenshot(page, 'hostile-search');
  });
});
