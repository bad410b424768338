/**
 * Agents live in memory as rows mirrored from the `agents` table: there are thousands at most,
 * `GET /api/agents` and liveness read them on every call, and commits update them in place.
 */
import type { AgentSummary, AgentUsage } from '../../shared/agents';
import type { AgentSource, AgentState } from '../../shared/events';
import type { AgentMeta, AgentPatch, TurnMarker } from '../adapters/types';

export interface AgentRow {
  key: number;
  id: string;
  source: AgentSource;
  sessionId: string | null;
  parentId: string | null;
  cwd: string | null;
  title: string | null;
  titlePriority: number;
  state: AgentState | null;
  stateReason: string | null;
  marker: TurnMarker | null;
  startedAt: number | null;
  lastEventAt: number | null;
  models: string[];
  transcript: string | null;
  nEvents: number;
  nToolCalls: number;
  nToolErrors: number;
  nUnparsed: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Reasoning output, already inside outputTokens (Codex); summed like the other token counts. */
  reasoningTokens: number;
  costUsd: number;
  unpricedTokens: number;
  unpricedModels: string[];
  nPlaceholder: number;
  meta: AgentMeta;
  hookState: AgentState | null;
  hookReason: string | null;
  hookAt: number | null;
  /** The machine the agent runs on; null only for rows read before the column existed (then: this machine). */
  host: string | null;
  /** Sum of the agent's own per-request cost figures (OpenTelemetry `cost_usd`), over `nReported` requests. */
  reportedCostUsd: number;
  /** Lantern's estimate for those same requests: displayed cost = estimate − this + reportedCostUsd. */
  reportedEstimateUsd: number;
  nReported: number;
}

/** The agents table's columns in AgentRow order, for SELECT and UPDATE. */
export const AGENT_COLUMNS = {
  key: 'key',
  id: 'id',
  source: 'source',
  sessionId: 'session_id',
  parentId: 'parent_id',
  cwd: 'cwd',
  title: 'title',
  titlePriority: 'title_priority',
  state: 'state',
  stateReason: 'state_reason',
  marker: 'marker',
  startedAt: 'started_at',
  lastEventAt: 'last_event_at',
  models: 'models',
  transcript: 'transcript',
  nEvents: 'n_events',
  nToolCalls: 'n_tool_calls',
  nToolErrors: 'n_tool_errors',
  nUnparsed: 'n_unparsed',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheCreationTokens: 'cache_creation_tokens',
  cacheReadTokens: 'cache_read_tokens',
  reasoningTokens: 'reasoning_tokens',
  costUsd: 'cost_usd',
  unpricedTokens: 'unpriced_tokens',
  unpricedModels: 'unpriced_models',
  nPlaceholder: 'n_placeholder',
  meta: 'meta',
  hookState: 'hook_state',
  hookReason: 'hook_reason',
  hookAt: 'hook_at',
  host: 'host',
  reportedCostUsd: 'reported_cost_usd',
  reportedEstimateUsd: 'reported_estimate_usd',
  nReported: 'n_reported',
} as const satisfies Record<keyof AgentRow, string>;

export type AgentDbRow = { [K in keyof typeof AGENT_COLUMNS as (typeof AGENT_COLUMNS)[K]]: unknown };

export function rowFromDb(r: Record<string, unknown>): AgentRow {
  const row = {} as Record<string, unknown>;
  for (const [prop, col] of Object.entries(AGENT_COLUMNS)) row[prop] = r[col];
  row.models = JSON.parse((r.models as string) || '[]');
  row.meta = JSON.parse((r.meta as string) || '{}');
  row.unpricedModels = JSON.parse((r.unpriced_models as string) || '[]');
  return row as unknown as AgentRow;
}

/** Values for `UPDATE agents SET … WHERE key = @key`, named by column. */
export function rowToDb(row: AgentRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [prop, col] of Object.entries(AGENT_COLUMNS)) out[col] = row[prop as keyof AgentRow];
  out.models = JSON.stringify(row.models);
  out.meta = JSON.stringify(row.meta);
  out.unpriced_models = JSON.stringify(row.unpricedModels);
  return out;
}

export function newAgentRow(key: number, id: string, source: AgentSource, host: string | null = null): AgentRow {
  return {
    key,
    id,
    source,
    sessionId: null,
    parentId: null,
    cwd: null,
    title: null,
    titlePriority: -1,
    state: null,
    stateReason: null,
    marker: null,
    startedAt: null,
    lastEventAt: null,
    models: [],
    transcript: null,
    nEvents: 0,
    nToolCalls: 0,
    nToolErrors: 0,
    nUnparsed: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpricedTokens: 0,
    unpricedModels: [],
    nPlaceholder: 0,
    meta: {},
    hookState: null,
    hookReason: null,
    hookAt: null,
    host,
    reportedCostUsd: 0,
    reportedEstimateUsd: 0,
    nReported: 0,
  };
}

/** Apply an adapter's patch. Returns true when anything changed. */
export function applyPatch(row: AgentRow, p: AgentPatch): boolean {
  let changed = false;
  const set = <K extends keyof AgentRow>(k: K, v: AgentRow[K]) => {
    if (row[k] !== v) {
      row[k] = v;
      changed = true;
    }
  };
  if (p.sessionId !== undefined) set('sessionId', p.sessionId);
  if (p.parentId !== undefined) set('parentId', p.parentId);
  if (p.cwd !== undefined) set('cwd', p.cwd);
  if (p.transcript !== undefined) set('transcript', p.transcript);
  // A transcript on this machine says where the agent's files are read; telemetry names the host only of agents without one.
  if (p.host !== undefined && p.host !== '' && row.transcript === null) set('host', p.host);
  if (p.marker !== undefined) set('marker', p.marker);
  // A higher-priority title replaces a lower one; among first prompts (priority 0) the first stays.
  if (p.title && (p.title.priority > row.titlePriority || (p.title.priority === row.titlePriority && p.title.priority > 0))) {
    set('title', p.title.text);
    set('titlePriority', p.title.priority);
  }
  if (p.startedAt !== undefined && p.startedAt > 0 && (row.startedAt === null || p.startedAt < row.startedAt)) set('startedAt', p.startedAt);
  if (p.lastEventAt !== undefined && (row.lastEventAt === null || p.lastEventAt > row.lastEventAt)) set('lastEventAt', p.lastEventAt);
  if (p.hook && (row.hookAt === null || p.hook.at >= row.hookAt)) {
    set('hookState', p.hook.state);
    set('hookReason', p.hook.reason);
    set('hookAt', p.hook.at);
  }
  if (p.meta) {
    row.meta = { ...row.meta, ...p.meta };
    changed = true;
  }
  if (p.models) {
    for (const m of p.models) {
      if (!row.models.includes(m)) {
        row.models = [...row.models, m];
        changed = true;
      }
    }
  }
  return changed;
}

function agentUsage(row: AgentRow): AgentUsage {
  // Null only when there were tokens and none of them could be priced: unknown models are never $0.
  const tokens = row.inputTokens + row.outputTokens + row.cacheCreationTokens + row.cacheReadTokens;
  const costUsd = tokens > 0 && row.unpricedTokens >= tokens ? null : row.costUsd;
  // A run's own total (stream-json `total_cost_usd`) covers the whole session: it wins. Otherwise the
  // per-request figures telemetry reported replace the estimates of those requests, and the rest stay estimates.
  const outcome = row.meta.outcome?.result?.totalCostUsd ?? null;
  const perRequest = row.nReported > 0 ? row.reportedCostUsd : null;
  const reported = outcome ?? perRequest;
  const display =
    outcome ?? (perRequest !== null ? perRequest + Math.max(0, (costUsd ?? 0) - row.reportedEstimateUsd) : costUsd);
  return {
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    cacheCreationTokens: row.cacheCreationTokens,
    cacheReadTokens: row.cacheReadTokens,
    costUsd,
    reportedCostUsd: reported,
    displayCostUsd: display,
    costSource: reported !== null ? 'reported' : costUsd !== null ? 'estimate' : 'none',
    unpricedModels: row.unpricedModels,
    unpricedTokens: row.unpricedTokens,
    placeholderOutput: row.nPlaceholder > 0,
    reasoningTokens: row.reasoningTokens,
  };
}

const iso = (ms: number | null) => (ms === null || ms <= 0 ? null : new Date(ms).toISOString());

/** `host` is this machine's name, for rows stored before agents carried their own. */
export function toSummary(row: AgentRow, host: string): AgentSummary {
  return {
    id: row.id,
    source: row.source,
    sessionId: row.sessionId,
    parentId: row.parentId,
    cwd: row.cwd,
    title: row.title,
    state: row.state ?? 'idle',
    stateReason: row.stateReason,
    startedAt: iso(row.startedAt),
    lastEventAt: iso(row.lastEventAt),
    models: row.models,
    counts: { events: row.nEvents, toolCalls: row.nToolCalls, toolErrors: row.nToolErrors, unparsed: row.nUnparsed },
    usage: agentUsage(row),
    transcript: row.transcript,
    ...(row.meta.milestone ? { milestone: row.meta.milestone } : {}),
    ...(row.meta.outcome ? { outcome: row.meta.outcome } : {}),
    ...(row.meta.tag ? { tag: row.meta.tag } : {}),
    ...(row.meta.rateLimits ? { rateLimits: row.meta.rateLimits } : {}),
    host: row.host ?? host,
  };
}

/** Agent family from an id like `claude:…`, for events whose adapter sent no patch. */
export function sourceFromId(id: string): AgentSource {
  const prefix = id.slice(0, id.indexOf(':'));
  return prefix === 'codex' || prefix === 'gemini' || prefix === 'milestone' ? prefix : 'claude';
}
