/**
 * The replay's page cache for one agent (pure: no DOM, no requests; tested in Node). Positions
 * are 0-based in the agent's id order, so page `p` holds positions [p·PAGE, (p+1)·PAGE). Pages
 * arrive on demand (fetched by offset) and live events are appended at the end; tool calls and
 * results are indexed by toolUseId so each card finds its partner. Every change bumps `version`,
 * which is all the view watches.
 *
 * The tail: live events can only be placed once the id of the agent's last stored event is known
 * (a page that reaches the end of the agent's events at the time it was read tells it). Until
 * then live events wait in `pending`; afterwards an event goes at position `total` when its id is
 * above `lastId`, and is dropped as already counted otherwise. A page that does not reach the end
 * never changes `total` once the tail is known: the events it may count beyond our `total` are
 * on their way through the feed and are appended when they come.
 */
import type { EventOf, LanternEvent } from '../../shared/events';

export const PAGE = 200;

export type ToolCallEvent = EventOf<'tool_call'>;
export type ToolResultEvent = EventOf<'tool_result'>;

export interface ReplayPages {
  readonly agentId: string;
  /** The agent's event count as far as this cache knows: the list's length. */
  total: number;
  /** Sparse pages: an entry is undefined until its event is here. */
  pages: Map<number, Array<LanternEvent | undefined>>;
  /** Pages read in full from the engine (as far as the agent's events reached when read). */
  fetched: Set<number>;
  /** Highest event id known to be counted in `total`. */
  lastId: number;
  /** True once a page reaching the end has been applied: live events can be placed. */
  tailKnown: boolean;
  /** Live events that arrived before the tail was known. */
  pending: LanternEvent[];
  resultsByToolUseId: Map<string, ToolResultEvent>;
  callsByToolUseId: Map<string, ToolCallEvent>;
  /** Bumped on every change. */
  version: number;
}

export function createReplayPages(agentId: string): ReplayPages {
  return {
    agentId,
    total: 0,
    pages: new Map(),
    fetched: new Set(),
    lastId: 0,
    tailKnown: false,
    pending: [],
    resultsByToolUseId: new Map(),
    callsByToolUseId: new Map(),
    version: 0,
  };
}

export const pageOf = (index: number): number => Math.floor(index / PAGE);
/** The page holding the last position (0 for an empty agent). */
export const lastPage = (s: Pick<ReplayPages, 'total'>): number => (s.total > 0 ? pageOf(s.total - 1) : 0);

/** The event at a position, or undefined while it is not loaded (a placeholder). */
export function eventAt(s: ReplayPages, index: number): LanternEvent | undefined {
  if (index < 0 || index >= s.total) return undefined;
  return s.pages.get(pageOf(index))?.[index % PAGE];
}

/** The pages a visible range [start, end] (inclusive positions) needs that are not fetched yet, nearest the middle first. */
export function pagesNeeded(s: ReplayPages, start: number, end: number): number[] {
  if (s.total === 0) return [];
  const lo = pageOf(Math.max(0, Math.min(start, end)));
  const hi = pageOf(Math.min(s.total - 1, Math.max(start, end)));
  const mid = (lo + hi) / 2;
  const out: number[] = [];
  for (let p = lo; p <= hi; p++) if (!s.fetched.has(p)) out.push(p);
  return out.sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid) || a - b);
}

function index(s: ReplayPages, e: LanternEvent): void {
  if (e.kind === 'tool_call') s.callsByToolUseId.set(e.toolUseId, e);
  else if (e.kind === 'tool_result') s.resultsByToolUseId.set(e.toolUseId, e);
}

function unindex(s: ReplayPages, e: LanternEvent | undefined): void {
  if (!e) return;
  if (e.kind === 'tool_call' && s.callsByToolUseId.get(e.toolUseId) === e) s.callsByToolUseId.delete(e.toolUseId);
  else if (e.kind === 'tool_result' && s.resultsByToolUseId.get(e.toolUseId) === e) s.resultsByToolUseId.delete(e.toolUseId);
}

function put(s: ReplayPages, position: number, e: LanternEvent): void {
  const p = pageOf(position);
  let page = s.pages.get(p);
  if (!page) {
    page = [];
    s.pages.set(p, page);
  }
  const slot = position % PAGE;
  const old = page[slot];
  if (old && old !== e) unindex(s, old);
  page[slot] = e;
  index(s, e);
}

function placeLive(s: ReplayPages, events: readonly LanternEvent[]): number {
  let added = 0;
  for (const e of events) {
    if (e.agentId !== s.agentId || e.id <= s.lastId) continue;
    put(s, s.total, e);
    s.total += 1;
    s.lastId = e.id;
    added += 1;
  }
  return added;
}

/**
 * Applies a page read at `offset` (events in id order, `total` the agent's count at the read).
 * Returns true when anything changed.
 */
export function applyPage(s: ReplayPages, offset: number, events: readonly LanternEvent[], total: number): boolean {
  const mine = events.filter((e) => e.agentId === s.agentId);
  const reachesEnd = offset + mine.length >= total;
  const tailId = mine.length > 0 ? mine[mine.length - 1].id : null;
  const before = s.version;
  let changed = false;

  if (reachesEnd && (offset === 0 || tailId !== null)) {
    const id = tailId ?? 0;
    // A read older than what the feed already told us changes nothing about the length.
    if (!s.tailKnown || id >= s.lastId) {
      if (s.total !== total || s.lastId !== id) changed = true;
      s.total = total;
      s.lastId = id;
    }
    if (!s.tailKnown) {
      s.tailKnown = true;
      changed = true;
    }
  } else if (!s.tailKnown && total > s.total) {
    s.total = total;
    changed = true;
  }

  for (let i = 0; i < mine.length; i++) {
    const pos = offset + i;
    const p = pageOf(pos);
    if (s.pages.get(p)?.[pos % PAGE] !== mine[i]) {
      put(s, pos, mine[i]);
      changed = true;
    }
  }
  // Whole pages only: a page is complete when it holds every position it had at the read.
  if (offset % PAGE === 0) {
    const p = pageOf(offset);
    const expected = Math.min(PAGE, Math.max(0, total - offset));
    if ((expected > 0 || offset === 0) && mine.length >= expected && !s.fetched.has(p)) {
      s.fetched.add(p);
      changed = true;
    }
  }

  if (s.tailKnown && s.pending.length > 0) {
    const pending = s.pending;
    s.pending = [];
    if (placeLive(s, pending) > 0) changed = true;
  }
  if (changed) s.version = before + 1;
  return changed;
}

/** Appends live events of this agent (others are ignored). Returns how many were added (0 while they wait for the tail). */
export function appendLive(s: ReplayPages, events: readonly LanternEvent[]): number {
  if (!s.tailKnown) {
    for (const e of events) if (e.agentId === s.agentId) s.pending.push(e);
    return 0;
  }
  const added = placeLive(s, events);
  if (added > 0) s.version += 1;
  return added;
}

/**
 * Drops cached pages when more than `maxPages` are held, farthest from the visible range
 * [start, end] first; pages inside the range are always kept. Dropped pages are fetched again
 * when they come back into view. Returns the pages dropped.
 */
export function evictPages(s: ReplayPages, start: number, end: number, maxPages: number): number[] {
  if (s.pages.size <= maxPages) return [];
  const lo = pageOf(Math.max(0, start));
  const hi = pageOf(Math.max(0, end));
  const distance = (p: number) => (p < lo ? lo - p : p > hi ? p - hi : 0);
  const candidates = [...s.pages.keys()].filter((p) => distance(p) > 0).sort((a, b) => distance(b) - distance(a));
  const dropped: number[] = [];
  for (const p of candidates) {
    if (s.pages.size <= maxPages) break;
    for (const e of s.pages.get(p) ?? []) unindex(s, e);
    s.pages.delete(p);
    s.fetched.delete(p);
    dropped.push(p);
  }
  if (dropped.length > 0) s.version += 1;
  return dropped;
}

/** The result of a tool call, when loaded. */
export const resultOf = (s: ReplayPages, call: ToolCallEvent): ToolResultEvent | undefined => s.resultsByToolUseId.get(call.toolUseId);
/** The call a tool result answers, when loaded. */
export const callOf = (s: ReplayPages, result: ToolResultEvent): ToolCallEvent | undefined => s.callsByToolUseId.get(result.toolUseId);
