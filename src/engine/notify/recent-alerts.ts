/**
 * The last alerts sent, by id: a click on a notification names its alert, and the tray app looks up
 * which agents to show. Bounded: an old notification's click just opens the agent list.
 */
import type { Alert } from '../../shared/notify';

export const RECENT_ALERTS = 50;

export interface RecentAlerts {
  add(alert: Alert): void;
  byId(id: number): Alert | null;
  /** Oldest first. */
  list(): Alert[];
}

export function createRecentAlerts(max = RECENT_ALERTS): RecentAlerts {
  const alerts: Alert[] = [];
  return {
    add(alert) {
      alerts.push(alert);
      if (alerts.length > max) alerts.splice(0, alerts.length - max);
    },
    byId: (id) => alerts.find((a) => a.id === id) ?? null,
    list: () => [...alerts],
  };
}
