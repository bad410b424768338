/**
 * What the notify policy (src/engine/notify) decides to tell a person, and its pause. Every way
 * out (the tray app's native notifications, node-notifier for `lantern serve`, later webhooks,
 * ntfy and email) shows the same alerts, so they are decided once.
 */
import type { ChannelStatus } from './channels';
import type { NotifyKind } from './settings';

export interface Alert {
  /** Monotonic per engine run; a click on a notification names it. */
  id: number;
  kind: NotifyKind;
  /**
   * Every kind inside it (a coalesced burst can hold a blocked agent and a finished one): a
   * notifier shows the alert when it wants any of them (desktop: `notifications.kinds`; a channel:
   * its own kinds).
   */
  kinds: NotifyKind[];
  /** A "send test alert" from the Settings view, not something an agent did. */
  test?: boolean;
  /** The agents this alert is about: one, or several when a burst was coalesced. */
  agentIds: string[];
  /** The project ("payments-api"), or a summary for a coalesced burst ("3 agents need you"). */
  title: string;
  /** "Claude needs your permission to use Bash", "PR opened: …", "Finished", "Failed: …". */
  body: string;
  /** The PR's URL (kind `pr`), when it is http(s). */
  url?: string;
  /** ISO-8601 UTC. */
  at: string;
}

export interface NotifyState {
  /** Alerts are held back (dropped, not queued) until this instant; null when not paused. */
  pausedUntil: string | null;
  /** The off-machine channels and how their deliveries went. */
  channels: ChannelStatus[];
}

export interface PauseRequest {
  /** ISO-8601 instant to pause until, or null to resume now. */
  until: string | null;
}
