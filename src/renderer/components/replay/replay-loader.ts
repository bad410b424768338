/**
 * Feeds a replay's page cache: page 0 first (the first cards paint at once), then the page that
 * holds the tail (live events can be placed from then on), then whatever the visible range needs,
 * nearest the middle first, a few requests at a time, each page once. Pages far from view are
 * dropped past a budget and fetched again if they come back. No DOM: tested with a fake fetch.
 */
import type { EventPage } from '../../../shared/contract';
import type { LanternEvent } from '../../../shared/events';
import {
  appendLive,
  applyPage,
  createReplayPages,
  evictPages,
  lastPage,
  PAGE,
  pageOf,
  pagesNeeded,
  type ReplayPages,
} from '../../state/replay-pages';

export interface ReplayLoaderOptions {
  agentId: string;
  fetchPage(offset: number, limit: number): Promise<EventPage>;
  /** Something the view shows changed (events, total, loading, error). */
  onChange(): void;
  /** Requests at once (default 3). */
  maxInflight?: number;
  /** Cached pages kept (default 60, 12 000 events); the visible ones are always kept. */
  maxPages?: number;
}

/** A page read this many times without completing means the engine disagrees with itself. */
const MAX_ATTEMPTS = 4;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class ReplayLoader {
  readonly pages: ReplayPages;
  /** The last failed request's message; fetching stops until `retry`. */
  error: string | null = null;
  private readonly inflight = new Set<number>();
  private readonly attempts = new Map<number, number>();
  private visible: [number, number] = [0, 0];
  private priority: number | null = null;
  private started = false;
  private disposed = false;

  constructor(private readonly opts: ReplayLoaderOptions) {
    this.pages = createReplayPages(opts.agentId);
  }

  /** True until the first page is in, and while any request is out. */
  get loading(): boolean {
    return !this.ready || this.inflight.size > 0;
  }

  /** The first page has arrived: `pages.total` is meaningful. */
  get ready(): boolean {
    return this.pages.fetched.size > 0 || this.pages.tailKnown;
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /** The rows on screen (inclusive positions): their pages are fetched if missing. */
  setVisible(start: number, end: number): void {
    this.visible = [Math.max(0, Math.min(start, end)), Math.max(start, end)];
    this.pump();
  }

  /** Fetch the page holding this position before others (a jump with g/G). */
  prioritise(index: number): void {
    this.priority = pageOf(Math.max(0, index));
    this.pump();
  }

  /** Live events from the feed (any agent's; others are ignored). Returns how many were appended. */
  live(events: readonly LanternEvent[]): number {
    if (this.disposed) return 0;
    const added = appendLive(this.pages, events);
    if (added > 0) this.opts.onChange();
    return added;
  }

  retry(): void {
    this.error = null;
    this.attempts.clear();
    this.opts.onChange();
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
  }

  private wanted(): number[] {
    const p = this.pages;
    // Page 0 alone first: nothing else is known before it (not even the length).
    if (!this.ready) return [0];
    const want: number[] = [];
    if (this.priority !== null) want.push(this.priority);
    if (!p.tailKnown) want.push(lastPage(p));
    want.push(...pagesNeeded(p, this.visible[0], this.visible[1]));
    return want;
  }

  private pump(): void {
    if (!this.started || this.disposed || this.error !== null) return;
    const max = this.opts.maxInflight ?? 3;
    for (const page of this.wanted()) {
      if (this.inflight.size >= max || this.error !== null) break;
      if (this.inflight.has(page) || this.pages.fetched.has(page)) continue;
      this.fetch(page);
    }
    const first = this.priority;
    if (first !== null && (this.inflight.has(first) || this.pages.fetched.has(first))) this.priority = null;
  }

  private fetch(page: number): void {
    const tries = (this.attempts.get(page) ?? 0) + 1;
    if (tries > MAX_ATTEMPTS) {
      this.error = `events ${page * PAGE}-${page * PAGE + PAGE - 1} could not be read consistently`;
      this.opts.onChange();
      return;
    }
    this.attempts.set(page, tries);
    this.inflight.add(page);
    const offset = page * PAGE;
    this.opts.fetchPage(offset, PAGE).then(
      (res) => {
        if (this.disposed) return;
        this.inflight.delete(page);
        const total = res.total ?? (res.next !== null ? Math.max(this.pages.total, offset + res.events.length + 1) : offset + res.events.length);
        applyPage(this.pages, offset, res.events, total);
        if (this.pages.fetched.has(page)) this.attempts.delete(page);
        const margin = 2 * PAGE;
        evictPages(this.pages, this.visible[0] - margin, this.visible[1] + margin, this.opts.maxPages ?? 60);
        this.opts.onChange();
        this.pump();
      },
      (err: unknown) => {
        if (this.disposed) return;
        this.inflight.delete(page);
        this.error = message(err);
        this.opts.onChange();
      },
    );
  }
}
