/**
 * Always on top: connection lost / not answering, indexing progress, watchers not running, a
 * message for the user (dismissible), unreadable files and malformed lines (a quiet note).
 * The decisions are in state/views/status.ts; this only draws them.
 */
import { useRef } from 'preact/hooks';
import '../../styles/views.css';
import { useApp } from '../../context';
import { statusBanners, type Banner } from '../../state/views/status';
import { useNow } from '../use-now';
import { visibleControls } from '../../text/ansi';

export function StatusBanner() {
  const { store, dispatch } = useApp();
  const connection = store.connection.value;
  // When the connection entered its current state, to tell "connecting" from "not answering".
  const since = useRef({ state: connection, at: Date.now() });
  if (since.current.state !== connection) since.current = { state: connection, at: Date.now() };
  const waiting = connection !== 'live' && !store.loaded.value;
  const now = useNow(waiting ? 1000 : 60_000);

  const banners = statusBanners({
    connection,
    connectionAgeMs: Math.max(0, now - since.current.at),
    loaded: store.loaded.value,
    health: store.health.value,
    notice: store.notice.value,
    channels: store.notify.value?.channels ?? null,
  });
  if (banners.length === 0) return null;
  return (
    <div class="status-banners">
      {banners.map((b) => (
        <BannerLine key={b.kind} banner={b} onDismiss={() => dispatch({ type: 'notice', text: null })} />
      ))}
    </div>
  );
}

function BannerLine({ banner: b, onDismiss }: { banner: Banner; onDismiss(): void }) {
  const role = b.tone === 'alert' ? 'alert' : 'status';
  return (
    <div class={`status-banner banner-${b.kind} tone-${b.tone}`} role={role} aria-live={role === 'alert' ? 'assertive' : 'polite'} data-testid="status-banner" data-kind={b.kind}>
      <span class="banner-icon" aria-hidden="true">
        {ICON[b.kind]}
      </span>
      <span class="banner-text">{visibleControls(b.text)}</span>
      {b.progress !== undefined && (
        <progress class="banner-progress" max={1} value={b.progress} aria-label="Indexing progress">
          {Math.floor(b.progress * 100)}%
        </progress>
      )}
      {b.details && b.details.length > 0 && (
        <details class="banner-details">
          <summary>details</summary>
          <ul>
            {b.details.map((d, i) => (
              <li key={i} class="mono">
                {visibleControls(d)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {b.dismissible && (
        <button type="button" class="banner-dismiss" aria-label="Dismiss message" data-testid="banner-dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}

const ICON: Record<Banner['kind'], string> = {
  offline: '⚠',
  reconnecting: '⚠',
  connecting: '…',
  indexing: '⟳',
  'not-watching': '⚠',
  notice: 'ℹ',
  'channels-failing': '⚠',
  'file-errors': '·',
};
