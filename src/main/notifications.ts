/**
 * Native notifications for the engine's alerts. The policy (which kinds, the per-agent throttle,
 * coalescing bursts, the pause) lives in the engine's notify policy, which emits bus `alert`
 * events only for what should be shown: main only renders them (STYLE.md practice 14; Electron's
 * Notification, not node-notifier: electron-builder#1841).
 */
import { Notification } from 'electron';
import type { Alert } from '../shared/notify';
import type { Bus } from '../engine/bus';
import type { Logger } from '../engine/logger';

/** Shown notifications kept alive at most; the oldest reference is let go past this. */
export const MAX_KEPT = 50;
const TITLE_MAX = 120;
const BODY_MAX = 400;

export interface NotificationDeps {
  bus: Pick<Bus, 'on'>;
  /** Shows the window on that agent's replay. */
  showAgent(id: string): void;
  showWindow(): void;
  logger: Logger;
  /** Called with every notification shown (the smoke test's hook). */
  onShow?(shown: { title: string; body: string }): void;
}

export interface Notifications {
  /** Notifications shown and not yet clicked or closed. */
  kept(): number;
  dispose(): void;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function setupNotifications(deps: NotificationDeps): Notifications {
  /**
   * A Notification that nothing references is garbage collected, and its click never arrives
   * (https://github.com/electron/electron/issues/12690; Kap keeps them in a Set the same way).
   * `close` is not always emitted (macOS Notification Center), so the set is bounded too.
   */
  const kept = new Set<Notification>();
  let warned = false;

  const show = (alert: Alert) => {
    if (!Notification.isSupported()) {
      if (!warned) deps.logger.warn('native notifications are not supported here; alerts are not shown');
      warned = true;
      return;
    }
    const options = { title: clip(alert.title, TITLE_MAX), body: clip(alert.body, BODY_MAX) };
    const n = new Notification({ ...options, silent: false });
    const forget = () => kept.delete(n);
    n.on('click', () => {
      forget();
      const agentId = alert.agentIds[0];
      if (agentId) deps.showAgent(agentId);
      else deps.showWindow();
    });
    n.on('close', forget);
    n.on('failed', (_event, error) => {
      forget();
      deps.logger.warn('notification failed', { error });
    });
    kept.add(n);
    if (kept.size > MAX_KEPT) kept.delete(kept.values().next().value as Notification);
    n.show();
    deps.onShow?.(options);
  };

  const off = deps.bus.on('alert', show);
  return {
    kept: () => kept.size,
    dispose() {
      off();
      kept.clear();
    },
  };
}
