/**
 * The engine goes away and comes back under an open page: the status banner says it is
 * reconnecting; lines written while it was down are indexed when it restarts (same port, same
 * data dir); the page resumes by itself and shows each new event exactly once, with no gap: the
 * replay holds every stored event of the agent (of the kinds the replay draws), once.
 */
import { describe, expect, it } from 'vitest';
import { BROWSER_SKIP, scanFeed, screenshot, type PageWindow } from '../../helpers/browser';
import { waitFor } from '../../helpers/ui-server';
import { openReplay, poll, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

/** Usage records are shown as cost, not as cards, unless the replay draws them (then they count). */
const NOT_CARDS = new Set(['usage']);

describe.skipIf(BROWSER_SKIP)('browser: reconnect after the engine restarts', { timeout: 90_000 }, () => {
  const ui = useUiSuite({ serverArgs: ['--running-window', '600'] });

  it('shows reconnecting, then resumes with every new event exactly once and no gap', async () => {
    // Tall enough that the whole replay of this agent is on screen at once; scanFeed scrolls anyway.
    const { page } = await ui.open({ viewport: { width: 1280, height: 2400 } });
    const agent = ui.fx.running;
    await page.locator(`${tid('agent-row')}[data-agent-id="${agent.agentId}"]`).waitFor({ timeout: UI_TIMEOUT });
    await openReplay(page, agent.agentId);
    const feed = page.locator(tid('replay-feed'));
    await poll(() => feed.locator(`article${tid('card')}`).count()).toBeGreaterThan(0);
    await page.evaluate(() => {
      window.__lanternNoReload = 'still here';
    });

    await ui.server.stop();
    await page.locator(`${tid('status-banner')}[data-kind="reconnecting"]`).waitFor({ timeout: UI_TIMEOUT });
    await screenshot(page, 'reconnect-banner');

    // Written while the engine is down: only the restart's index can find them.
    const texts = [1, 2, 3].map((i) => `while-down-${i}-${Date.now()}`);
    ui.fx.append(agent.file, ui.fx.promptLine(agent, texts[0]), ui.fx.assistantLine(agent, texts[1]), ui.fx.assistantLine(agent, texts[2]));

    await ui.server.restart();
    await ui.server.waitIndexed();
    for (const t of texts) await feed.locator(`article${tid('card')}`, { hasText: t }).first().waitFor({ timeout: 30_000 });
    await page.locator(`${tid('status-banner')}[data-kind="reconnecting"]`).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await page.evaluate(() => window.__lanternNoReload), 'the page resumed without a reload').toBe('still here');

    const stored = await ui.server.events(agent.agentId);
    // Each new line's event is shown exactly once.
    for (const t of texts) {
      const ids = stored.filter((e) => (e.kind === 'prompt' || e.kind === 'assistant_text') && e.text === t).map((e) => e.id);
      expect(ids, `stored once: ${t}`).toHaveLength(1);
      expect(await feed.locator(`article${tid('card')}`, { hasText: t }).count(), `shown once: ${t}`).toBe(1);
    }

    // No duplicates, no gap: the ids shown equal the stored ids of every kind the replay draws.
    // (Polled briefly: a status event of the restart may still be on its way to the page.)
    const compare = async () => {
      const scan = await scanFeed(page);
      const shownKinds = new Set(scan.cards.map((c) => c.kind));
      const expected = (await ui.server.events(agent.agentId)).filter((e) => !NOT_CARDS.has(e.kind) || shownKinds.has(e.kind));
      return { duplicates: scan.duplicates, shown: scan.cards.map((c) => c.id).sort(), expected: expected.map((e) => String(e.id)).sort() };
    };
    let last = await compare();
    await waitFor(
      async () => {
        last = await compare();
        return last.duplicates.length === 0 && JSON.stringify(last.shown) === JSON.stringify(last.expected);
      },
      UI_TIMEOUT,
      'the replay to hold every stored event once',
    ).catch(() => undefined);
    expect(last.duplicates, 'event ids shown twice').toEqual([]);
    expect(last.shown, 'event ids shown vs stored').toEqual(last.expected);
    const final = await scanFeed(page);
    expect(final.duplicates).toEqual([]);
    const ids = final.cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    await screenshot(page, 'reconnect-resumed');
  });
});
