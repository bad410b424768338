/**
 * A replay follows its agent live: with the replay open (follow on), a line appended to the
 * agent's transcript becomes a new card in the feed, without reloading the page.
 */
import { describe, expect, it } from 'vitest';
import { BROWSER_SKIP, scanFeed, screenshot, type PageWindow } from '../../helpers/browser';
import { openReplay, poll, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

describe.skipIf(BROWSER_SKIP)('browser: replay follows new lines', { timeout: SUITE_TIMEOUT }, () => {
  const ui = useUiSuite({ serverArgs: ['--running-window', '600'] });

  it('a line appended to the transcript appears as a new card, follow on, no reload', async () => {
    const { page, problems } = await ui.open();
    const agent = ui.fx.running;
    await page.locator(`${tid('agent-row')}[data-agent-id="${agent.agentId}"]`).waitFor({ timeout: UI_TIMEOUT });
    await openReplay(page, agent.agentId);

    const feed = page.locator(tid('replay-feed'));
    await feed.waitFor({ timeout: UI_TIMEOUT });
    expect(await feed.getAttribute('role')).toBe('feed');
    const cards = feed.locator(`article${tid('card')}`);
    await poll(() => cards.count()).toBeGreaterThan(0);
    expect(await page.locator(tid('follow-toggle')).getAttribute('aria-pressed')).toBe('true');
    const before = await scanFeed(page);

    // Marks this document: a reload would lose it.
    await page.evaluate(() => {
      window.__lanternNoReload = 'still here';
    });
    const text = `replay-live-marker-${Date.now()}`;
    ui.fx.append(agent.file, ui.fx.assistantLine(agent, text));

    const card = feed.locator(`article${tid('card')}`, { hasText: text });
    await card.waitFor({ timeout: UI_TIMEOUT });
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('data-kind')).toBe('assistant_text');
    await expect(card.isVisible()).resolves.toBe(true); // follow kept the newest card in view
    expect(await page.evaluate(() => window.__lanternNoReload)).toBe('still here');

    const stored = await ui.server.events(agent.agentId);
    const added = stored.find((e) => e.kind === 'assistant_text' && e.text === text);
    expect(added, 'the appended line was stored').toBeTruthy();
    expect(await card.getAttribute('data-event-id')).toBe(String(added?.id));

    const after = await scanFeed(page);
    expect(after.duplicates).toEqual([]);
    for (const c of before.cards) expect(after.cards.map((x) => x.id)).toContain(c.id);
    expect(problems.pageErrors).toEqual([]);
    await screenshot(page, 'replay-live');
  });
});
