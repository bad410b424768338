/**
 * Desktop notifications for `lantern serve`: every `alert` the notify policy sends, shown through
 * node-notifier (notify-send / libnotify on Linux, Notification Center via terminal-notifier on
 * macOS, toasts via SnoreToast on Windows). The policy already decided what is worth showing; this
 * only shows it. A failure (no notify-send, no notification daemon) is logged once per kind of
 * failure and never reaches the bus or the engine.
 */
import type { Alert } from '../shared/notify';
import type { Bus } from '../engine/bus';
import type { Logger } from '../engine/logger';

export interface Toast {
  title: string;
  message: string;
}

/** Shows one toast; rejects when the platform's notifier failed. */
export type ShowToast = (toast: Toast) => Promise<void>;

export interface DesktopNotifierDeps {
  bus: Bus;
  logger: Logger;
  /** Default: node-notifier, loaded on the first alert. */
  show?: ShowToast;
  platform?: NodeJS.Platform;
}

export interface DesktopNotifier {
  stop(): void;
}

/**
 * Whether a desktop session can show notifications: always on macOS and Windows; on Linux and the
 * BSDs only with a display or a session bus to reach a notification daemon (not over plain SSH).
 */
export function desktopSessionAvailable(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY || env.DBUS_SESSION_BUS_ADDRESS);
}

/** Invisible, and keeps a text that starts with "-" from being read as an option by notify-send. */
const ZERO_WIDTH_SPACE = '\u200b';
const guardDash = (s: string) => (s.startsWith('-') ? ZERO_WIDTH_SPACE + s : s);
/** libnotify bodies are markup (`<b>`, `<a href>`, `&amp;`) on most daemons: agent text must not be. */
const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const printable = (s: string) => s.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ');

/** An alert as a toast: printable text (the policy clipped it already), markup-safe on Linux. */
export function toastOf(alert: Alert, platform: NodeJS.Platform = process.platform): Toast {
  const linux = platform !== 'darwin' && platform !== 'win32';
  const title = guardDash(printable(alert.title).trim() || 'Lantern');
  const body = printable(alert.body).trim() || title;
  return { title, message: guardDash(linux ? escapeMarkup(body) : body) };
}

/** node-notifier, imported on first use (it is CommonJS and spawns a process per toast). */
export function nodeNotifierShow(platform: NodeJS.Platform = process.platform): ShowToast {
  let notifier: Promise<typeof import('node-notifier')> | null = null;
  return async (toast) => {
    notifier ??= import('node-notifier').then((m) => m.default);
    const n = await notifier;
    // notify-send names the sender in the daemon's history; terminal-notifier would take it for a flag.
    const extra = platform === 'linux' || platform.endsWith('bsd') ? { 'app-name': 'Lantern' } : {};
    await new Promise<void>((resolve, reject) => {
      n.notify({ title: toast.title, message: toast.message, wait: false, ...extra }, (err) => {
        // notify-send's wrapper passes its stderr (a string, "" on success) where an error would be.
        if (err) reject(err instanceof Error ? err : new Error(String(err)));
        else resolve();
      });
    });
  };
}

/** A short name for a failure, so each kind is logged once: an error code, else the first words. */
function failureKind(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return `code ${String(code)}`;
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 60);
}

export function startDesktopNotifier(deps: DesktopNotifierDeps): DesktopNotifier {
  const platform = deps.platform ?? process.platform;
  const show = deps.show ?? nodeNotifierShow(platform);
  const reported = new Set<string>();
  const failed = (err: unknown) => {
    const kind = failureKind(err);
    if (reported.has(kind)) return;
    reported.add(kind);
    deps.logger.warn('desktop notification failed (not logged again for this reason)', {
      err: (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300),
    });
  };
  const unsubscribe = deps.bus.on('alert', (alert) => {
    try {
      show(toastOf(alert, platform)).catch(failed);
    } catch (err) {
      failed(err);
    }
  });
  return { stop: unsubscribe };
}
