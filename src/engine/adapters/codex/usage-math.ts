/**
 * Token arithmetic for Codex `token_count` events, as ccusage 20.0.24 does it (checked against its
 * binary on test/fixtures/codex): the request's `last_token_usage` when present, else the delta of the
 * cumulative `total_token_usage`; an event whose total equals the previous total is a repeat (Codex
 * writes one after each tool output) and counts nothing; all-zero usage counts nothing.
 */
import type { RateLimits } from '../../../shared/agents';

/** One `*_token_usage` object. `input` includes `cached`; `output` includes `reasoning`. */
export interface RawUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  total: number;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (...vs: unknown[]): number => {
  for (const v of vs) if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  return 0;
};

/** A usage object (the raw Codex one, or our saved copy); null when `v` is not an object. */
export function readRawUsage(v: unknown): RawUsage | null {
  if (!isRec(v)) return null;
  if ('input' in v) return { input: count(v.input), cached: count(v.cached), output: count(v.output), reasoning: count(v.reasoning), total: count(v.total) };
  return {
    input: count(v.input_tokens, v.prompt_tokens),
    cached: count(v.cached_input_tokens, v.cache_read_input_tokens, v.cached_tokens),
    output: count(v.output_tokens, v.completion_tokens),
    reasoning: count(v.reasoning_output_tokens, v.reasoning_tokens),
    total: count(v.total_tokens),
  };
}

export function sameUsage(a: RawUsage, b: RawUsage): boolean {
  return a.input === b.input && a.cached === b.cached && a.output === b.output && a.reasoning === b.reasoning && a.total === b.total;
}

/** `current − previous`, each field floored at 0 (ccusage's saturating subtraction). */
export function subtractUsage(current: RawUsage, previous: RawUsage | null): RawUsage {
  const sub = (a: number, b: number | undefined) => Math.max(0, a - (b ?? 0));
  return {
    input: sub(current.input, previous?.input),
    cached: sub(current.cached, previous?.cached),
    output: sub(current.output, previous?.output),
    reasoning: sub(current.reasoning, previous?.reasoning),
    total: sub(current.total, previous?.total),
  };
}

export function isZeroUsage(u: RawUsage): boolean {
  return u.input === 0 && u.cached === 0 && u.output === 0 && u.reasoning === 0;
}

/** `model`, `model_name` or `metadata.model` of a record, trimmed; null when none is a non-empty string. */
export function modelOf(v: unknown): string | null {
  if (!isRec(v)) return null;
  for (const m of [v.model, v.model_name, isRec(v.metadata) ? v.metadata.model : undefined]) {
    if (typeof m === 'string' && m.trim()) return m.trim();
  }
  return null;
}

/** ccusage's stand-in when no turn_context named a model (it flags such usage as a fallback). */
export const FALLBACK_MODEL = 'gpt-5';

/**
 * `codex-auto-review` is a routing alias, not a priced model: ccusage prices it as the newest model
 * released by the request's date (newest first).
 */
const AUTO_REVIEW = 'codex-auto-review';
const AUTO_REVIEW_MODELS: ReadonlyArray<readonly [string, string]> = [
  ['2026-04-23', 'gpt-5.5'],
  ['2026-03-05', 'gpt-5.4'],
  ['2026-02-05', 'gpt-5.3-codex'],
  ['2025-12-11', 'gpt-5.2-codex'],
  ['2025-11-13', 'gpt-5.1-codex'],
  ['2025-09-15', 'gpt-5-codex'],
  ['2025-08-07', 'gpt-5'],
];

/** The priced model for a recorded one; null when the recorded one is priced as it is. */
export function autoReviewModel(model: string, tsText: string): string | null {
  if (model !== AUTO_REVIEW) return null;
  const date = /^\d{4}-\d{2}-\d{2}/.exec(tsText)?.[0];
  if (!date) return FALLBACK_MODEL;
  return AUTO_REVIEW_MODELS.find(([since]) => date >= since)?.[1] ?? FALLBACK_MODEL;
}

/** A timestamp as ccusage reads it: a trimmed string, or epoch seconds / milliseconds. */
export function timestampOf(v: unknown): { text: string; ms: number } | null {
  if (typeof v === 'string') {
    const text = v.trim();
    const ms = Date.parse(text);
    return text && !Number.isNaN(ms) ? { text, ms } : null;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    const ms = v > 10_000_000_000 ? v : v * 1000;
    return { text: new Date(ms).toISOString(), ms };
  }
  return null;
}

function pct(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 10) / 10 : null;
}

function windowOf(w: unknown, atMs: number): { pct: number | null; windowMin: number | null; resetsAt: string | null } | null {
  if (!isRec(w)) return null;
  const minutes = typeof w.window_minutes === 'number' && Number.isFinite(w.window_minutes) ? w.window_minutes : null;
  let resets: number | null = null;
  // `resets_at` is epoch seconds (0.4x+); older builds wrote `resets_in_seconds`, relative to the event.
  if (typeof w.resets_at === 'number' && Number.isFinite(w.resets_at)) resets = w.resets_at > 10_000_000_000 ? w.resets_at : w.resets_at * 1000;
  else if (typeof w.resets_in_seconds === 'number' && Number.isFinite(w.resets_in_seconds)) resets = atMs + w.resets_in_seconds * 1000;
  return { pct: pct(w.used_percent), windowMin: minutes, resetsAt: resets === null ? null : new Date(resets).toISOString() };
}

/** `token_count.rate_limits` → what the agent shows; null when it carries no window. */
export function readRateLimits(v: unknown, atMs: number): RateLimits | null {
  if (!isRec(v)) return null;
  const primary = windowOf(v.primary, atMs);
  const secondary = windowOf(v.secondary, atMs);
  if (!primary && !secondary) return null;
  const out: RateLimits = {
    primaryPct: primary?.pct ?? null,
    secondaryPct: secondary?.pct ?? null,
    primaryWindowMin: primary?.windowMin ?? null,
    secondaryWindowMin: secondary?.windowMin ?? null,
    primaryResetsAt: primary?.resetsAt ?? null,
    secondaryResetsAt: secondary?.resetsAt ?? null,
    at: new Date(atMs).toISOString(),
  };
  if (typeof v.plan_type === 'string' && v.plan_type) out.planType = v.plan_type;
  if (typeof v.limit_id === 'string' && v.limit_id) out.limitId = v.limit_id;
  return out;
}
