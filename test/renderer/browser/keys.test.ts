/**
 * The keyboard, in a real Chromium: j/k move the selection (aria-selected), g/G jump to the ends,
 * Enter and o open the replay and Esc comes back, / focuses the search field and typing filters
 * the list, ? lists every key and Esc closes it. Wherever focus lands it is visible (an outline).
 */
import { describe, expect, it } from 'vitest';
import { BROWSER_SKIP, screenshot, type Page, type PageWindow } from '../../helpers/browser';
import { focusList, poll, rowIds, selectedRowId, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

/** The focused element: its test id (or tag) and whether it draws a focus outline. */
function focused(page: Page): Promise<{ testId: string; outlineStyle: string; outlineWidth: string }> {
  return page.evaluate(() => {
    const el = window.document.activeElement;
    if (!el || el === window.document.body) return { testId: 'body', outlineStyle: 'none', outlineWidth: '0px' };
    const s = window.getComputedStyle(el);
    return { testId: el.getAttribute('data-testid') ?? el.tagName.toLowerCase(), outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth };
  });
}

async function expectVisibleFocus(page: Page, testId?: string): Promise<void> {
  const f = await focused(page);
  if (testId) expect(f.testId).toBe(testId);
  expect(f.testId, 'something has focus').not.toBe('body');
  expect(f.outlineStyle, `outline of the focused ${f.testId}`).not.toBe('none');
}

describe.skipIf(BROWSER_SKIP)('browser: keys', { timeout: SUITE_TIMEOUT }, () => {
  const ui = useUiSuite({ serverArgs: ['--running-window', '600'] });

  it('j/k move the selection, g/G go to the first and last row', async () => {
    const { page } = await ui.open();
    const total = (await ui.server.agents()).length;
    await poll(async () => (await rowIds(page)).length).toBe(total);
    const ids = await rowIds(page);
    await focusList(page);

    await page.keyboard.press('g');
    await poll(() => selectedRowId(page)).toBe(ids[0]);
    await page.keyboard.press('j');
    await poll(() => selectedRowId(page)).toBe(ids[1]);
    await page.keyboard.press('j');
    await poll(() => selectedRowId(page)).toBe(ids[2]);
    await page.keyboard.press('k');
    await poll(() => selectedRowId(page)).toBe(ids[1]);
    await page.keyboard.press('G');
    await poll(() => selectedRowId(page)).toBe(ids[ids.length - 1]);
    await page.keyboard.press('j'); // past the end stays at the end
    await poll(() => selectedRowId(page)).toBe(ids[ids.length - 1]);
    await page.keyboard.press('g');
    await poll(() => selectedRowId(page)).toBe(ids[0]);
    await page.keyboard.press('k'); // before the start stays at the start
    await poll(() => selectedRowId(page)).toBe(ids[0]);
    expect(await page.locator(`${tid('agent-row')}[aria-selected="true"]`).count()).toBe(1);
  });

  it('Enter and o open the replay, Esc returns to the list with the selection and a visible focus', async () => {
    const { page } = await ui.open();
    await page.locator(`${tid('agent-row')}[data-agent-id="${ui.fx.copied.basic.agentId}"]`).waitFor({ timeout: UI_TIMEOUT });
    await focusList(page);
    // Walk down with j to the basic session's row, then open it with Enter.
    const ids = await rowIds(page);
    const target = ids.indexOf(ui.fx.copied.basic.agentId);
    await page.keyboard.press('g');
    for (let i = 0; i < target; i++) await page.keyboard.press('j');
    await poll(() => selectedRowId(page)).toBe(ui.fx.copied.basic.agentId);

    await page.keyboard.press('Enter');
    await page.locator(tid('replay')).waitFor({ timeout: UI_TIMEOUT });
    await poll(() => page.locator(`${tid('replay-feed')} article${tid('card')}`).count()).toBeGreaterThan(0);
    expect(await page.locator(tid('agent-list')).count()).toBe(0);
    await screenshot(page, 'keys-replay-open');

    await page.keyboard.press('Escape');
    await page.locator(tid('agent-list')).waitFor();
    expect(await page.locator(tid('replay')).count()).toBe(0);
    expect(await selectedRowId(page)).toBe(ui.fx.copied.basic.agentId);
    await expectVisibleFocus(page, 'agent-list');

    await page.keyboard.press('j');
    const next = await selectedRowId(page);
    expect(next).not.toBe(ui.fx.copied.basic.agentId);
    await page.keyboard.press('o');
    await page.locator(tid('replay')).waitFor({ timeout: UI_TIMEOUT });
    await poll(() => page.locator(`${tid('replay-feed')} article${tid('card')}`).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.locator(tid('agent-list')).waitFor();
    expect(await selectedRowId(page)).toBe(next);
  });

  it('/ focuses the search field, typing filters the rows, Esc leaves the field', async () => {
    const { page } = await ui.open();
    const total = (await ui.server.agents()).length;
    await poll(async () => (await rowIds(page)).length).toBe(total);
    await focusList(page);

    await page.keyboard.press('/');
    await expectVisibleFocus(page, 'search-input');
    await page.keyboard.type('hostile');
    await poll(() => rowIds(page)).toEqual([ui.fx.hostile.agentId]);
    // Single-key commands are text while typing: "j" went into the field, not to the list.
    await page.keyboard.type('j');
    expect(await page.locator(tid('search-input')).inputValue()).toBe('hostilej');
    await poll(async () => (await rowIds(page)).length).toBe(0);

    await page.keyboard.press('Escape');
    expect((await focused(page)).testId).not.toBe('search-input');
    await page.locator(tid('search-input')).fill('');
    await poll(async () => (await rowIds(page)).length).toBe(total);

    // Tab moves focus through the page; each stop is visibly focused.
    await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      await expectVisibleFocus(page);
    }
  });

  it('? shows the key help listing every key; Esc closes it', async () => {
    const { page } = await ui.open();
    await page.locator(tid('agent-list')).waitFor({ timeout: UI_TIMEOUT });
    await focusList(page);
    await page.keyboard.press('?');
    const help = page.locator(tid('key-help'));
    await help.waitFor();
    expect(await help.getAttribute('role')).toBe('dialog');

    const kbds = await help.locator('kbd').allInnerTexts();
    const texts = kbds.length > 0 ? kbds : [await help.innerText()];
    const listed = new Set(texts.flatMap((t) => t.trim().split(/\s+\/\s+|\s+/)));
    for (const key of ['j', 'k', 'g', 'G', 'Enter', 'o', '/', '1', '2', '3', '4', 'f', '?']) expect(listed, `key help lists ${key}`).toContain(key);
    expect(listed.has('Esc') || listed.has('Escape'), 'key help lists Esc').toBe(true);
    await screenshot(page, 'keys-help');

    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('?');
    await help.waitFor();
    await page.keyboard.press('?');
    await help.waitFor({ state: 'detached' });
  });
});
