/**
 * The five views in a real Chromium against a real `lantern serve` over the project's fixture
 * transcripts: the agent list shows every agent with its project and state; tabs and keys 1-5
 * switch views; the issues view draws a rail from milestones posted to /api/event (one blocked);
 * the live view shows events as they land; the settings view shows what GET /api/settings says.
 */
import { describe, expect, it } from 'vitest';
import type { AgentSummary } from '../../../src/shared/agents';
import { AGENT_STATES } from '../../../src/shared/events';
import type { SettingsView } from '../../../src/shared/settings';
import { BROWSER_SKIP, screenshot, type Page } from '../../helpers/browser';
import { focusList, numbersIn, poll, rowIds, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

const VIEWS = ['agents', 'issues', 'live', 'settings', 'jobs'] as const;

/** What the agent list shows as an agent's project: the last segment of its cwd, else its issue. */
function projectOf(a: AgentSummary): string {
  const parts = (a.cwd ?? '').split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? a.milestone?.issue ?? '—';
}

const viewOf = (page: Page) => page.locator(tid('app')).getAttribute('data-view');

describe.skipIf(BROWSER_SKIP)('browser: views', { timeout: SUITE_TIMEOUT }, () => {
  const ui = useUiSuite({ serverArgs: ['--running-window', '600'] });

  it('the agent list shows every fixture agent, each with its project and state', async () => {
    const { page } = await ui.open();
    const agents = await ui.server.agents();
    expect(agents.length).toBeGreaterThanOrEqual(10);
    const byId = new Map(agents.map((a) => [a.id, a]));

    await poll(async () => (await rowIds(page)).length).toBeGreaterThanOrEqual(agents.length);
    const shown = await rowIds(page);
    expect(new Set(shown)).toEqual(new Set(byId.keys()));

    const rows = page.locator(tid('agent-row'));
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const id = (await row.getAttribute('data-agent-id')) ?? '';
      const state = (await row.getAttribute('data-state')) ?? '';
      const text = (await row.innerText()).toLowerCase();
      expect(AGENT_STATES as readonly string[], `state of ${id}`).toContain(state);
      expect(text, `row ${id} names its state`).toContain(state);
      expect(text, `row ${id} names its project`).toContain(projectOf(byId.get(id) as AgentSummary).toLowerCase());
    }
    // The running session and its sub-agent are running; the old fixtures are not.
    await poll(() => page.locator(`${tid('agent-row')}[data-agent-id="${ui.fx.running.agentId}"]`).getAttribute('data-state')).toBe('running');
    expect(await page.locator(`${tid('agent-row')}[data-agent-id="${ui.fx.copied.basic.agentId}"]`).getAttribute('data-state')).not.toBe('running');
    await screenshot(page, 'views-agents');
  });

  it('tabs and the keys 1-5 switch views', async () => {
    const { page, problems } = await ui.open();
    for (const v of [...VIEWS].reverse()) {
      await page.locator(tid(`tab-${v}`)).click();
      await poll(() => viewOf(page)).toBe(v);
    }
    for (const [i, v] of VIEWS.entries()) {
      // A key typed into a field is text, not a command: keep focus off the search field.
      await page.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');
      await page.keyboard.press(String(i + 1));
      await poll(() => viewOf(page)).toBe(v);
      await expect(page.locator(tid(`${v === 'agents' ? 'agent-list' : `${v}-view`}`)).count()).resolves.toBe(1);
    }
    expect(problems.pageErrors).toEqual([]);
  });

  it('the issues view draws a rail per issue from posted milestones, blocked included', async () => {
    const post = async (body: Record<string, string>) => {
      const res = await ui.server.post('/api/event', body);
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await post({ issue: 'UI-101', phase: 'setup', level: 'info', title: 'cloned the repo' });
    await post({ issue: 'UI-101', phase: 'repro', level: 'info', title: 'reproduced the crash' });
    await post({ issue: 'UI-101', phase: 'fix', level: 'info', title: 'found the off-by-one' });
    await post({ issue: 'UI-101', phase: 'blocked', level: 'warning', title: 'waiting for a schema review' });
    await post({ issue: 'UI-202', phase: 'setup', level: 'info', title: 'started' });
    await post({ issue: 'UI-202', phase: 'pr', level: 'success', title: 'PR opened', pr_url: 'https://example.com/acme/shop/pull/7' });

    const { page } = await ui.open();
    await page.locator(tid('tab-issues')).click();
    await page.locator(tid('issues-view')).waitFor();

    const blocked = page.locator(`${tid('issue-rail')}[data-issue="UI-101"]`);
    await blocked.waitFor({ timeout: UI_TIMEOUT });
    const reached = async (rail: typeof blocked, phase: string) => rail.locator(`${tid('rail-step')}[data-phase="${phase}"]`).getAttribute('data-reached');
    for (const phase of ['setup', 'repro', 'fix']) expect(await reached(blocked, phase), `UI-101 ${phase}`).toBe('true');
    for (const phase of ['test', 'lint', 'pr', 'done']) expect(await reached(blocked, phase), `UI-101 ${phase}`).not.toBe('true');
    const blockedText = (await blocked.innerText()).toLowerCase();
    expect(blockedText).toContain('blocked');
    expect(blockedText).toContain('waiting for a schema review');

    const pr = page.locator(`${tid('issue-rail')}[data-issue="UI-202"]`);
    await pr.waitFor();
    expect(await reached(pr, 'pr')).toBe('true');
    expect(await reached(pr, 'done')).not.toBe('true');
    for (const a of await pr.locator('a').all()) {
      expect(await a.getAttribute('target')).toBe('_blank');
      expect(await a.getAttribute('rel')).toMatch(/noopener/);
    }

    for (const t of ['tile-running', 'tile-blocked', 'tile-prs', 'tile-done-today', 'tile-spend-today']) await page.locator(tid(t)).waitFor();
    await poll(async () => (await numbersIn(page, tid('tile-blocked')))[0]).toBeGreaterThanOrEqual(1);
    await poll(async () => (await numbersIn(page, tid('tile-prs')))[0]).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'views-issues');
  });

  it('the live view shows recent events and new ones as they land, with burn and tool latency', async () => {
    const { page } = await ui.open();
    await focusList(page);
    await page.keyboard.press('3');
    await page.locator(tid('live-view')).waitFor();
    await poll(() => page.locator(tid('live-event')).count()).toBeGreaterThan(0);
    await page.locator(tid('burn-ticker')).waitFor();
    await page.locator(tid('tool-latency')).waitFor();
    // The running session's Bash call (with its result) is inside the stats window.
    await page.locator(`${tid('tool-row')}[data-tool="Bash"]`).waitFor({ timeout: UI_TIMEOUT });

    const marker = `live-marker-${Date.now()}`;
    ui.fx.append(ui.fx.running.file, ui.fx.assistantLine(ui.fx.running, marker));
    const fresh = page.locator(tid('live-event'), { hasText: marker });
    await fresh.waitFor({ timeout: UI_TIMEOUT });
    expect(await fresh.count()).toBe(1);
    expect(await fresh.getAttribute('data-kind')).toBe('assistant_text');
    await screenshot(page, 'views-live');
  });

  it('the settings view shows the values GET /api/settings returns', async () => {
    const view = await ui.server.get<SettingsView>('/api/settings');
    expect(view.settings.runningWindowSec).toBe(600); // from --running-window, not the default
    const { page } = await ui.open();
    await page.locator(tid('tab-settings')).click();
    await page.locator(tid('settings-view')).waitFor();

    const running = page.locator(tid('setting-running-window'));
    await running.waitFor({ timeout: UI_TIMEOUT });
    expect(await running.inputValue()).toBe(String(view.settings.runningWindowSec));
    expect(await page.locator(tid('setting-throttle')).inputValue()).toBe(String(view.settings.notifications.throttleSec));
    expect(await page.locator(tid('setting-port')).inputValue()).toBe(String(view.settings.port));
    expect(await page.locator(tid('setting-notify-blocked')).isChecked()).toBe(view.settings.notifications.kinds.blocked);
    const dirs = await page.locator(tid('setting-claude-dirs')).inputValue();
    for (const d of view.settings.claudeDirs) expect(dirs).toContain(d);
    await page.locator(tid('settings-save')).waitFor();
    await screenshot(page, 'views-settings');
  });
});
