/**
 * The store: one SQLite file (WAL) holding agents, events, deduplicated usage, tool calls and the
 * read position of every tailed file. A batch of parsed lines and the file offset after them are
 * committed in one transaction, so a SIGKILL at any point loses nothing and duplicates nothing.
 * Agents are mirrored in memory (thousands at most) and written back when a commit changes them.
 */
import type { LanternEvent } from '../../shared/events';
import type { NewEvent, ParseOutput, UsageRecord } from '../adapters/types';
import { AGENT_COLUMNS, applyPatch, newAgentRow, rowFromDb, rowToDb, sourceFromId, toSummary as rowSummary, type AgentRow } from './agent-rows';
import { createEventsRepo, toEvent } from './events-repo';
import { createFilesRepo } from './files-repo';
import { openDatabase } from './open-db';
import { createToolsRepo, type DurationSource } from './tools-repo';
import type { CommitResult, FileCommit, Store, TelemetryCommit } from './types';
import { createUsageRepo, type StoredUsage } from './usage-repo';
import { createUsageMerge } from './usage-merge';
import { createSeriesRepo } from './otel-series-repo';
import { createRollupRepo } from './rollup-repo';
import { repriceIfNeeded } from './reprice';
import type { Pricing } from '../pricing/types';

/** One usage record's share of an agent's totals and of the rollup. */
type UsageShare = Pick<UsageRecord, 'model' | 'ts' | 'inputTokens' | 'outputTokens' | 'cacheCreationTokens' | 'cacheReadTokens' | 'reasoningTokens'> & {
  cost: number | null;
  placeholder: boolean;
  /** The agent's own figure for the request (OpenTelemetry `cost_usd`), or null. */
  reported: number | null;
};

const storedShare = (s: StoredUsage): UsageShare => ({
  model: s.model,
  ts: s.ts,
  inputTokens: s.input_tokens,
  outputTokens: s.output_tokens,
  cacheCreationTokens: s.cache_creation_tokens,
  cacheReadTokens: s.cache_read_tokens,
  cost: s.cost_usd,
  placeholder: s.placeholder_output === 1,
  reported: s.reported_cost_usd,
  reasoningTokens: s.reasoning_tokens,
});

export type { CommitResult, FileCommit, FileRecord, SeriesPosition, Store, TelemetryCommit, ToolCallRecord, ToolTiming } from './types';

export interface StoreOptions {
  pricing: Pricing;
  /** Identifies the price table and overrides; stored costs are recomputed when it changes. */
  pricingSignature: string;
  /** This machine's name, carried by every agent summary (`AgentSummary.host`). */
  hostname: string;
  /** better-sqlite3's compiled module to load (default: its own build); see `EngineOptions.nativeBinding`. */
  nativeBinding?: string;
}

export function openStore(dataDir: string, opts: StoreOptions): Store {
  const { pricing } = opts;
  const toSummary = (row: AgentRow) => rowSummary(row, opts.hostname);
  const { db, path } = openDatabase(dataDir, opts.nativeBinding);
  // Agents stored before they carried a host were all read on this machine.
  db.prepare('UPDATE agents SET host = ? WHERE host IS NULL').run(opts.hostname);
  const rows = new Map<string, AgentRow>();
  const byKey = new Map<number, AgentRow>();
  for (const r of db.prepare('SELECT * FROM agents').all() as Record<string, unknown>[]) {
    const row = rowFromDb(r);
    rows.set(row.id, row);
    byKey.set(row.key, row);
  }
  const files = createFilesRepo(db);
  const events = createEventsRepo(db, (key) => byKey.get(key)?.id ?? '?');
  const tools = createToolsRepo(db);
  const usage = createUsageRepo(db);
  const rollup = createRollupRepo(db);
  const series = createSeriesRepo(db);
  const merge = createUsageMerge({ usage, rows, byKey, takeBack: (owner, stored) => addUsage(owner, storedShare(stored), -1), addReported });
  repriceIfNeeded(db, pricing, opts.pricingSignature, byKey);
  let eventCount = events.maxId();

  const cols = Object.values(AGENT_COLUMNS).filter((c) => c !== 'key');
  const insertAgent = db.prepare('INSERT INTO agents (id, source, host) VALUES (?, ?, ?)');
  const updateAgent = db.prepare(`UPDATE agents SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE key = @key`);

  function agentFor(id: string, dirty: Set<AgentRow>): AgentRow {
    let row = rows.get(id);
    if (!row) {
      const source = sourceFromId(id);
      const key = Number(insertAgent.run(id, source, opts.hostname).lastInsertRowid);
      row = newAgentRow(key, id, source, opts.hostname);
      rows.set(id, row);
      byKey.set(key, row);
      dirty.add(row);
    }
    return row;
  }

  function insertEvent(row: AgentRow, e: NewEvent, dirty: Set<AgentRow>): LanternEvent {
    if (e.kind === 'tool_call') {
      tools.insertCall(e.data.toolUseId, row.key, e.data.name, e.ts);
      row.nToolCalls++;
    } else if (e.kind === 'tool_result') {
      const call = tools.get(e.data.toolUseId);
      let source: DurationSource | null = e.data.durationMs !== undefined ? 'reported' : null;
      // A duration already on the row was measured by the agent (PostToolUse `duration_ms`): prefer it.
      if (call && call.duration_ms !== null) e.data.durationMs = call.duration_ms;
      if (call && call.started_at !== null && e.data.durationMs === undefined && e.ts >= call.started_at) {
        e.data.durationMs = e.ts - call.started_at;
        source = 'timestamps';
      }
      if (call && (call.ended_at === null || call.duration_ms === null)) {
        tools.end(e.data.toolUseId, { ts: e.ts, durationMs: e.data.durationMs ?? null, isError: e.data.isError, interrupted: e.data.interrupted === true, source });
      }
      if (e.data.isError) row.nToolErrors++;
    } else if (e.kind === 'unparsed') {
      row.nUnparsed++;
    }
    const id = events.insert(row.key, e.kind, e.ts, e.source, e.data);
    row.nEvents++;
    eventCount++;
    // Status events are Lantern's own observations, not agent activity: letting them move lastEventAt
    // would make liveness see every agent as just active.
    if (e.kind !== 'status' && e.ts > 0 && (row.lastEventAt === null || e.ts > row.lastEventAt)) row.lastEventAt = e.ts;
    dirty.add(row);
    return toEvent(id, row.id, e, e.data);
  }

  /**
   * Keep the largest record per key (ccusage's rule), priced as it lands, and move the owner's totals
   * and the rollup by the difference. A grown record leaves its old bucket and model and joins its new.
   */
  function applyUsage(u: UsageRecord, dirty: Set<AgentRow>): void {
    // Telemetry and transcripts of one session: each number counted once (usage-merge.ts).
    if (!merge.admit(u, dirty)) return;
    const prev = usage.get(u.key);
    const total = u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;
    if (prev && total <= prev.input_tokens + prev.output_tokens + prev.cache_creation_tokens + prev.cache_read_tokens) {
      // The same request again (an exporter's retry): only a cost figure it brings can still count.
      if (u.reportedCostUsd !== undefined) merge.attachReported({ ...prev, key: u.key }, u.reportedCostUsd, dirty);
      return;
    }
    const cost = pricing.cost(u);
    const owner = prev ? byKey.get(prev.agent_key) : agentFor(u.agentId, dirty);
    if (!owner) return;
    const reported = u.reportedCostUsd ?? prev?.reported_cost_usd ?? null;
    if (prev) {
      usage.update(u, cost, reported);
      addUsage(owner, storedShare(prev), -1);
    } else {
      usage.insert(u, owner.key, cost, reported);
    }
    addUsage(owner, { ...u, cost, placeholder: u.placeholderOutput, reported }, 1);
    merge.stored(u, owner);
    dirty.add(owner);
  }

  /** Move an agent's reported sums by one request's own figure, and the estimate it stands in for. */
  function addReported(row: AgentRow, reported: number, estimate: number | null, sign: 1 | -1): void {
    row.reportedCostUsd += sign * reported;
    row.reportedEstimateUsd += sign * (estimate ?? 0);
    row.nReported += sign;
  }

  /** Add (sign 1) or take back (sign -1) one usage record's share of an agent's totals and the rollup. */
  function addUsage(row: AgentRow, u: UsageShare, sign: 1 | -1): void {
    const tokens = u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;
    row.inputTokens += sign * u.inputTokens;
    row.outputTokens += sign * u.outputTokens;
    row.cacheCreationTokens += sign * u.cacheCreationTokens;
    row.cacheReadTokens += sign * u.cacheReadTokens;
    row.reasoningTokens += sign * (u.reasoningTokens ?? 0);
    if (u.cost === null) {
      row.unpricedTokens += sign * tokens;
      if (sign > 0 && !row.unpricedModels.includes(u.model)) row.unpricedModels = [...row.unpricedModels, u.model];
    } else {
      row.costUsd += sign * u.cost;
    }
    if (u.placeholder) row.nPlaceholder += sign;
    if (u.reported !== null) addReported(row, u.reported, u.cost, sign);
    rollup.add(u.ts, row.key, u.model, {
      requests: sign,
      inputTokens: sign * u.inputTokens,
      outputTokens: sign * u.outputTokens,
      cacheCreationTokens: sign * u.cacheCreationTokens,
      cacheReadTokens: sign * u.cacheReadTokens,
      costUsd: sign * (u.cost ?? 0),
      unpricedRequests: u.cost === null ? sign : 0,
    });
  }

  function commitBatch(output: ParseOutput, file: FileCommit | undefined, dirty = new Set<AgentRow>()): CommitResult {
    for (const patch of output.agents.values()) {
      const row = agentFor(patch.id, dirty);
      if (row.source !== patch.source) {
        row.source = patch.source;
        dirty.add(row);
      }
      if (applyPatch(row, patch)) dirty.add(row);
    }
    const committed: LanternEvent[] = [];
    for (const e of output.events) committed.push(insertEvent(agentFor(e.agentId, dirty), e, dirty));
    for (const u of output.usage) applyUsage(u, dirty);
    if (file) files.upsert(file);
    for (const row of dirty) updateAgent.run(rowToDb(row));
    return { events: committed, agents: [...dirty].map(toSummary) };
  }
  const commitTx = db.transaction((output: ParseOutput, file: FileCommit | undefined): CommitResult => commitBatch(output, file));

  // Tool timings first, like a hook that beats the transcript: a tool_result event in the same batch finds its row.
  const telemetryTx = db.transaction((b: TelemetryCommit): CommitResult => {
    const dirty = new Set<AgentRow>();
    for (const { agentId, timing } of b.timings) tools.time(agentFor(agentId, dirty).key, timing);
    const result = commitBatch(b.output, undefined, dirty);
    for (const p of b.series) series.put(p);
    return result;
  });

  const setStateTx = db.transaction((row: AgentRow, event: NewEvent & { kind: 'status' }): CommitResult => {
    row.state = event.data.state;
    row.stateReason = event.data.reason ?? null;
    const dirty = new Set<AgentRow>([row]);
    const stored = insertEvent(row, event, dirty);
    updateAgent.run(rowToDb(row));
    return { events: [stored], agents: [toSummary(row)] };
  });

  const timeToolTx = db.transaction((agentId: string, t: Parameters<Store['recordToolTiming']>[1]) => {
    const dirty = new Set<AgentRow>();
    const row = agentFor(agentId, dirty);
    tools.time(row.key, t);
    for (const r of dirty) updateAgent.run(rowToDb(r));
  });

  return {
    path,
    commit: (output, file) => commitTx(output, file),
    commitTelemetry: (batch) => telemetryTx(batch),
    seriesPositions: (keys) => series.get(keys),
    getFile: files.get,
    allFiles: files.all,
    fileIdentities: files.identities,
    setFileError: files.setError,
    markFileDeleted: files.markDeleted,
    sameInodeFiles: files.sameInode,
    moveFile(from, to) {
      files.rename(from, to);
      for (const row of rows.values()) if (row.transcript === from) row.transcript = to;
    },
    agentRows: () => [...rows.values()],
    agentRow: (id) => rows.get(id) ?? null,
    listAgents: () => [...rows.values()].sort((a, b) => (b.lastEventAt ?? 0) - (a.lastEventAt ?? 0)).map(toSummary),
    getAgent: (id) => {
      const row = rows.get(id);
      return row ? toSummary(row) : null;
    },
    setState: (id, state, reason, evidence, ts) => {
      const row = rows.get(id);
      if (!row || (row.state === state && row.stateReason === reason)) return null;
      const prev = row.state ?? undefined;
      const data = { state, ...(prev ? { prev } : {}), ...(reason ? { reason } : {}), evidence };
      return setStateTx(row, { agentId: id, kind: 'status', ts, source: 'engine', data });
    },
    getEvents: (agentId, q) => {
      const row = rows.get(agentId);
      return row ? events.page(row.key, agentId, q, row.nEvents) : null;
    },
    recordToolTiming: (agentId, t) => timeToolTx(agentId, t),
    markPermissionRequested: (agentId, toolName, at) => {
      const row = rows.get(agentId);
      if (row) tools.markPermission(row.key, toolName, at);
    },
    getToolCall: (toolUseId) => {
      const r = tools.get(toolUseId);
      if (!r) return null;
      return {
        toolUseId,
        agentId: byKey.get(r.agent_key)?.id ?? null,
        name: r.name,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        durationMs: r.duration_ms,
        isError: r.is_error === null ? null : r.is_error === 1,
        permissionRequestedAt: r.permission_requested_at,
        interrupted: r.interrupted === null ? null : r.interrupted === 1,
        durationSource: r.duration_source,
      };
    },
    eventsAfter: events.after,
    recentEvents: events.recent,
    agentIdOfKey: (key) => byKey.get(key)?.id ?? null,
    maxEventId: events.maxId,
    totals: () => {
      let unparsed = 0;
      for (const r of rows.values()) unparsed += r.nUnparsed;
      const f = files.counts();
      return { agents: rows.size, events: eventCount, unparsed, files: f.files, fileErrors: f.errors };
    },
    close: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
