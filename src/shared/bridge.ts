/**
 * What the Electron preload exposes on `window.lantern` (issue 6): one function per contract
 * method, plus subscribe (returns an unsubscribe) and ready. Main holds pushes back until ready,
 * then sends the stored events after `afterId` and goes live, so nothing between the renderer's
 * first read and its subscription is lost (STYLE.md practice 8).
 *
 * The channel names live here too, derived from the contract's method names, so the preload and
 * main's IPC registration are built from one typed list (STYLE.md practice 3).
 */
import type { EngineApi, EngineEventMap } from './contract';

export const BRIDGE_GLOBAL = 'lantern';

/** Where main asks the window to go: an agent's replay (tray menu, notification click) or a view. */
/** The views main can open: Settings and the scheduled Jobs (tray menu items). */
export type NavigateView = 'settings' | 'jobs';
export type NavigateTarget = { agent: string } | { view: NavigateView };

export type LanternBridge = EngineApi & {
  subscribe<K extends PushName>(name: K, listener: (payload: EngineEventMap[K]) => void): () => void;
  ready(afterId: number): void;
  /** Main asks the window to show something (only in the tray app; absent in test fakes). */
  onNavigate?(listener: (target: NavigateTarget) => void): () => void;
};

/** Every EngineApi method, once: adding a method to the contract fails the build until it is listed. */
const apiMethods = {
  health: true,
  listAgents: true,
  getAgent: true,
  getEvents: true,
  listActiveSessions: true,
  liveStats: true,
  recentEvents: true,
  searchEvents: true,
  getSettings: true,
  updateSettings: true,
  notifyState: true,
  pauseNotifications: true,
  testChannel: true,
  listJobs: true,
  getJobLog: true,
} satisfies Record<keyof EngineApi, true>;
export type ApiMethod = keyof typeof apiMethods;
export const API_METHODS = Object.keys(apiMethods) as ApiMethod[];

/** The bus events main forwards to the window. `alert` is not one: main shows it as a native notification. */
export const PUSH_NAMES = ['events', 'agent', 'burn', 'settings', 'notify', 'health', 'jobs'] as const satisfies ReadonlyArray<keyof EngineEventMap>;
export type PushName = (typeof PUSH_NAMES)[number];

export const IPC_CHANNELS = {
  /** ipcRenderer.invoke, one channel per contract method. */
  invoke: (method: ApiMethod) => `lantern:${method}` as const,
  /** main → renderer, one channel per forwarded bus event. */
  push: (name: PushName) => `lantern:push:${name}` as const,
  /** renderer → main: subscribed, replay after this id and go live. */
  ready: 'lantern:ready',
  /** main → renderer: a NavigateTarget. */
  navigate: 'lantern:navigate',
} as const;
