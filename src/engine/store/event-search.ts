/**
 * Text search over stored events, newest first (`GET /api/search`, `EngineApi.searchEvents`).
 *
 * No full-text index, on purpose: an FTS5 table over `events.data` would be written with every
 * event, and the cold index of a long history is already the engine's most expensive job, while a
 * search is rare. Instead a bounded scan: `data LIKE '%q%'` newest first, at most `budgetRows`
 * rows (the rest is reported as `truncated`), in slices with a turn of the event loop between
 * them, so hook requests and the stream are never held up behind a long search.
 *
 * `data` is JSON text, so a LIKE hit can be on a key name (`"text"`) or on escape syntax (`\n`):
 * each candidate is parsed and its string values checked, and only real hits count.
 */
import type Database from 'better-sqlite3';
import type { SearchResult } from '../../shared/contract';
import type { LanternEvent } from '../../shared/events';
import { toEvent } from './events-repo';

export const DEFAULT_SEARCH_BUDGET_ROWS = 2_000_000;
/** Rows per statement: about a few milliseconds of LIKE each. */
const SLICE_ROWS = 20_000;
/** Candidates read per statement, so a pattern that hits every row is not parsed a slice at a time. */
const CANDIDATES_PER_READ = 256;

export interface EventSearchQuery {
  /** Trimmed, non-empty. */
  q: string;
  /** Only this agent's events (its `agent_key`), or all. */
  agentKey: number | null;
  limit: number;
}

type Row = { id: number; agent_key: number; kind: string; ts: number; source: string; data: string };

/** `q` as it is spelled inside a JSON string (quotes, backslashes, control characters escaped), as a LIKE pattern. */
export function likePattern(q: string): string {
  const inJson = JSON.stringify(q).slice(1, -1);
  return `%${inJson.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True when a string anywhere in `value` contains `needle` (lower case), ignoring case. Keys do not count. */
export function hasText(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.toLowerCase().includes(needle);
  if (Array.isArray(value)) return value.some((v) => hasText(v, needle));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => hasText(v, needle));
  return false;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createEventSearch(db: Database.Database, agentIdOfKey: (key: number) => string | null, budgetRows = DEFAULT_SEARCH_BUDGET_ROWS) {
  const where = "id > @lo AND id <= @hi AND kind != 'usage' AND data LIKE @pattern ESCAPE '\\'";
  const st = {
    maxId: db.prepare('SELECT max(id) FROM events').pluck(),
    all: db.prepare(`SELECT id, agent_key, kind, ts, source, data FROM events WHERE ${where} ORDER BY id DESC LIMIT @n`),
    agent: db.prepare(`SELECT id, agent_key, kind, ts, source, data FROM events WHERE agent_key = @agent AND ${where} ORDER BY id DESC LIMIT @n`),
    // The id just below the agent's `n` newest events at or under `hi`, read from events_by_agent alone.
    agentFloor: db.prepare('SELECT id FROM events WHERE agent_key = ? AND id <= ? ORDER BY id DESC LIMIT 1 OFFSET ?').pluck(),
  };

  /**
   * The slice of `n` rows (of the agent, or of all events) ending at `hi`: `lo` such that (lo, hi]
   * holds them, 0 when fewer are left. Ids are dense (never deleted), so for all events it is arithmetic.
   */
  const sliceFloor = (agentKey: number | null, hi: number, n: number): number =>
    agentKey === null ? Math.max(0, hi - n) : ((st.agentFloor.get(agentKey, hi, n) as number | undefined) ?? 0);

  return async function search(query: EventSearchQuery): Promise<SearchResult> {
    const needle = query.q.toLowerCase();
    const pattern = likePattern(query.q);
    const hits: LanternEvent[] = [];
    let hi = (st.maxId.get() as number | null) ?? 0;
    let scanned = 0;
    while (hi > 0) {
      if (scanned >= budgetRows) return { hits, truncated: true };
      const n = Math.min(SLICE_ROWS, budgetRows - scanned);
      const lo = sliceFloor(query.agentKey, hi, n);
      scanned += n;
      // Read the slice's candidates newest first, a batch at a time, until it has no more.
      for (let top = hi; ; ) {
        const params = { lo, hi: top, pattern, n: CANDIDATES_PER_READ };
        const rows = (query.agentKey === null ? st.all.all(params) : st.agent.all({ ...params, agent: query.agentKey })) as Row[];
        for (const r of rows) {
          const data = JSON.parse(r.data) as object;
          if (!hasText(data, needle)) continue;
          hits.push(toEvent(r.id, agentIdOfKey(r.agent_key) ?? '?', r, data));
          if (hits.length >= query.limit) return { hits, truncated: false };
        }
        if (rows.length < CANDIDATES_PER_READ) break;
        top = rows[rows.length - 1].id - 1;
      }
      hi = lo;
      if (hi > 0) await nextTurn();
    }
    return { hits, truncated: false };
  };
}

export type EventSearch = ReturnType<typeof createEventSearch>;
