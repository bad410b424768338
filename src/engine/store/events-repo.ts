/**
 * The `events` table. Ids are rowids: events are never deleted, so ids only grow and the newest id is
 * the count (no full scan at start). Rows become API events by spreading their JSON data under a header.
 * Every read walks an index: `events_by_agent (agent_key, id)` for one agent's pages, the rowid for
 * the latest events across agents.
 */
import type Database from 'better-sqlite3';
import type { EventPage, EventPageQuery } from '../../shared/contract';
import type { LanternEvent } from '../../shared/events';

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;
/** `usage` events show as cost, not as lines of a feed. */
const NOT_USAGE = "kind != 'usage'";

type EventDbRow = { id: number; agent_key?: number; kind: string; ts: number; source: string; data: string };

export function toEvent(id: number, agentId: string, e: { kind: string; ts: number; source: string }, data: object): LanternEvent {
  return { id, agentId, kind: e.kind, ts: new Date(e.ts).toISOString(), source: e.source, ...data } as LanternEvent;
}

export function createEventsRepo(db: Database.Database, agentIdOfKey: (key: number) => string) {
  const st = {
    insert: db.prepare('INSERT INTO events (agent_key, kind, ts, source, data) VALUES (?, ?, ?, ?, ?)'),
    pageAfter: db.prepare('SELECT id, kind, ts, source, data FROM events WHERE agent_key = ? AND id > ? ORDER BY id LIMIT ?'),
    pageBefore: db.prepare('SELECT id, kind, ts, source, data FROM events WHERE agent_key = ? AND id < ? ORDER BY id DESC LIMIT ?'),
    // OFFSET steps over index entries only: the table row is not read for the skipped ones.
    pageOffset: db.prepare('SELECT id, kind, ts, source, data FROM events WHERE agent_key = ? ORDER BY id LIMIT ? OFFSET ?'),
    // Newest first by rowid, stopping after LIMIT rows that are not usage: no sort, no full scan.
    recent: db.prepare(`SELECT id, agent_key, kind, ts, source, data FROM events WHERE ${NOT_USAGE} ORDER BY id DESC LIMIT ?`),
    after: db.prepare('SELECT id, agent_key, kind, ts, source, data FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    maxId: db.prepare('SELECT max(id) AS id FROM events'),
  };
  const fromDb = (agentId: string, r: EventDbRow) => toEvent(r.id, agentId, r, JSON.parse(r.data) as object);

  return {
    /** Returns the new event's id. */
    insert: (agentKey: number, kind: string, ts: number, source: string, data: object): number =>
      Number(st.insert.run(agentKey, kind, ts, source, JSON.stringify(data)).lastInsertRowid),
    /** `total` is the agent's event count (its `n_events`, kept in the same transactions as its rows). */
    page(agentKey: number, agentId: string, q: EventPageQuery, total: number): EventPage {
      const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
      if (q.offset !== undefined) {
        const list = st.pageOffset.all(agentKey, limit + 1, Math.max(0, q.offset)) as EventDbRow[];
        const page = list.slice(0, limit);
        const next = list.length > limit && page.length ? page[page.length - 1].id : null;
        return { events: page.map((r) => fromDb(agentId, r)), next, total };
      }
      if (q.before !== undefined) {
        const list = st.pageBefore.all(agentKey, q.before, limit + 1) as EventDbRow[];
        const more = list.length > limit;
        const page = list.slice(0, limit).reverse();
        return { events: page.map((r) => fromDb(agentId, r)), next: more && page.length ? page[0].id : null };
      }
      const list = st.pageAfter.all(agentKey, q.after ?? 0, limit + 1) as EventDbRow[];
      const more = list.length > limit;
      const page = list.slice(0, limit);
      return { events: page.map((r) => fromDb(agentId, r)), next: more && page.length ? page[page.length - 1].id : null };
    },
    after: (afterId: number, limit: number): LanternEvent[] =>
      (st.after.all(afterId, limit) as EventDbRow[]).map((r) => fromDb(agentIdOfKey(r.agent_key as number), r)),
    /** The latest `limit` events that are not usage, across agents, in ascending id order. */
    recent: (limit: number): LanternEvent[] =>
      (st.recent.all(limit) as EventDbRow[]).reverse().map((r) => fromDb(agentIdOfKey(r.agent_key as number), r)),
    maxId: (): number => (st.maxId.get() as { id: number | null }).id ?? 0,
  };
}
