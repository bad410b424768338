/**
 * What the status banner says, decided without a DOM: connection trouble, indexing progress,
 * watchers that are not running, a message for the user, and files that could not be read.
 * Most urgent first.
 */
import type { Health } from '../../../shared/agents';
import type { ChannelStatus } from '../../../shared/channels';

export type BannerKind = 'offline' | 'reconnecting' | 'connecting' | 'indexing' | 'not-watching' | 'notice' | 'channels-failing' | 'file-errors';

export interface Banner {
  kind: BannerKind;
  text: string;
  /** `alert`: something is wrong now (role="alert"); `info`: polite status; `quiet`: a note. */
  tone: 'alert' | 'info' | 'quiet';
  /** 0..1, for indexing. */
  progress?: number;
  /** Extra lines shown on demand (the unreadable files). */
  details?: string[];
  /** The user may close it (a notice). */
  dismissible?: boolean;
}

export interface StatusInput {
  connection: 'connecting' | 'live' | 'reconnecting';
  /** How long the connection has been in its current state, ms. */
  connectionAgeMs: number;
  /** The first agent list arrived. */
  loaded: boolean;
  health: Health | null;
  notice: string | null;
  /** The alert channels' status, kept live by the `notify` push; null before the first read. */
  channels?: readonly ChannelStatus[] | null;
}

/**
 * Alert channels whose last delivery failed after its retries (an alert was lost): enabled, with
 * failures in a row. A success resets `failures`, and the banner goes with it.
 */
function failingChannelsBanner(channels: readonly ChannelStatus[]): Banner | null {
  const failing = channels.filter((c) => c.enabled && c.failures > 0);
  if (!failing.length) return null;
  const [first] = failing;
  const more = failing.length > 1 ? ` (and ${plural(failing.length - 1, 'other channel')})` : '';
  return {
    kind: 'channels-failing',
    tone: 'alert',
    text: `Alerts to “${first.name}” are failing${more}: ${first.lastError ?? 'unknown error'}. See Settings → Alert channels.`,
    details: failing.map((c) => `${c.name} (${c.target}): ${plural(c.failures, 'failure')} in a row, ${c.dropped} dropped — ${c.lastError ?? 'unknown error'}`),
  };
}

/** Still "connecting" after this long without ever loading: the engine is not answering. */
export const OFFLINE_AFTER_MS = 8000;
/** At most this many unreadable files are listed. */
export const MAX_DETAILS = 20;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function indexingFraction(ix: Health['indexing']): number {
  const f = ix.bytes > 0 ? ix.bytesDone / ix.bytes : ix.files > 0 ? ix.filesDone / ix.files : 0;
  return Number.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
}

function notWatchingText(h: Health): string {
  const failed = h.sources.find((s) => s.error);
  if (failed) return `Not watching for changes: ${failed.root}: ${failed.error}. New agent activity will not show until Lantern restarts.`;
  if (h.sources.length > 0 && h.sources.every((s) => !s.exists)) {
    return `Not watching for changes: none of the watched folders exists (${h.sources.map((s) => s.root).join(', ')}).`;
  }
  return 'Not watching for changes: the file watchers are not running, so new agent activity will not show. Restart Lantern to start them.';
}

export function statusBanners(s: StatusInput): Banner[] {
  const out: Banner[] = [];
  if (s.connection === 'reconnecting') {
    out.push({ kind: 'reconnecting', tone: 'alert', text: 'Connection lost — reconnecting… Events resume from the last one received, nothing is missed.' });
  } else if (s.connection === 'connecting' && !s.loaded) {
    if (s.connectionAgeMs >= OFFLINE_AFTER_MS) {
      out.push({ kind: 'offline', tone: 'alert', text: 'Lantern’s engine is not answering — still trying to connect… Is `lantern serve` (or the tray app) running?' });
    } else {
      out.push({ kind: 'connecting', tone: 'info', text: 'Connecting…' });
    }
  }

  // Health read before the connection dropped may be stale: leave it out while reconnecting.
  const h = s.connection === 'reconnecting' ? null : s.health;
  if (h) {
    if (!h.indexing.done) {
      const fraction = indexingFraction(h.indexing);
      out.push({
        kind: 'indexing',
        tone: 'info',
        progress: fraction,
        text: `Indexing ${h.indexing.filesDone.toLocaleString('en-US')} of ${plural(h.indexing.files, 'file')} (${Math.floor(fraction * 100)}%) — agents appear as their files are read.`,
      });
    } else if (!h.watching) {
      out.push({ kind: 'not-watching', tone: 'alert', text: notWatchingText(h) });
    }
  }

  if (s.notice) out.push({ kind: 'notice', tone: 'info', text: s.notice, dismissible: true });

  const failing = s.connection === 'reconnecting' ? null : failingChannelsBanner(s.channels ?? []);
  if (failing) out.push(failing);

  if (h) {
    const unreadable = Math.max(h.totals.fileErrors, h.fileErrors.length);
    const parts: string[] = [];
    if (unreadable > 0) parts.push(`${plural(unreadable, 'file')} could not be read`);
    if (h.totals.unparsed > 0) parts.push(`${plural(h.totals.unparsed, 'malformed line')} skipped`);
    if (parts.length > 0) {
      const details = h.fileErrors.slice(0, MAX_DETAILS).map((f) => `${f.path}: ${f.error}`);
      if (h.fileErrors.length > MAX_DETAILS) details.push(`… and ${h.fileErrors.length - MAX_DETAILS} more`);
      out.push({ kind: 'file-errors', tone: 'quiet', text: parts.join(' · '), ...(details.length ? { details } : {}) });
    }
  }
  return out;
}
