/**
 * Numbered schema migrations. Index i brings the schema from version i to i + 1 (PRAGMA
 * user_version). Never edit a shipped migration: append a new one.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: agents, events, usage (deduplicated per message), tool calls, tailed files.
  `
  CREATE TABLE agents (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    session_id TEXT,
    parent_id TEXT,
    cwd TEXT,
    title TEXT,
    title_priority INTEGER NOT NULL DEFAULT -1,
    state TEXT,
    state_reason TEXT,
    marker TEXT,
    started_at INTEGER,
    last_event_at INTEGER,
    models TEXT NOT NULL DEFAULT '[]',
    transcript TEXT,
    n_events INTEGER NOT NULL DEFAULT 0,
    n_tool_calls INTEGER NOT NULL DEFAULT 0,
    n_tool_errors INTEGER NOT NULL DEFAULT 0,
    n_unparsed INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0
  );
  -- id is the rowid: events are never deleted, so it only grows (the SSE cursor relies on it).
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    agent_key INTEGER NOT NULL,
    kind TEXT NOT NULL,
    ts INTEGER NOT NULL,
    source TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX events_by_agent ON events(agent_key, id);
  CREATE TABLE usage (
    key TEXT PRIMARY KEY,
    agent_key INTEGER NOT NULL,
    message_id TEXT,
    request_id TEXT,
    model TEXT,
    ts INTEGER,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_5m_tokens INTEGER NOT NULL,
    cache_1h_tokens INTEGER NOT NULL,
    placeholder_output INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX usage_by_agent ON usage(agent_key);
  CREATE TABLE tool_calls (
    tool_use_id TEXT PRIMARY KEY,
    agent_key INTEGER NOT NULL,
    name TEXT,
    started_at INTEGER,
    ended_at INTEGER,
    duration_ms INTEGER,
    is_error INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE files (
    path TEXT PRIMARY KEY,
    adapter TEXT NOT NULL,
    offset INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    ino TEXT,
    mtime_ms INTEGER,
    head TEXT,
    lines INTEGER NOT NULL DEFAULT 0,
    unparsed INTEGER NOT NULL DEFAULT 0,
    parser_state TEXT,
    error TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  `,
  // 2: source-specific facts (milestone progress, run outcome, tag) and the last state an agent's own
  // hooks asserted, which liveness weighs against newer transcript activity.
  `
  ALTER TABLE agents ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE agents ADD COLUMN hook_state TEXT;
  ALTER TABLE agents ADD COLUMN hook_reason TEXT;
  ALTER TABLE agents ADD COLUMN hook_at INTEGER;
  `,
  // 3: cost. Each deduplicated usage record is priced as it lands; sums per 15-minute bucket, agent and
  // model are kept current in the same transaction, so stats never re-aggregate the history (every real
  // time zone offset is a multiple of 15 minutes, so local days are exact unions of buckets). Tool calls
  // gain what latency stats need. `meta` remembers which price table the stored costs came from.
  `
  ALTER TABLE usage ADD COLUMN cost_usd REAL;
  CREATE INDEX usage_by_ts ON usage(ts);
  ALTER TABLE agents ADD COLUMN cost_usd REAL NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN unpriced_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN unpriced_models TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE agents ADD COLUMN n_placeholder INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE usage_rollup (
    bucket INTEGER NOT NULL,
    agent_key INTEGER NOT NULL,
    model TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    unpriced_requests INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, agent_key, model)
  ) WITHOUT ROWID;
  ALTER TABLE tool_calls ADD COLUMN permission_requested_at INTEGER;
  ALTER TABLE tool_calls ADD COLUMN interrupted INTEGER;
  ALTER TABLE tool_calls ADD COLUMN duration_source TEXT;
  CREATE INDEX tool_calls_by_start ON tool_calls(started_at);
  CREATE INDEX tool_calls_by_agent ON tool_calls(agent_key, started_at);
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 4: live stats count the events of a window (`GET /api/live/stats` totals.events). Ids follow insert
  // order, not time (a cold index inserts last month's events last), so only an index on ts makes
  // that count a range scan instead of a pass over every event.
  `
  CREATE INDEX events_by_ts ON events(ts);
  `,
  // 5: Codex (adapters/codex): reasoning output kept apart from the output it is part of, per usage record and
  // per agent, to be shown on its own. Rate limits live in agents.meta (JSON), so they need no column.
  `
  ALTER TABLE usage ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: OpenTelemetry (src/engine/otel, docs/remote.md): every agent carries the machine it runs on (rows from
  // before are this machine's; the store fills them in at open). A request's own cost figure (`cost_usd`)
  // is kept on its usage row and summed per agent next to the estimate it replaces; usage rows are found
  // by request id to count a request once across transcript and telemetry; cumulative metric series
  // remember where they stood.
  `
  ALTER TABLE agents ADD COLUMN host TEXT;
  ALTER TABLE agents ADD COLUMN reported_cost_usd REAL NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN reported_estimate_usd REAL NOT NULL DEFAULT 0;
  ALTER TABLE agents ADD COLUMN n_reported INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE usage ADD COLUMN reported_cost_usd REAL;
  CREATE INDEX usage_by_request ON usage(request_id) WHERE request_id != '';
  CREATE TABLE otel_series (
    series TEXT PRIMARY KEY,
    start_ns TEXT NOT NULL,
    time_ns TEXT NOT NULL,
    value REAL NOT NULL
  ) WITHOUT ROWID;
  `,
  // 7: a file moved to another path (Codex archives a rollout into archived_sessions/) is found by
  // its inode, so its row moves with it instead of the file being read again from 0.
  `
  CREATE INDEX files_by_ino ON files(ino) WHERE ino IS NOT NULL;
  `,
];

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The store was written by a newer Lantern (schema ${current}, this build knows ${MIGRATIONS.length}). Upgrade Lantern or use another --data-dir.`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
