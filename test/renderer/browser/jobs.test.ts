/**
 * The Jobs view and the status rail in a real Chromium against a real `lantern serve` reading a
 * crontab, a systemd user dir and a LaunchAgents dir the test wrote: exactly the three agent jobs
 * are listed (not the backup line), the one whose command the test runs itself is highlighted as
 * running, the next-run countdown ticks, the log panel shows the log's last lines (ANSI colour as
 * a class, markup as inert text) and follows lines appended to it, and the rail counts the jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobsSnapshot } from '../../../src/shared/jobs';
import { BROWSER_SKIP, screenshot, type Page, type PageWindow } from '../../helpers/browser';
import { buildJobsFixture, HOSTILE, type JobsFixture } from '../../helpers/ui-fixtures';
import { waitFor } from '../../helpers/wait-for';
import { poll, SUITE_TIMEOUT, tid, UI_TIMEOUT, useUiSuite } from './suite';

declare const window: PageWindow;

const row = (page: Page, id: string) => page.locator(`${tid('job-row')}[data-job-id="${id}"]`);

/** Blurs whatever has focus (the search field takes digits as text), then presses the key. */
async function pressCommand(page: Page, key: string): Promise<void> {
  await page.evaluate(() => {
    const el = window.document.activeElement as unknown as { blur?: () => void } | null;
    el?.blur?.();
  });
  await page.keyboard.press(key);
}

describe.skipIf(BROWSER_SKIP)('browser: jobs', { timeout: SUITE_TIMEOUT }, () => {
  let jobs: JobsFixture;
  let runner: ChildProcess | null = null;
  beforeAll(() => {
    jobs = buildJobsFixture();
    // The crontab line's exact command, as cron would run it: the engine finds it in the process table.
    runner = spawn('/bin/sh', ['-c', jobs.runningCommand], { detached: true, stdio: 'ignore' });
  });
  afterAll(() => {
    // Its own process group (detached): the shell and its `sleep`, nothing else.
    if (runner?.pid && runner.exitCode === null) {
      try {
        process.kill(-runner.pid, 'SIGTERM');
      } catch {
        runner.kill('SIGTERM');
      }
    }
    jobs?.cleanup();
  });
  const ui = useUiSuite({ serverArgs: () => jobs.serveArgs() });

  /** The engine's table once it has seen the test's process running. */
  const table = () =>
    waitFor(
      async () => {
        const s = await ui.server.get<JobsSnapshot>('/api/jobs');
        return s.jobs.some((j) => j.running) ? s : null;
      },
      UI_TIMEOUT,
      'the engine to see the running job',
    ) as Promise<JobsSnapshot>;

  it('lists exactly the three agent jobs, the running one highlighted, and the rail counts them', async () => {
    const snapshot = await table();
    expect(snapshot.jobs).toHaveLength(3);
    const running = snapshot.jobs.find((j) => j.running);
    expect(running?.command).toBe(jobs.runningCommand);

    const { page, problems } = await ui.open();
    await pressCommand(page, '5');
    await page.locator(tid('jobs-view')).waitFor();
    await poll(() => page.locator(tid('job-row')).count()).toBe(3);
    const ids = await page.locator(tid('job-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-job-id')));
    expect(ids, 'in the order the engine sends them').toEqual(snapshot.jobs.map((j) => j.id));
    expect((await page.locator(tid('job-row')).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort()).toEqual(['cron', 'cron', 'systemd']);

    const tableText = await page.locator(tid('jobs-table')).innerText();
    expect(tableText).not.toContain(jobs.backupCommand);
    expect(tableText).toContain('*/15 * * * *');
    expect(tableText).toContain('OnCalendar=*-*-* 02:00:00');
    expect(tableText).toContain('codex exec');

    const live = row(page, running?.id ?? '');
    await poll(() => live.getAttribute('data-running')).toBe('true');
    expect(await live.getAttribute('class')).toContain('running');
    expect((await live.locator(tid('job-state')).innerText()).trim()).toBe('running');
    const shadow = (id: string) => row(page, id).evaluate((el) => window.getComputedStyle(el).boxShadow);
    const idle = snapshot.jobs.find((j) => !j.running)?.id ?? '';
    expect(await shadow(running?.id ?? '')).not.toBe(await shadow(idle));
    expect(await row(page, idle).getAttribute('data-running')).toBe('false');

    // The rail, on this view and on every other.
    const rail = page.locator(tid('status-rail-jobs'));
    await poll(() => rail.getAttribute('data-running')).toBe('1');
    expect(await rail.getAttribute('data-total')).toBe('3');
    expect(await rail.innerText()).toContain('1 running / 3');
    await poll(() => page.locator(tid('status-rail-next-countdown')).innerText()).toMatch(/^in \d/);
    expect((await page.locator(tid('status-rail-next-label')).innerText()).trim()).not.toBe('');
    expect(await page.locator(tid('status-rail-clock')).innerText()).toMatch(/^\d\d:\d\d:\d\d$/);
    await screenshot(page, 'jobs-table');
    await pressCommand(page, '1');
    await page.locator(tid('status-rail-jobs')).waitFor();
    expect(await page.locator(tid('status-rail-jobs')).getAttribute('data-total')).toBe('3');
    expect(problems.pageErrors).toEqual([]);
  });

  it('the next-run countdown ticks', async () => {
    const snapshot = await table();
    const quarter = snapshot.jobs.find((j) => j.schedule === '*/15 * * * *');
    expect(quarter?.nextRun).toBeTruthy();
    const { page } = await ui.open();
    await pressCommand(page, '5');
    const cell = row(page, quarter?.id ?? '').locator(tid('job-next-run'));
    await poll(() => cell.innerText()).toMatch(/^(in \d|due)/);
    const first = await cell.innerText();
    // Below an hour the countdown shows seconds: wait for it to change, without timing it.
    await poll(() => cell.innerText()).not.toBe(first);
    expect(await cell.getAttribute('title')).toBeTruthy();
  });

  it('the log panel shows the last lines as inert text, follows appended lines, and Esc closes it', async () => {
    const snapshot = await table();
    const quarter = snapshot.jobs.find((j) => j.schedule === '*/15 * * * *');
    const p = await ui.open();
    const { page } = p;
    await pressCommand(page, '5');
    await poll(() => page.locator(tid('job-row')).count()).toBe(3);

    // Keys: j/k move the selection, Enter opens the selected row's log, Esc closes it.
    await page.locator(tid('jobs-table-wrap')).focus();
    const selected = () => page.locator(`${tid('job-row')}[aria-selected="true"]`).getAttribute('data-job-id');
    await poll(selected).toBe(snapshot.jobs[0].id);
    await page.keyboard.press('j');
    await poll(selected).toBe(snapshot.jobs[1].id);
    await page.keyboard.press('k');
    await poll(selected).toBe(snapshot.jobs[0].id);
    await page.keyboard.press('Enter');
    await poll(() => page.locator(tid('job-log')).getAttribute('data-job-id')).toBe(snapshot.jobs[0].id);
    await page.keyboard.press('Escape');
    await poll(() => page.locator(tid('job-log')).count()).toBe(0);

    // A click opens the */15 job's log: its file's last lines.
    await row(page, quarter?.id ?? '').click();
    const panel = page.locator(tid('job-log'));
    await poll(() => panel.getAttribute('data-job-id')).toBe(quarter?.id);
    const lines = page.locator(tid('job-log-lines'));
    await poll(() => lines.innerText()).toContain('last line before the test');
    expect(await page.locator(tid('job-log-source')).innerText()).toContain(jobs.log);
    const text = await lines.innerText();
    expect(text).toContain(HOSTILE.img);
    expect(text).toContain('status red ok');
    expect(text).not.toContain('\u001b');
    expect(await lines.locator('.ansi-red').innerText()).toBe('red');
    expect(await page.locator('[data-testid="app"] img').count(), 'no element from the log').toBe(0);
    expect(p.problems.dialogs).toEqual([]);
    await screenshot(page, 'jobs-log');

    // Following: a line appended to the file shows up at the bottom, in view.
    const marker = `appended-${Date.now()}`;
    jobs.appendLog(marker);
    await poll(() => lines.innerText()).toContain(marker);
    const atBottom = () => lines.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 24);
    expect(await lines.evaluate((el) => el.scrollHeight > el.clientHeight), 'the log overflows the panel').toBe(true);
    await poll(atBottom).toBe(true);
    expect((await lines.innerText()).trim().endsWith(marker)).toBe(true);

    await pressCommand(page, 'Escape');
    await poll(() => page.locator(tid('job-log')).count()).toBe(0);
    expect(p.problems.dialogs).toEqual([]);
    expect(p.problems.pageErrors).toEqual([]);
    expect(p.problems.consoleErrors).toEqual([]);
    expect(await p.cspViolations()).toEqual([]);
  });
});
