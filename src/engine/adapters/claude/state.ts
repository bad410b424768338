/**
 * What a Claude parser must remember across restarts, kept small and bounded: it is stored next to the
 * file offset in every batch's transaction (types.ts ParserState).
 */
import type { ParserState } from '../types';

/** Inline sidechain uuid → sub-agent suffix entries kept (oldest dropped). */
export const SIDE_MAP_LIMIT = 5000;
/**
 * Usage keys remembered to emit one `usage` event per key. Only consecutive records of one message repeat
 * its key (one record per content block), so a few recent keys are enough; the store dedupes the usage
 * itself. The state is re-serialized with every batch commit and read at every start: it has to stay small.
 */
export const USAGE_KEY_LIMIT = 32;
/** Agents already titled from their first prompt. */
export const TITLED_LIMIT = 1000;

/** A Map that forgets its oldest entries past `limit` (insertion order). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(
    private readonly limit: number,
    entries?: Iterable<readonly [K, V]>,
  ) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }
  override set(k: K, v: V): this {
    super.set(k, v);
    if (this.size > this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}

/** A Set that forgets its oldest entries past `limit`. */
export class BoundedSet<T> extends Set<T> {
  constructor(
    private readonly limit: number,
    items?: Iterable<T>,
  ) {
    super();
    if (items) for (const x of items) this.add(x);
  }
  override add(x: T): this {
    super.add(x);
    if (this.size > this.limit) {
      const oldest = this.values().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return this;
  }
}

export interface ClaudeState {
  /** Last record timestamp seen (ms); records without one inherit it. */
  lastTs: number;
  /** Agent id once chosen for a file whose id depends on its records (2.0.x `agent-*.jsonl`). */
  lockedId: string | null;
  /** Session learned from the records when the path does not say (legacy layouts). */
  learnedSession: string | null;
  side: BoundedMap<string, string>;
  usageKeys: BoundedSet<string>;
  titled: BoundedSet<string>;
}

export function freshState(): ClaudeState {
  return {
    lastTs: 0,
    lockedId: null,
    learnedSession: null,
    side: new BoundedMap(SIDE_MAP_LIMIT),
    usageKeys: new BoundedSet(USAGE_KEY_LIMIT),
    titled: new BoundedSet(TITLED_LIMIT),
  };
}

const VERSION = 1;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Restore saved state; anything unreadable starts fresh rather than failing the file. */
export function loadState(saved: ParserState | null): ClaudeState {
  const s = freshState();
  if (!saved || saved.v !== VERSION) return s;
  if (typeof saved.lastTs === 'number' && Number.isFinite(saved.lastTs)) s.lastTs = saved.lastTs;
  if (typeof saved.lockedId === 'string') s.lockedId = saved.lockedId;
  if (typeof saved.learnedSession === 'string') s.learnedSession = saved.learnedSession;
  if (Array.isArray(saved.side)) {
    for (const pair of saved.side) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') s.side.set(pair[0], pair[1]);
    }
  }
  for (const k of strings(saved.usageKeys)) s.usageKeys.add(k);
  for (const k of strings(saved.titled)) s.titled.add(k);
  return s;
}

/** JSON-safe snapshot; empty collections are left out to keep the common state tiny. */
export function saveState(s: ClaudeState): ParserState {
  const out: ParserState = { v: VERSION, lastTs: s.lastTs };
  if (s.lockedId !== null) out.lockedId = s.lockedId;
  if (s.learnedSession !== null) out.learnedSession = s.learnedSession;
  if (s.side.size) out.side = [...s.side];
  if (s.usageKeys.size) out.usageKeys = [...s.usageKeys];
  if (s.titled.size) out.titled = [...s.titled];
  return out;
}
