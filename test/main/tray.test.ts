// @vitest-environment node
/**
 * The tray over a fake engine (electron mocked): the state it derives from the agent list and
 * the bus, the tooltip, the menu (blocked, then running, each opening its agent), the pause
 * instants, "Open in browser", and that the Tray is touched only when what it shows changes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
vi.mock('electron', async () => (await import('./electron-mock')).electronModule);
import type { AgentSummary } from '../../src/shared/agents';
import type { NotifyState, PauseRequest } from '../../src/shared/notify';
import type { LiveStats } from '../../src/shared/stats';
import { createBus, type Bus } from '../../src/engine/bus';
import { silentLogger } from '../../src/engine/logger';
import { openWebUi } from '../../src/main/engine-host';
import { setupTray, type TrayDeps } from '../../src/main/tray/tray';
import { menuText } from '../../src/main/tray/tray-menu';
import { money, pauseUntil, tooltipText } from '../../src/main/tray/tray-state';
import { agentSummary } from '../helpers/agent-summary';
import { electron, FakeImage, FakeTray, resetElectron, type FakeMenu } from './electron-mock';

type Item = Record<string, unknown> & { label?: string; click?: (item?: unknown) => void; submenu?: Item[]; enabled?: boolean; checked?: boolean };

const NOW = new Date(2026, 4, 1, 14, 30, 0).getTime(); // local time: a Friday afternoon

function stats(today: number): LiveStats {
  return {
    window: '1h',
    totals: { events: 0, tokens: 0, costUsd: 0, unpricedTokens: 0 },
    burn: { perMinute: 0, perHour: 0, today, projectedMonthEnd: 0 },
    agents: { running: 0, blocked: 0, idle: 0, done: 0, failed: 0, stale: 0 },
    tools: [],
  };
}

function harness(agents: AgentSummary[], o: { platform?: NodeJS.Platform; today?: number } = {}) {
  const bus: Bus = createBus((err) => {
    throw err;
  });
  let paused: NotifyState = { pausedUntil: null, channels: [] };
  const api = {
    listAgents: vi.fn(async () => ({ agents })),
    liveStats: vi.fn(async () => stats(o.today ?? 4.2)),
    notifyState: vi.fn(async () => paused),
    pauseNotifications: vi.fn(async (r: PauseRequest) => (paused = { pausedUntil: r.until, channels: [] })),
  };
  const window = { toggle: vi.fn(), show: vi.fn(), showAgent: vi.fn(), showView: vi.fn() };
  let launch = false;
  const deps: TrayDeps = {
    api,
    bus,
    window,
    openInBrowser: vi.fn(),
    launchAtLogin: { get: () => launch, set: vi.fn((on: boolean) => void (launch = on)) },
    quit: vi.fn(),
    logger: silentLogger,
    now: () => NOW,
    platform: o.platform ?? 'linux',
  };
  const tray = setupTray(deps);
  const fake = FakeTray.instances[FakeTray.instances.length - 1];
  const menu = (): Item[] => {
    const calls = electron.Menu.buildFromTemplate.mock.results;
    return (calls[calls.length - 1].value as FakeMenu).template as Item[];
  };
  const item = (label: string | RegExp, items = menu()): Item => {
    const found = items.find((i) => (typeof label === 'string' ? i.label === label : label.test(String(i.label))));
    if (!found) throw new Error(`no menu item ${label}: ${items.map((i) => i.label).join(', ')}`);
    return found;
  };
  return { tray, fake, deps, api, bus, window, menu, item };
}

const running = (id: string, project: string, title: string, at = '2026-05-01T12:00:00Z') => agentSummary(id, { cwd: `/home/dev/${project}`, title, state: 'running', lastEventAt: at });
const blocked = (id: string, project: string, title: string, reason = 'permission') => agentSummary(id, { cwd: `/home/dev/${project}`, title, state: 'blocked', stateReason: reason, lastEventAt: '2026-05-01T12:00:00Z' });

beforeEach(() => {
  resetElectron();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => vi.useRealTimers());

describe('tray state', () => {
  it('shows the counts and today’s spend in the tooltip', async () => {
    const h = harness([running('a', 'shop', 'fix cart'), running('b', 'api', 'tests'), running('c', 'web', 'css'), blocked('d', 'pay', 'deploy')]);
    await h.tray.ready;
    expect(h.fake.setToolTip).toHaveBeenLastCalledWith('3 running · 1 blocked · $4.20 today');
    expect(tooltipText({ running: 0, blocked: 0, todayUsd: null, pausedUntil: null })).toBe('0 running');
    expect(tooltipText({ running: 2, blocked: 0, todayUsd: 1234.5, pausedUntil: '2026-05-02T08:00:00Z' })).toBe('2 running · $1,235 today · notifications paused');
    expect([money(0), money(0.004), money(4.2), money(99.999)]).toEqual(['$0', '<$0.01', '$4.20', '$100.00']);
  });

  it('renders the icon with the running count and the blocked mark, at the platform’s scales', async () => {
    const h = harness([running('a', 'shop', 'x'), running('b', 'shop', 'y'), blocked('c', 'pay', 'z')]);
    await h.tray.ready;
    expect(h.fake.setImage).toHaveBeenCalledTimes(1);
    const image = h.fake.setImage.mock.calls[0][0] as FakeImage;
    expect(image.representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    const last = electron.nativeImage.createFromBuffer.mock.calls.at(-1);
    expect(last?.[1]).toEqual({ scaleFactor: 1 });
    expect(h.tray.state()).toMatchObject({ running: 2, blocked: 1, todayUsd: 4.2 });
  });

  it('touches the Tray only when what it shows changes', async () => {
    const agents = [running('a', 'shop', 'x'), running('b', 'shop', 'y')];
    const h = harness(agents);
    await h.tray.ready;
    const calls = () => [h.fake.setImage.mock.calls.length, h.fake.setToolTip.mock.calls.length, h.fake.setContextMenu.mock.calls.length];
    const before = calls();
    expect(before).toEqual([1, 1, 1]);

    // The same agents again (indexing re-emits them all the time): nothing to do.
    for (let i = 0; i < 50; i++) h.bus.emit('agent', { ...agents[i % 2], counts: { ...agents[0].counts, events: i } });
    vi.advanceTimersByTime(1000);
    expect(calls()).toEqual(before);

    // A third agent starts: one render, after the delay, however many updates came.
    h.bus.emit('agent', running('c', 'web', 'z'));
    h.bus.emit('agent', running('c', 'web', 'z'));
    expect(calls()).toEqual(before);
    vi.advanceTimersByTime(250);
    expect(calls()).toEqual([2, 2, 2]);

    // Spend changes the tooltip only.
    h.bus.emit('burn', { at: '', running: 3, burn: { perMinute: 0, perHour: 0, today: 5, projectedMonthEnd: 0 } });
    vi.advanceTimersByTime(250);
    expect(calls()).toEqual([2, 3, 2]);
    expect(h.fake.setToolTip).toHaveBeenLastCalledWith('3 running · $5.00 today');

    // A spend read every minute that finds the same figure changes nothing.
    h.api.liveStats.mockImplementation(async () => stats(5));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls()).toEqual([2, 3, 2]);
  });

  it('applies agent updates that arrive before the first list after it', async () => {
    const h = harness([running('a', 'shop', 'x')]);
    h.bus.emit('agent', running('b', 'api', 'y'));
    h.bus.emit('agent', { ...running('a', 'shop', 'x'), state: 'idle' });
    await h.tray.ready;
    expect(h.tray.state()).toMatchObject({ running: 1, blocked: 0 });
    expect(h.tray.state().runningAgents.map((a) => a.id)).toEqual(['b']);
  });
});

describe('tray menu', () => {
  it('lists blocked agents (with the reason) before running ones; a click opens that agent', async () => {
    const h = harness([running('r1', 'shop', 'fix cart', '2026-05-01T12:00:00Z'), blocked('b1', 'pay', 'deploy', 'permission'), running('r2', 'api', 'add tests', '2026-05-01T13:00:00Z')]);
    await h.tray.ready;
    const labels = h.menu().map((i) => i.label ?? `(${String(i.type)})`);
    expect(labels.slice(0, 6)).toEqual(['Blocked (1)', 'pay · deploy — needs permission', 'Running (2)', 'api · add tests', 'shop · fix cart', '(separator)']);
    expect(h.item('Blocked (1)').enabled).toBe(false);
    h.item('pay · deploy — needs permission').click?.();
    expect(h.window.showAgent).toHaveBeenCalledWith('b1');
    h.item('shop · fix cart').click?.();
    expect(h.window.showAgent).toHaveBeenLastCalledWith('r1');
  });

  it('lists at most 10 per section, then “…and N more”', async () => {
    const agents = Array.from({ length: 13 }, (_, i) => running(`r${i}`, 'p', `t${i}`, `2026-05-01T12:${String(i).padStart(2, '0')}:00Z`));
    const h = harness(agents);
    await h.tray.ready;
    const rows = h.menu().filter((i) => String(i.id ?? '').startsWith('agent:'));
    expect(rows).toHaveLength(10);
    expect(rows[0].label).toBe('p · t12'); // newest first
    h.item('…and 3 more').click?.();
    expect(h.window.show).toHaveBeenCalled();
  });

  it('keeps agent titles to one short line and doubles & (menu mnemonics)', () => {
    expect(menuText('fix\nthe\u0007 cart & checkout')).toBe('fix the cart && checkout');
    expect(menuText('x'.repeat(100))).toHaveLength(60);
  });

  it('pauses for an hour, until tomorrow 08:00 local, and resumes', async () => {
    const h = harness([]);
    await h.tray.ready;
    const pause = () => h.item('Pause notifications').submenu ?? [];
    expect(h.item('Resume', pause()).enabled).toBe(false);

    h.item('For 1 hour', pause()).click?.();
    await vi.waitFor(() => expect(h.api.pauseNotifications).toHaveBeenCalledTimes(1));
    expect(h.api.pauseNotifications).toHaveBeenLastCalledWith({ until: new Date(NOW + 3_600_000).toISOString() });
    await vi.waitFor(() => expect(h.item(/^Notifications paused until/).label).toBeTruthy());
    expect(h.fake.setToolTip).toHaveBeenLastCalledWith('0 running · $4.20 today · notifications paused');
    const submenu = h.item(/^Notifications paused until/).submenu ?? [];
    expect(h.item('Resume', submenu).enabled).toBe(true);

    h.item('Until tomorrow morning', submenu).click?.();
    await vi.waitFor(() => expect(h.api.pauseNotifications).toHaveBeenCalledTimes(2));
    expect(h.api.pauseNotifications).toHaveBeenLastCalledWith({ until: new Date(2026, 4, 2, 8, 0, 0).toISOString() });

    h.item('Resume', submenu).click?.();
    await vi.waitFor(() => expect(h.api.pauseNotifications).toHaveBeenCalledTimes(3));
    expect(h.api.pauseNotifications).toHaveBeenLastCalledWith({ until: null });
    await vi.waitFor(() => expect(h.item('Pause notifications')).toBeTruthy());
  });

  it('pauses “until tomorrow” to the next 08:00: later today when it is still night', () => {
    expect(pauseUntil('tomorrow', new Date(2026, 4, 1, 23, 30).getTime())).toBe(new Date(2026, 4, 2, 8, 0).toISOString());
    expect(pauseUntil('tomorrow', new Date(2026, 4, 2, 2, 0).getTime())).toBe(new Date(2026, 4, 2, 8, 0).toISOString());
    expect(pauseUntil('tomorrow', new Date(2026, 4, 2, 8, 0).getTime())).toBe(new Date(2026, 4, 3, 8, 0).toISOString());
  });

  it('shows the pause the engine reports (another client paused)', async () => {
    const h = harness([]);
    await h.tray.ready;
    h.bus.emit('notify', { pausedUntil: new Date(NOW + 600_000).toISOString(), channels: [] });
    vi.advanceTimersByTime(250);
    expect(h.item(/^Notifications paused until/)).toBeTruthy();
  });

  it('opens the browser, the jobs, settings, launch at login and quit', async () => {
    const h = harness([]);
    await h.tray.ready;
    h.item('Open in browser').click?.();
    expect(h.deps.openInBrowser).toHaveBeenCalled();
    h.item('Scheduled jobs…').click?.();
    expect(h.window.showView).toHaveBeenLastCalledWith('jobs');
    h.item('Settings…').click?.();
    expect(h.window.showView).toHaveBeenLastCalledWith('settings');
    expect(h.item('Launch at login')).toMatchObject({ type: 'checkbox', checked: false });
    h.item('Launch at login').click?.({ checked: true });
    expect(h.deps.launchAtLogin.set).toHaveBeenCalledWith(true);
    expect(h.item('Launch at login').checked).toBe(true);
    h.item('Quit Lantern').click?.();
    expect(h.deps.quit).toHaveBeenCalled();
  });

  it('toggles the window on click', async () => {
    const h = harness([]);
    h.fake.emit('click');
    expect(h.window.toggle).toHaveBeenCalledTimes(1);
    h.tray.destroy();
    expect(h.fake.destroy).toHaveBeenCalled();
  });
});

describe('open in browser', () => {
  it('opens the local http login URL, and nothing else', () => {
    expect(openWebUi('http://127.0.0.1:4747/?token=abc')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledWith('http://127.0.0.1:4747/?token=abc');
    for (const url of ['https://127.0.0.1:4747/', 'http://evil.example/?token=abc', 'file:///etc/passwd', 'javascript:alert(1)', 'app://lantern/index.html']) {
      expect(openWebUi(url)).toBe(false);
    }
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});

describe('macOS', () => {
  it('uses a template image with the count as the title, and pops the menu up on right-click', async () => {
    const h = harness([running('a', 'shop', 'x'), running('b', 'shop', 'y'), running('c', 'shop', 'z')], { platform: 'darwin' });
    await h.tray.ready;
    expect(h.fake.image.template).toBe(true);
    expect(h.fake.setTitle).toHaveBeenLastCalledWith('3');
    expect(h.fake.setContextMenu).not.toHaveBeenCalled();
    h.fake.emit('right-click');
    expect(h.fake.popUpContextMenu).toHaveBeenCalledTimes(1);
    h.fake.emit('click');
    expect(h.window.toggle).toHaveBeenCalledTimes(1);

    // The count changes the title, not the image (a template carries no digits).
    h.bus.emit('agent', running('d', 'shop', 'w'));
    vi.advanceTimersByTime(250);
    expect(h.fake.setTitle).toHaveBeenLastCalledWith('4');
    expect(h.fake.setImage).not.toHaveBeenCalled();

    h.bus.emit('agent', blocked('e', 'pay', 'v'));
    vi.advanceTimersByTime(250);
    expect(h.fake.setTitle).toHaveBeenLastCalledWith('4 \u26a0\ufe0e1');
    expect(h.fake.setImage).toHaveBeenCalledTimes(1);
    expect((h.fake.setImage.mock.calls[0][0] as FakeImage).template).toBe(true);
  });
});
