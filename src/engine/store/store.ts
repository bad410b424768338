/**
 * The store: one SQLite file (WAL) holding agents, events, deduplicated usage, tool calls and the
 * read position of every tailed file. A batch of parsed lines and the file offset after them are
 * committed in one transaction, so a SIGKILL at any point loses nothing and duplicates nothing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentSummary } from '../../shared/agents';
import type { EventPage, EventPageQuery } from '../../shared/contract';
import type { AgentState, LanternEvent } from '../../shared/events';
import type { NewEvent, ParseOutput, ParserState, UsageRecord } from '../adapters/types';
import { AGENT_COLUMNS, applyPatch, newAgentRow, rowFromDb, rowToDb, sourceFromId, toSummary, type AgentRow } from './agent-rows';
import { migrate } from './migrations';

export interface FileRecord {
  path: string;
  adapter: string;
  offset: number;
  size: number;
  ino: string | null;
  mtimeMs: number | null;
  head: string | null;
  lines: number;
  unparsed: number;
  parserState: ParserState | null;
  error: string | null;
  deleted: boolean;
}

/** Where a file's reading stands after a batch; written in the batch's transaction. */
export interface FileCommit {
  path: string;
  adapter: string;
  offset: number;
  size: number;
  ino: string;
  mtimeMs: number;
  head: string;
  linesAdded: number;
  unparsedAdded: number;
  parserState: ParserState | null;
  /** Reset counters (file truncated or replaced and read again from 0). */
  reset?: boolean;
}

/**
 * Tool timing from a channel other than the transcript (Claude Code's PreToolUse / PostToolUse
 * hooks), keyed by the same `tool_use_id`, so a call seen in both is one call.
 */
export interface ToolTiming {
  toolUseId: string;
  name?: string;
  startedAt?: number;
  endedAt?: number;
  /** Measured by the agent itself: wins over any difference of timestamps. */
  durationMs?: number;
  isError?: boolean;
}

export interface ToolCallRecord {
  toolUseId: string;
  agentId: string | null;
  name: string | null;
  startedAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  isError: boolean | null;
}

export interface CommitResult {
  events: LanternEvent[];
  agents: AgentSummary[];
}

export interface Store {
  readonly path: string;
  commit(output: ParseOutput, file?: FileCommit): CommitResult;
  getFile(path: string): FileRecord | null;
  allFiles(): FileRecord[];
  setFileError(path: string, adapter: string, error: string | null): void;
  markFileDeleted(path: string): void;
  agentRows(): readonly AgentRow[];
  listAgents(): AgentSummary[];
  getAgent(id: string): AgentSummary | null;
  /** Record a state change as a `status` event; returns it, or null when the state is unchanged. */
  setState(id: string, state: AgentState, reason: string | null, evidence: string, ts: number): CommitResult | null;
  getEvents(agentId: string, q: EventPageQuery): EventPage | null;
  /**
   * Record tool timing without creating events or counting a call (the transcript's tool_call
   * event counts it). Creates the row (and the agent) when the hook is the first to see the call.
   */
  recordToolTiming(agentId: string, t: ToolTiming): void;
  getToolCall(toolUseId: string): ToolCallRecord | null;
  eventsAfter(afterId: number, limit: number): LanternEvent[];
  maxEventId(): number;
  totals(): { agents: number; events: number; unparsed: number; files: number; fileErrors: number };
  close(): void;
}

const DEFAULT_PAGE = 200;
const MAX_PAGE = 1000;

export function openStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const dbPath = path.join(dataDir, 'lantern.db');
  const db = new Database(dbPath);
  // Tool results make many rows of tens of KB: 16 KiB pages keep most of them out of overflow chains
  // and halve the write cost of a cold index (measured: ~2x over 4 KiB). Only takes effect on a new file.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  // Checkpoint every ~64 MB of WAL instead of every 4 MB: each checkpoint fsyncs the database file,
  // which dominated a cold index. The WAL is truncated back on close.
  db.pragma('wal_autocheckpoint = 4000');
  // NORMAL in WAL mode is durable against process crashes (SIGKILL); only an OS crash or power
  // loss can drop the last transactions, and then the offsets roll back with them.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16000');
  migrate(db);

  const rows = new Map<string, AgentRow>();
  const byKey = new Map<number, AgentRow>();
  for (const r of db.prepare('SELECT * FROM agents').all() as Record<string, unknown>[]) {
    const row = rowFromDb(r);
    rows.set(row.id, row);
    byKey.set(row.key, row);
  }
  // Events are never deleted and ids come from the rowid, so the newest id is the count, without the
  // full scan count(*) would do on every start.
  let eventCount = (db.prepare('SELECT max(id) AS n FROM events').get() as { n: number | null }).n ?? 0;

  const cols = Object.values(AGENT_COLUMNS).filter((c) => c !== 'key');
  const st = {
    insertAgent: db.prepare('INSERT INTO agents (id, source) VALUES (?, ?)'),
    updateAgent: db.prepare(`UPDATE agents SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE key = @key`),
    insertEvent: db.prepare('INSERT INTO events (agent_key, kind, ts, source, data) VALUES (?, ?, ?, ?, ?)'),
    getUsage: db.prepare('SELECT agent_key, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens FROM usage WHERE key = ?'),
    insertUsage: db.prepare(
      `INSERT INTO usage (key, agent_key, message_id, request_id, model, ts, input_tokens, output_tokens, cache_creation_tokens,
        cache_read_tokens, cache_5m_tokens, cache_1h_tokens, placeholder_output) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    updateUsage: db.prepare(
      `UPDATE usage SET model = ?, ts = ?, input_tokens = ?, output_tokens = ?, cache_creation_tokens = ?, cache_read_tokens = ?,
        cache_5m_tokens = ?, cache_1h_tokens = ?, placeholder_output = ? WHERE key = ?`,
    ),
    insertTool: db.prepare('INSERT OR IGNORE INTO tool_calls (tool_use_id, agent_key, name, started_at) VALUES (?, ?, ?, ?)'),
    getTool: db.prepare('SELECT started_at, ended_at, duration_ms FROM tool_calls WHERE tool_use_id = ?'),
    // COALESCE: whatever was recorded first (a hook's end time and duration) stays.
    endTool: db.prepare(
      'UPDATE tool_calls SET ended_at = COALESCE(ended_at, ?), duration_ms = COALESCE(duration_ms, ?), is_error = COALESCE(is_error, ?) WHERE tool_use_id = ?',
    ),
    timeTool: db.prepare(
      `INSERT INTO tool_calls (tool_use_id, agent_key, name, started_at, ended_at, duration_ms, is_error)
       VALUES (@id, @agentKey, @name, @startedAt, @endedAt, @durationMs, @isError)
       ON CONFLICT(tool_use_id) DO UPDATE SET name = COALESCE(tool_calls.name, excluded.name),
         started_at = COALESCE(tool_calls.started_at, excluded.started_at),
         ended_at = COALESCE(tool_calls.ended_at, excluded.ended_at),
         duration_ms = COALESCE(excluded.duration_ms, tool_calls.duration_ms),
         is_error = COALESCE(excluded.is_error, tool_calls.is_error)`,
    ),
    toolRow: db.prepare('SELECT * FROM tool_calls WHERE tool_use_id = ?'),
    getFile: db.prepare('SELECT * FROM files WHERE path = ?'),
    allFiles: db.prepare('SELECT * FROM files'),
    upsertFile: db.prepare(
      `INSERT INTO files (path, adapter, offset, size, ino, mtime_ms, head, lines, unparsed, parser_state, error, deleted)
       VALUES (@path, @adapter, @offset, @size, @ino, @mtimeMs, @head, @lines, @unparsed, @parserState, NULL, 0)
       ON CONFLICT(path) DO UPDATE SET adapter = excluded.adapter, offset = excluded.offset, size = excluded.size,
         ino = excluded.ino, mtime_ms = excluded.mtime_ms, head = excluded.head,
         lines = CASE WHEN @reset THEN excluded.lines ELSE files.lines + excluded.lines END,
         unparsed = CASE WHEN @reset THEN excluded.unparsed ELSE files.unparsed + excluded.unparsed END,
         parser_state = excluded.parser_state, error = NULL, deleted = 0`,
    ),
    setFileError: db.prepare(
      `INSERT INTO files (path, adapter, error) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET error = excluded.error`,
    ),
    markDeleted: db.prepare('UPDATE files SET deleted = 1 WHERE path = ?'),
    pageAfter: db.prepare('SELECT id, kind, ts, source, data FROM events WHERE agent_key = ? AND id > ? ORDER BY id LIMIT ?'),
    pageBefore: db.prepare('SELECT id, kind, ts, source, data FROM events WHERE agent_key = ? AND id < ? ORDER BY id DESC LIMIT ?'),
    after: db.prepare('SELECT id, agent_key, kind, ts, source, data FROM events WHERE id > ? ORDER BY id LIMIT ?'),
    maxId: db.prepare('SELECT max(id) AS id FROM events'),
  };

  function agentFor(id: string, dirty: Set<AgentRow>): AgentRow {
    let row = rows.get(id);
    if (!row) {
      const source = sourceFromId(id);
      const key = Number(st.insertAgent.run(id, source).lastInsertRowid);
      row = newAgentRow(key, id, source);
      rows.set(id, row);
      byKey.set(key, row);
      dirty.add(row);
    }
    return row;
  }

  function toEvent(id: number, agentId: string, e: { kind: string; ts: number; source: string }, data: object): LanternEvent {
    return { id, agentId, kind: e.kind, ts: new Date(e.ts).toISOString(), source: e.source, ...data } as LanternEvent;
  }

  function insertEvent(row: AgentRow, e: NewEvent, dirty: Set<AgentRow>): LanternEvent {
    if (e.kind === 'tool_call') {
      st.insertTool.run(e.data.toolUseId, row.key, e.data.name, e.ts);
      row.nToolCalls++;
    } else if (e.kind === 'tool_result') {
      const call = st.getTool.get(e.data.toolUseId) as { started_at: number | null; ended_at: number | null; duration_ms: number | null } | undefined;
      // A duration already on the row was measured by the agent (PostToolUse `duration_ms`): prefer it.
      if (call && call.duration_ms !== null && e.data.durationMs === undefined) e.data.durationMs = call.duration_ms;
      if (call && call.started_at !== null && e.data.durationMs === undefined && e.ts >= call.started_at) {
        e.data.durationMs = e.ts - call.started_at;
      }
      if (call && (call.ended_at === null || call.duration_ms === null)) {
        st.endTool.run(e.ts, e.data.durationMs ?? null, e.data.isError ? 1 : 0, e.data.toolUseId);
      }
      if (e.data.isError) row.nToolErrors++;
    } else if (e.kind === 'unparsed') {
      row.nUnparsed++;
    }
    const id = Number(st.insertEvent.run(row.key, e.kind, e.ts, e.source, JSON.stringify(e.data)).lastInsertRowid);
    row.nEvents++;
    eventCount++;
    // Status events are Lantern's own observations, not agent activity: letting them move lastEventAt
    // would make liveness see every agent as just active.
    if (e.kind !== 'status' && e.ts > 0 && (row.lastEventAt === null || e.ts > row.lastEventAt)) row.lastEventAt = e.ts;
    dirty.add(row);
    return toEvent(id, row.id, e, e.data);
  }

  /** Keep the largest record per key (ccusage's rule) and move the agent totals by the difference. */
  function applyUsage(u: UsageRecord, dirty: Set<AgentRow>): void {
    const total = u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;
    const prev = st.getUsage.get(u.key) as
      | { agent_key: number; input_tokens: number; output_tokens: number; cache_creation_tokens: number; cache_read_tokens: number }
      | undefined;
    if (!prev) {
      const row = agentFor(u.agentId, dirty);
      st.insertUsage.run(u.key, row.key, u.messageId, u.requestId, u.model, u.ts, u.inputTokens, u.outputTokens,
        u.cacheCreationTokens, u.cacheReadTokens, u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0);
      row.inputTokens += u.inputTokens;
      row.outputTokens += u.outputTokens;
      row.cacheCreationTokens += u.cacheCreationTokens;
      row.cacheReadTokens += u.cacheReadTokens;
      dirty.add(row);
      return;
    }
    const prevTotal = prev.input_tokens + prev.output_tokens + prev.cache_creation_tokens + prev.cache_read_tokens;
    if (total <= prevTotal) return;
    st.updateUsage.run(u.model, u.ts, u.inputTokens, u.outputTokens, u.cacheCreationTokens, u.cacheReadTokens,
      u.cache5mTokens, u.cache1hTokens, u.placeholderOutput ? 1 : 0, u.key);
    const owner = byKey.get(prev.agent_key);
    if (!owner) return;
    owner.inputTokens += u.inputTokens - prev.input_tokens;
    owner.outputTokens += u.outputTokens - prev.output_tokens;
    owner.cacheCreationTokens += u.cacheCreationTokens - prev.cache_creation_tokens;
    owner.cacheReadTokens += u.cacheReadTokens - prev.cache_read_tokens;
    dirty.add(owner);
  }

  const commitTx = db.transaction((output: ParseOutput, file: FileCommit | undefined): CommitResult => {
    const dirty = new Set<AgentRow>();
    for (const patch of output.agents.values()) {
      const row = agentFor(patch.id, dirty);
      if (row.source !== patch.source) {
        row.source = patch.source;
        dirty.add(row);
      }
      if (applyPatch(row, patch)) dirty.add(row);
    }
    const events: LanternEvent[] = [];
    for (const e of output.events) events.push(insertEvent(agentFor(e.agentId, dirty), e, dirty));
    for (const u of output.usage) applyUsage(u, dirty);
    if (file) {
      st.upsertFile.run({
        path: file.path,
        adapter: file.adapter,
        offset: file.offset,
        size: file.size,
        ino: file.ino,
        mtimeMs: Math.round(file.mtimeMs),
        head: file.head,
        lines: file.linesAdded,
        unparsed: file.unparsedAdded,
        parserState: file.parserState ? JSON.stringify(file.parserState) : null,
        reset: file.reset ? 1 : 0,
      });
    }
    for (const row of dirty) st.updateAgent.run(rowToDb(row));
    return { events, agents: [...dirty].map(toSummary) };
  });

  function fileFromDb(r: Record<string, unknown>): FileRecord {
    return {
      path: r.path as string,
      adapter: r.adapter as string,
      offset: r.offset as number,
      size: r.size as number,
      ino: r.ino as string | null,
      mtimeMs: r.mtime_ms as number | null,
      head: r.head as string | null,
      lines: r.lines as number,
      unparsed: r.unparsed as number,
      parserState: r.parser_state ? (JSON.parse(r.parser_state as string) as ParserState) : null,
      error: r.error as string | null,
      deleted: r.deleted === 1,
    };
  }

  type EventDbRow = { id: number; agent_key?: number; kind: string; ts: number; source: string; data: string };
  const fromDb = (agentId: string, r: EventDbRow) => toEvent(r.id, agentId, r, JSON.parse(r.data) as object);

  return {
    path: dbPath,
    commit: (output, file) => commitTx(output, file),
    getFile: (p) => {
      const r = st.getFile.get(p) as Record<string, unknown> | undefined;
      return r ? fileFromDb(r) : null;
    },
    allFiles: () => (st.allFiles.all() as Record<string, unknown>[]).map(fileFromDb),
    setFileError: (p, adapter, error) => void st.setFileError.run(p, adapter, error),
    markFileDeleted: (p) => void st.markDeleted.run(p),
    agentRows: () => [...rows.values()],
    listAgents: () => [...rows.values()].sort((a, b) => (b.lastEventAt ?? 0) - (a.lastEventAt ?? 0)).map(toSummary),
    getAgent: (id) => {
      const row = rows.get(id);
      return row ? toSummary(row) : null;
    },
    setState: (id, state, reason, evidence, ts) => {
      const row = rows.get(id);
      if (!row || (row.state === state && row.stateReason === reason)) return null;
      const prev = row.state ?? undefined;
      return db.transaction((): CommitResult => {
        row.state = state;
        row.stateReason = reason;
        const dirty = new Set<AgentRow>([row]);
        const data = { state, ...(prev ? { prev } : {}), ...(reason ? { reason } : {}), evidence };
        const event = insertEvent(row, { agentId: id, kind: 'status', ts, source: 'engine', data }, dirty);
        st.updateAgent.run(rowToDb(row));
        return { events: [event], agents: [toSummary(row)] };
      })();
    },
    getEvents: (agentId, q) => {
      const row = rows.get(agentId);
      if (!row) return null;
      const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_PAGE), MAX_PAGE);
      if (q.before !== undefined) {
        const list = st.pageBefore.all(row.key, q.before, limit + 1) as EventDbRow[];
        const more = list.length > limit;
        const page = list.slice(0, limit).reverse();
        return { events: page.map((r) => fromDb(agentId, r)), next: more && page.length ? page[0].id : null };
      }
      const list = st.pageAfter.all(row.key, q.after ?? 0, limit + 1) as EventDbRow[];
      const more = list.length > limit;
      const page = list.slice(0, limit);
      return { events: page.map((r) => fromDb(agentId, r)), next: more && page.length ? page[page.length - 1].id : null };
    },
    recordToolTiming: (agentId, t) => {
      const dirty = new Set<AgentRow>();
      db.transaction(() => {
        const row = agentFor(agentId, dirty);
        st.timeTool.run({
          id: t.toolUseId,
          agentKey: row.key,
          name: t.name ?? null,
          startedAt: t.startedAt ?? null,
          endedAt: t.endedAt ?? null,
          durationMs: t.durationMs ?? null,
          isError: t.isError === undefined ? null : t.isError ? 1 : 0,
        });
        for (const r of dirty) st.updateAgent.run(rowToDb(r));
      })();
    },
    getToolCall: (toolUseId) => {
      const r = st.toolRow.get(toolUseId) as
        | { agent_key: number; name: string | null; started_at: number | null; ended_at: number | null; duration_ms: number | null; is_error: number | null }
        | undefined;
      if (!r) return null;
      return {
        toolUseId,
        agentId: byKey.get(r.agent_key)?.id ?? null,
        name: r.name,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        durationMs: r.duration_ms,
        isError: r.is_error === null ? null : r.is_error === 1,
      };
    },
    eventsAfter: (afterId, limit) =>
      (st.after.all(afterId, limit) as EventDbRow[]).map((r) => fromDb(byKey.get(r.agent_key as number)?.id ?? '?', r)),
    maxEventId: () => (st.maxId.get() as { id: number | null }).id ?? 0,
    totals: () => {
      let unparsed = 0;
      for (const r of rows.values()) unparsed += r.nUnparsed;
      const f = db.prepare('SELECT count(*) AS files, sum(error IS NOT NULL) AS errors FROM files').get() as { files: number; errors: number | null };
      return { agents: rows.size, events: eventCount, unparsed, files: f.files, fileErrors: f.errors ?? 0 };
    },
    close: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
