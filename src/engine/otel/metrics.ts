/**
 * Claude Code's usage metrics (FORMATS.md §3) → usage of the agent `claude:<session.id>`:
 * `claude_code.token.usage` (tokens; attribute `type` input | output | cacheRead | cacheCreation) and
 * `claude_code.cost.usage` (USD), both per session and model.
 *
 * - Delta temporality (Claude Code's default): each point is the increment since the previous export.
 * - Cumulative temporality: each point is the total since its series started (`startTimeUnixNano`); the
 *   increment is the difference to the series' previous point, kept in `otel_series` across restarts. A
 *   new start time (the process restarted) or a smaller value starts the series over; a point not newer
 *   than the last one seen (an exporter's retry) adds nothing.
 * The increments of one session, model and instant become one usage record keyed `otel:m:…` (a resent
 * delta export maps to the same key), counted only for a session that has neither transcript usage nor
 * `api_request` logs (store/usage-merge.ts): the metrics repeat what those say, request by request.
 */
import { createHash } from 'node:crypto';
import { id, text } from './attr';
import type { Origin, TelemetryBatch } from './batch';
import type { Attrs, DataPointIn } from './otlp-json';
import { TELEMETRY_KEY } from '../store/usage-merge';
import type { SeriesPosition } from '../store/types';

export const TOKEN_METRIC = 'claude_code.token.usage';
export const COST_METRIC = 'claude_code.cost.usage';

const TOKEN_TYPES = { input: 'inputTokens', output: 'outputTokens', cacheRead: 'cacheReadTokens', cacheCreation: 'cacheCreationTokens' } as const;
type TokenField = (typeof TOKEN_TYPES)[keyof typeof TOKEN_TYPES];

interface Group {
  agentId: string;
  session: string;
  model: string;
  ts: number;
  origin: Origin;
  tokens: Record<TokenField, number>;
  cost: number;
}

const sorted = (a: Attrs) => Object.keys(a).sort().map((k) => [k, a[k]]);

/** A series is its metric, resource and point attributes (the OpenTelemetry data model's identity). */
export function seriesKey(p: DataPointIn): string {
  return createHash('sha256').update(JSON.stringify([p.metric, p.scope, sorted(p.resource), sorted(p.attrs)])).digest('base64url');
}

export function claudeMetrics(b: TelemetryBatch, points: DataPointIn[], originOf: (resource: Attrs) => Origin): void {
  const ours = points.filter((p) => p.metric === TOKEN_METRIC || p.metric === COST_METRIC);
  b.ignored += points.length - ours.length;
  const cumulative = ours.filter((p) => p.temporality === 'cumulative');
  const keys = new Map(cumulative.map((p) => [p, seriesKey(p)]));
  // Positions as stored, moved along as this batch's points are read (a batch may carry several per series).
  const positions = b.view.seriesPositions([...keys.values()]);
  const moved = new Map<string, SeriesPosition>();
  const groups = new Map<string, Group>();

  // Oldest first, so a batch holding several points of one cumulative series takes their differences in order.
  ours.sort((x, y) => (x.timeMs ?? 0) - (y.timeMs ?? 0));
  for (const p of ours) {
    const session = id(p.attrs, 'session.id') ?? id(p.resource, 'session.id');
    if (!session) {
      b.reject(`a ${p.metric} point without session.id (set OTEL_METRICS_INCLUDE_SESSION_ID=true)`);
      continue;
    }
    const type = p.metric === TOKEN_METRIC ? text(p.attrs, 'type') : undefined;
    if (p.metric === TOKEN_METRIC && (type === undefined || !(type in TOKEN_TYPES))) {
      b.ignored++;
      continue;
    }
    let increment: number;
    if (p.temporality === 'delta') {
      increment = p.value;
    } else if (p.temporality === 'cumulative') {
      if (p.timeNs === null) {
        b.reject(`a cumulative ${p.metric} point without timeUnixNano`);
        continue;
      }
      const key = keys.get(p)!;
      const start = p.startNs ?? '0';
      const prev = moved.get(key) ?? positions.get(key);
      if (prev && prev.startNs === start && BigInt(p.timeNs) <= BigInt(prev.timeNs)) {
        b.accepted++; // already counted
        continue;
      }
      const sameRun = prev !== undefined && prev.startNs === start && p.value >= prev.value;
      increment = sameRun ? p.value - prev.value : p.value;
      const pos = { series: key, startNs: start, timeNs: p.timeNs, value: p.value };
      moved.set(key, pos);
    } else {
      b.reject(`a ${p.metric} point that is not a delta or cumulative sum`);
      continue;
    }
    b.accepted++;
    if (!(increment > 0)) continue;
    const model = text(p.attrs, 'model') ?? 'unknown';
    const ts = b.ts(p.timeMs);
    const agentId = `claude:${session}`;
    const groupKey = `${TELEMETRY_KEY.metric}${agentId}:${model}:${p.timeNs ?? ts}`;
    let g = groups.get(groupKey);
    if (!g) {
      g = { agentId, session, model, ts, origin: originOf(p.resource), tokens: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 }, cost: 0 };
      groups.set(groupKey, g);
    }
    if (type !== undefined) g.tokens[TOKEN_TYPES[type as keyof typeof TOKEN_TYPES]] += Math.round(increment);
    else g.cost += increment;
  }

  for (const [key, g] of groups) {
    const patch = b.agent(g.agentId, 'claude', g.session, g.origin);
    b.model(patch, g.model);
    b.usage({
      key,
      telemetry: 'metric',
      agentId: g.agentId,
      messageId: '',
      requestId: '',
      model: g.model,
      ts: g.ts,
      ...g.tokens,
      cache5mTokens: g.tokens.cacheCreationTokens,
      cache1hTokens: 0,
      placeholderOutput: false,
      ...(g.cost > 0 ? { reportedCostUsd: g.cost } : {}),
    });
  }
  b.series.push(...moved.values());
}
