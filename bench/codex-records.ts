/**
 * The state of one Codex rollout being generated and the lines every part of it writes: the
 * `{"timestamp","type","payload"}` envelope, and the model requests whose usage goes into
 * `event_msg/token_count` (cumulative `total_token_usage`, the request's `last_token_usage`).
 */
import { iso } from './conversation';
import type { Rng } from './prng';
import type { TextPool } from './text-pool';
import type { UsageTotals } from './usage-model';

export type Rec = Record<string, unknown>;

export interface CodexTokenUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

/** 0.4x–0.5x call `shell` (argv array, JSON-string output); 0.6x+ call `shell_command` (plain text). */
export type Family = 'shell' | 'shell_command';

export const CONTEXT_WINDOW = 258_400;

export interface Rollout {
  rng: Rng;
  pool: TextPool;
  family: Family;
  cwd: string;
  model: string;
  effort: string;
  t: number;
  turnId: string;
  lines: string[];
  chars: number;
  target: number;
  context: number;
  /** Characters added since the last request (prompts, tool output the model sees). */
  pending: number;
  total: CodexTokenUsage;
  last: CodexTokenUsage | null;
  requests: number;
  used5h: number;
  used7d: number;
  startSec: number;
  prompts: string[];
}

export const zeroUsage = (): CodexTokenUsage => ({ input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 });

/** Lantern's four counters for a Codex total, as ccusage reads them: input without the cached part. */
export function codexUsageTotals(u: CodexTokenUsage): UsageTotals {
  return { inputTokens: u.input_tokens - u.cached_input_tokens, outputTokens: u.output_tokens, cacheCreationTokens: 0, cacheReadTokens: u.cached_input_tokens };
}

/** A UUIDv7 (what Codex ≥ 0.4x uses for thread ids): the creation time in the first 48 bits. */
export function uuidV7(rng: Rng, ms: number): string {
  const ts = Math.floor(ms).toString(16).padStart(12, '0');
  const h = rng.hex(18);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${h.slice(0, 3)}-${'89ab'[rng.int(0, 3)]}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

/**
 * `sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl`, or flat in `archived_sessions/` once
 * archived. Codex names by local time; the generator's local time is UTC.
 */
export function rolloutPath(startMs: number, threadId: string, archived = false): string {
  const s = iso(startMs);
  const [y, m, d] = [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10)];
  const name = `rollout-${s.slice(0, 10)}T${s.slice(11, 19).replace(/:/g, '-')}-${threadId}.jsonl`;
  return archived ? `archived_sessions/${name}` : `sessions/${y}/${m}/${d}/${name}`;
}

export function tick(r: Rollout, minMs: number, maxMs: number): void {
  r.t += r.rng.int(minMs, maxMs);
}

export function line(r: Rollout, type: string, payload: Rec): void {
  const text = JSON.stringify({ timestamp: iso(r.t), type, payload });
  r.lines.push(text);
  r.chars += text.length + 1;
}

export const event = (r: Rollout, payload: Rec): void => line(r, 'event_msg', payload);
export const item = (r: Rollout, payload: Rec): void => line(r, 'response_item', payload);

function rateLimits(r: Rollout): Rec {
  const now = Math.floor(r.t / 1000);
  const reset = (windowSec: number) => r.startSec + windowSec * Math.ceil((now - r.startSec + 1) / windowSec);
  return {
    primary: { used_percent: Math.round(r.used5h * 10) / 10, window_minutes: 300, resets_at: reset(300 * 60) },
    secondary: { used_percent: Math.round(r.used7d * 10) / 10, window_minutes: 10_080, resets_at: reset(10_080 * 60) },
    credits: null,
    plan_type: 'plus',
  };
}

export function tokenCount(r: Rollout): void {
  const info = r.last ? { total_token_usage: { ...r.total }, last_token_usage: { ...r.last }, model_context_window: CONTEXT_WINDOW } : null;
  event(r, { type: 'token_count', info, rate_limits: rateLimits(r) });
}

/** One model request: the prompt is the whole context, most of it a cache hit; then its token_count. */
export function request(r: Rollout, outputMax = 3000): void {
  const { rng } = r;
  const input = r.context + Math.round(r.pending / 4) + rng.int(0, 200);
  const cached = rng.chance(0.92) ? Math.min(input, Math.floor(r.context / 128) * 128) : 0;
  const output = rng.logUniform(15, outputMax);
  const reasoning = r.effort === 'minimal' ? 0 : Math.floor(output * rng.next() * 0.85);
  const last: CodexTokenUsage = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output };
  for (const k of Object.keys(last) as Array<keyof CodexTokenUsage>) r.total[k] += last[k];
  r.last = last;
  r.requests++;
  r.context = input + output;
  r.pending = 0;
  r.used5h = Math.min(100, r.used5h + rng.next() * 0.4);
  r.used7d = Math.min(100, r.used7d + rng.next() * 0.06);
  tick(r, 400, 20_000);
  tokenCount(r);
}
