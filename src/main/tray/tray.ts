/**
 * The tray: an icon carrying the running count, a tooltip, and the context menu (STYLE.md
 * practice 14). State comes from the engine: the agent list once, then bus `agent` events
 * (rendered at most every 250 ms: indexing emits thousands a second), `burn` ticks and a
 * `liveStats` read every minute for today's spend, and `notify` for the pause. Like Caprine's
 * `update(count)`, the Tray is touched only when what it shows changes: setImage when the badge
 * would look different, setToolTip when the text does, setContextMenu when the menu does.
 *
 * macOS: a template image with the count in `setTitle`, and the menu pops up on right-click so a
 * left click can toggle the window. Linux: some desktops never deliver `click` to
 * StatusNotifier icons; the menu's "Show Lantern" is the way there.
 */
import { Menu, nativeImage, Tray, type NativeImage } from 'electron';
import type { AgentSummary } from '../../shared/agents';
import type { EngineApi } from '../../shared/contract';
import type { NavigateView } from '../../shared/bridge';
import type { Bus } from '../../engine/bus';
import type { Logger } from '../../engine/logger';
import { encodePng } from './raster';
import { renderTrayIcon, trayLabel } from './tray-icon';
import { buildTrayMenu, menuSignature, MENU_LIST_MAX, type TrayActions } from './tray-menu';
import { createAgentBook, macTitle, pauseUntil, tooltipText, type TrayState } from './tray-state';

export interface TrayDeps {
  api: Pick<EngineApi, 'listAgents' | 'liveStats' | 'notifyState' | 'pauseNotifications'>;
  bus: Pick<Bus, 'on'>;
  window: { toggle(): void; show(): void; showAgent(id: string): void; showView(view: NavigateView): void };
  openInBrowser(): void;
  launchAtLogin: { get(): boolean; set(on: boolean): void };
  quit(): void;
  logger: Logger;
  now?: () => number;
  platform?: NodeJS.Platform;
  /** Agent updates are rendered at most this often (default 250 ms). */
  renderDelayMs?: number;
  /** Today's spend is read this often (default 60 s); `burn` ticks update it in between. */
  spendEveryMs?: number;
}

export interface TrayController {
  /** Resolves once the first agent list, pause state and spend are in and shown. */
  ready: Promise<void>;
  /** Renders now (tests; the timers call it otherwise). */
  render(): void;
  state(): TrayState;
  destroy(): void;
}

interface IconSpec {
  size: number;
  scales: number[];
  template: boolean;
}
const ICONS: Record<'darwin' | 'win32' | 'linux', IconSpec> = {
  darwin: { size: 16, scales: [1, 2], template: true },
  win32: { size: 16, scales: [1, 1.25, 1.5, 2], template: false },
  linux: { size: 24, scales: [1, 2], template: false },
};
const iconSpec = (platform: NodeJS.Platform): IconSpec => ICONS[platform === 'darwin' || platform === 'win32' ? platform : 'linux'];

/** What the icon looks like; equal keys, equal pixels. */
export function iconKey(running: number, blocked: number, platform: NodeJS.Platform): string {
  return iconSpec(platform).template ? `template|${blocked > 0}` : `${trayLabel(running, blocked)}|${blocked > 0}`;
}

/** The icon at every scale the platform may ask for (HiDPI), as one NativeImage. */
export function trayImage(running: number, blocked: number, platform: NodeJS.Platform): NativeImage {
  const spec = iconSpec(platform);
  const png = (scale: number) => encodePng(renderTrayIcon({ running, blocked, size: spec.size, scale, template: spec.template }));
  const [first, ...rest] = spec.scales;
  const image = nativeImage.createFromBuffer(png(first), { scaleFactor: first });
  for (const scaleFactor of rest) image.addRepresentation({ scaleFactor, buffer: png(scaleFactor) });
  if (spec.template) image.setTemplateImage(true);
  return image;
}

export function setupTray(deps: TrayDeps): TrayController {
  const platform = deps.platform ?? process.platform;
  const now = deps.now ?? Date.now;
  const book = createAgentBook();
  let todayUsd: number | null = null;
  let pausedUntil: string | null = null;
  let destroyed = false;
  let renderTimer: ReturnType<typeof setTimeout> | null = null;

  const tray = new Tray(trayImage(0, 0, platform));
  const shown = { icon: iconKey(0, 0, platform), tooltip: '', title: '', menu: '' };
  let menu: Menu | null = null;
  /** Agent updates that arrive before the first list is in, applied after it (they are newer); null once seeded. */
  let pending: AgentSummary[] | null = [];

  /** Engine calls, with a synchronous throw turned into a rejection like any other failure. */
  const call = <T>(fn: () => Promise<T>): Promise<T> => Promise.resolve().then(fn);
  const report = (what: string) => (err: unknown) => deps.logger.warn(what, { err: String(err) });
  const setPause = (until: string | null) => {
    call(() => deps.api.pauseNotifications({ until }))
      .then((s) => {
        pausedUntil = s.pausedUntil;
        render();
      })
      .catch(report('pause notifications failed'));
  };
  const actions: TrayActions = {
    showWindow: () => deps.window.show(),
    showAgent: (id) => deps.window.showAgent(id),
    pause: (kind) => setPause(pauseUntil(kind, now())),
    resume: () => setPause(null),
    openInBrowser: () => deps.openInBrowser(),
    showSettings: () => deps.window.showView('settings'),
    showJobs: () => deps.window.showView('jobs'),
    setLaunchAtLogin: (on) => {
      deps.launchAtLogin.set(on);
      render();
    },
    quit: () => deps.quit(),
  };

  const state = (): TrayState => ({
    ...book.counts(),
    todayUsd,
    blockedAgents: book.list('blocked', MENU_LIST_MAX),
    runningAgents: book.list('running', MENU_LIST_MAX),
    pausedUntil,
    launchAtLogin: deps.launchAtLogin.get(),
  });

  function render(): void {
    if (renderTimer) clearTimeout(renderTimer);
    renderTimer = null;
    if (destroyed || pending) return;
    const s = state();
    const icon = iconKey(s.running, s.blocked, platform);
    if (icon !== shown.icon) {
      tray.setImage(trayImage(s.running, s.blocked, platform));
      shown.icon = icon;
    }
    const tooltip = tooltipText(s);
    if (tooltip !== shown.tooltip) {
      tray.setToolTip(tooltip);
      shown.tooltip = tooltip;
    }
    if (platform === 'darwin') {
      const title = macTitle(s.running, s.blocked);
      if (title !== shown.title) {
        tray.setTitle(title);
        shown.title = title;
      }
    }
    const template = buildTrayMenu(s, actions, now());
    const signature = menuSignature(template);
    if (signature !== shown.menu) {
      menu = Menu.buildFromTemplate(template);
      shown.menu = signature;
      if (platform !== 'darwin') tray.setContextMenu(menu);
    }
  }
  const schedule = () => {
    if (!destroyed) renderTimer ??= setTimeout(render, deps.renderDelayMs ?? 250);
  };

  const offs = [
    deps.bus.on('agent', (agent) => {
      if (pending) pending.push(agent);
      else book.update(agent);
      schedule();
    }),
    deps.bus.on('burn', (tick) => {
      todayUsd = tick.burn.today;
      schedule();
    }),
    deps.bus.on('notify', (s) => {
      pausedUntil = s.pausedUntil;
      schedule();
    }),
  ];

  // `burn` does not depend on the window: the shortest one keeps this read cheap.
  const readSpend = () =>
    call(() => deps.api.liveStats({ window: '1h' })).then((stats) => {
      todayUsd = stats.burn.today;
    }, report('tray spend read failed'));
  const spendTimer = setInterval(() => void readSpend().then(render), deps.spendEveryMs ?? 60_000);

  const ready = Promise.all([
    call(() => deps.api.listAgents()).then(({ agents }) => book.seed(agents), report('tray agent list failed')),
    call(() => deps.api.notifyState()).then((s) => {
      pausedUntil = s.pausedUntil;
    }, report('tray notify state failed')),
    readSpend(),
  ]).then(() => {
    // The first render: until now the tray shows the idle icon and no menu (a few ms at start).
    for (const a of pending ?? []) book.update(a);
    pending = null;
    render();
  });

  tray.on('click', () => deps.window.toggle());
  if (platform === 'darwin') tray.on('right-click', () => menu && tray.popUpContextMenu(menu));

  return {
    ready,
    render,
    state,
    destroy() {
      destroyed = true;
      if (renderTimer) clearTimeout(renderTimer);
      clearInterval(spendTimer);
      offs.forEach((off) => off());
      tray.destroy();
    },
  };
}
