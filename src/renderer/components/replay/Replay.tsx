/**
 * An agent's replay: its whole history as typed cards, from the first event, then live. A `feed`
 * of `article`s, virtualised: only the rows in view exist in the DOM, pages of 200 events are
 * fetched as the view needs them (replay-loader.ts), live events are appended to the page cache
 * and bump its version, so a new event renders the rows in view and nothing else. j/k/g/G move
 * the focus between cards (the replay registers as the active list navigator); with follow on the
 * view sticks to the newest card, and scrolling up or moving up turns follow off.
 */
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { LanternEvent } from '../../../shared/events';
import { useApp } from '../../context';
import { registerNavigator } from '../../keys/navigator';
import { eventAt, type ReplayPages } from '../../state/replay-pages';
import '../../styles/replay.css';
import { useVirtualizer } from '../virtual/use-virtualizer';
import { Card } from './cards/Card';
import { cardHeadId } from './cards/CardFrame';
import { ReplayHeader } from './ReplayHeader';
import { ReplayLoader } from './replay-loader';
import { ReplayUiContext, type ReplayUi } from './replay-ui';
import { estimateCardSize } from './tool-format';

/** A call's result, a result's call: the partner a card shows. */
function linkOf(pages: ReplayPages, e: LanternEvent): LanternEvent | undefined {
  if (e.kind === 'tool_call') return pages.resultsByToolUseId.get(e.toolUseId);
  if (e.kind === 'tool_result') return pages.callsByToolUseId.get(e.toolUseId);
  return undefined;
}

export function Replay({ agentId }: { agentId: string }) {
  const { store, dispatch, client, feed } = useApp();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // Created and started in the first render: page 0 is requested before anything is painted.
  const [loader] = useState(() => {
    const l = new ReplayLoader({
      agentId,
      fetchPage: (offset, limit) => client.getEvents(agentId, { offset, limit }),
      onChange: () => rerender(0),
    });
    l.start();
    return l;
  });
  const [ui] = useState<ReplayUi>(() => ({ open: new Map() }));
  const pages = loader.pages;
  const { total, version } = pages;
  const follow = store.follow.value;

  const scrollRef = useRef<HTMLDivElement>(null);
  /** The card j/k last moved to (or the person focused), -1 before any. */
  const focusIndex = useRef(-1);
  /** Focus the card at focusIndex as soon as it is rendered. */
  const pendingFocus = useRef(false);
  /** A card had the keyboard focus: give it back if its element is replaced (placeholder → card). */
  const cardFocused = useRef(false);
  /** New events arrived while following: scroll to the end after this render. */
  const stick = useRef(false);

  // Keys and sizes change only when the cache does: a stable function keeps the virtualiser's
  // measurements memoised between renders.
  const getItemKey = useMemo(() => (i: number) => eventAt(pages, i)?.id ?? -(i + 1), [pages, version]);
  const estimateSize = useMemo(
    () => (i: number) => estimateCardSize(eventAt(pages, i), (r) => pages.callsByToolUseId.has(r.toolUseId)),
    [pages, version],
  );
  const v = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize, getItemKey, overscan: 6 });
  const items = v.getVirtualItems();

  const stopFollow = () => {
    if (store.follow.peek()) dispatch({ type: 'follow', on: false });
  };
  const toEnd = () => {
    const n = loader.pages.total;
    if (n === 0) return;
    loader.prioritise(n - 1);
    v.scrollToEnd();
  };
  const focusPending = () => {
    if (!pendingFocus.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`article[data-index="${focusIndex.current}"]`);
    if (!el) return;
    pendingFocus.current = false;
    el.focus({ preventScroll: true });
  };
  const goTo = (index: number, align: 'start' | 'end' | 'auto') => {
    const n = loader.pages.total;
    if (n === 0) return;
    const i = Math.max(0, Math.min(n - 1, index));
    focusIndex.current = i;
    pendingFocus.current = true;
    cardFocused.current = true;
    loader.prioritise(i);
    if (align === 'end' && i === n - 1) v.scrollToEnd();
    else v.scrollToIndex(i, { align });
    focusPending();
  };
  /** The first (or last) row at least partly in view. */
  const edgeInView = (which: 'first' | 'last'): number => {
    const el = scrollRef.current;
    const rows = v.getVirtualItems();
    if (!el || rows.length === 0) return 0;
    const top = el.scrollTop;
    const bottom = top + el.clientHeight;
    const inView = rows.filter((r) => r.end > top + 1 && r.start < bottom - 1);
    const pick = which === 'first' ? inView[0] : inView[inView.length - 1];
    return (pick ?? rows[0]).index;
  };

  // Answers that come after the replay closed are dropped.
  useEffect(() => () => loader.dispose(), [loader]);

  // Live events: appended to the cache (re-rendering only the rows in view).
  useEffect(
    () =>
      feed.on((events) => {
        if (loader.live(events) > 0 && store.follow.peek()) stick.current = true;
      }),
    [feed, loader, store],
  );

  // The pages the rows in view need.
  useEffect(() => {
    if (items.length > 0) loader.setVisible(items[0].index, items[items.length - 1].index);
  });

  // Follow: after new events, the newest card; after `f` turns it on, at once.
  useLayoutEffect(() => {
    if (stick.current) {
      stick.current = false;
      toEnd();
    }
    if (pendingFocus.current) focusPending();
    else if (cardFocused.current && focusIndex.current >= 0 && (document.activeElement === document.body || document.activeElement === null)) {
      pendingFocus.current = true;
      focusPending();
    }
  });
  const prevFollow = useRef(follow);
  useEffect(() => {
    if (follow && !prevFollow.current) toEnd();
    prevFollow.current = follow;
  }, [follow]);

  // j/k/g/G/Enter act on the cards while the replay is open.
  useEffect(
    () =>
      registerNavigator({
        move: (by) => {
          const n = loader.pages.total;
          if (n === 0) return;
          const current = focusIndex.current;
          const start = current < 0 || current >= n ? edgeInView(by > 0 ? 'first' : 'last') : current + by;
          if (by < 0) stopFollow();
          goTo(start, 'auto');
        },
        moveTo: (where) => {
          if (where === 'first') {
            stopFollow();
            goTo(0, 'start');
          } else goTo(loader.pages.total - 1, 'end');
        },
        open: () => {
          // Enter on a card opens (or closes) its first collapsed part.
          const el = scrollRef.current?.querySelector<HTMLElement>(`article[data-index="${focusIndex.current}"]`);
          el?.querySelector<HTMLElement>('button.expand, summary')?.click();
        },
      }),
    [loader],
  );

  // Keys work at once: the feed takes focus when the replay opens (unless a field has it).
  useEffect(() => {
    const active = document.activeElement;
    if (!(active instanceof HTMLInputElement) && !(active instanceof HTMLTextAreaElement)) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  // Scrolling up by hand leaves follow mode. Only the person's gestures count: the virtualiser's
  // own corrections (rows above measured smaller) also move scrollTop up.
  const dragging = useRef(false);
  const lastTop = useRef(0);
  const touchY = useRef<number | null>(null);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    if (dragging.current && el.scrollTop < lastTop.current - 2) stopFollow();
    lastTop.current = el.scrollTop;
  };

  const ready = loader.ready;
  const busy = loader.loading;
  const setSize = pages.tailKnown ? total : -1;

  return (
    <ReplayUiContext.Provider value={ui}>
      <section class="replay" data-testid="replay" data-agent-id={agentId} aria-label="Replay">
        <ReplayHeader agentId={agentId} total={ready ? total : null} />
        {loader.error !== null && (
          <div class="replay-error" role="alert" data-testid="replay-error">
            <span>{`Could not load events: ${loader.error}`}</span>
            <button type="button" onClick={() => loader.retry()}>
              Retry
            </button>
          </div>
        )}
        <div
          ref={scrollRef}
          class="replay-feed"
          role="feed"
          aria-label="Events"
          aria-busy={busy ? 'true' : 'false'}
          tabIndex={0}
          data-testid="replay-feed"
          data-total={total}
          data-version={version}
          onScroll={onScroll}
          onWheel={(e) => {
            if (e.deltaY < 0) stopFollow();
          }}
          onTouchStart={(e) => {
            touchY.current = e.touches[0]?.clientY ?? null;
          }}
          onTouchMove={(e) => {
            const y = e.touches[0]?.clientY;
            if (touchY.current !== null && y !== undefined && y > touchY.current + 4) stopFollow();
          }}
          onPointerDown={(e) => {
            // A press on the feed itself (not on a card) is on its scrollbar.
            if (e.target === e.currentTarget) dragging.current = true;
          }}
          onPointerUp={() => {
            dragging.current = false;
          }}
          onPointerCancel={() => {
            dragging.current = false;
          }}
          onKeyDown={(e) => {
            if (e.key === 'PageUp' || (e.key === ' ' && e.shiftKey)) stopFollow();
          }}
        >
          {!ready && loader.error === null && <p class="replay-empty">Loading events…</p>}
          {ready && total === 0 && <p class="replay-empty">No events yet.</p>}
          <div class="replay-rows" role="presentation" style={{ height: `${v.getTotalSize()}px` }}>
            {items.map((item) => {
              const e = eventAt(pages, item.index);
              const focus = () => {
                focusIndex.current = item.index;
                cardFocused.current = true;
              };
              const blur = (ev: FocusEvent) => {
                const next = ev.relatedTarget;
                if (next instanceof Node && !(scrollRef.current?.contains(next) ?? false)) cardFocused.current = false;
              };
              // What a loaded card and its placeholder share: position, measurement, focus tracking.
              const shared = {
                ref: v.measureElement,
                'data-index': item.index,
                class: 'replay-row',
                style: { transform: `translateY(${item.start}px)` },
                tabIndex: -1,
                'aria-posinset': item.index + 1,
                'aria-setsize': setSize,
                onFocusIn: focus,
                onFocusOut: blur,
              };
              return e ? (
                <article key={item.key} {...shared} aria-labelledby={cardHeadId(e.id)} data-testid="card" data-kind={e.kind} data-event-id={e.id}>
                  <Card event={e} link={linkOf(pages, e)} />
                </article>
              ) : (
                <article key={item.key} {...shared} aria-busy="true" aria-label={`event ${item.index + 1}, loading`} data-testid="card-placeholder" data-kind="placeholder">
                  <div class="card card-placeholder" aria-hidden="true" />
                </article>
              );
            })}
          </div>
        </div>
      </section>
    </ReplayUiContext.Provider>
  );
}
