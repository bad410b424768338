/**
 * Token usage as Claude Code writes it on assistant records (FORMATS.md §1.6): the same usage
 * repeated on every content-block record of one API response, cache creation split into the 5m
 * and 1h buckets, and (in 2.0.x–2.1.5x) the message_start placeholder for output_tokens on all
 * but the last block, or on all of them for about a third of messages.
 */
import type { Rng } from './prng';

export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
}

export type CacheMode = '1h' | '5m' | 'mixed';

export interface WireUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: string;
  inference_geo?: string;
}

export const zeroTotals = (): UsageTotals => ({ inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 });

export function addUsage(into: UsageTotals, u: WireUsage): void {
  into.inputTokens += u.input_tokens;
  into.outputTokens += u.output_tokens;
  into.cacheCreationTokens += u.cache_creation_input_tokens;
  into.cacheReadTokens += u.cache_read_input_tokens;
}

export const usageTotal = (u: WireUsage): number =>
  u.input_tokens + u.output_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;

/** The running context of one conversation, so cache reads grow the way they do in real sessions. */
export interface ContextMeter {
  context: number;
  pendingBytes: number;
  cacheMode: CacheMode;
}

/** Usage of the next API request; `pendingBytes` (new content since the last one) becomes cache creation. */
export function nextUsage(rng: Rng, meter: ContextMeter, geo: boolean): { usage: WireUsage; compacted: boolean } {
  let compacted = false;
  let creation = Math.min(60_000, Math.round(meter.pendingBytes / 4) + rng.int(0, 400));
  let read = meter.context;
  if (meter.context > 170_000) {
    compacted = true;
    meter.context = rng.int(15_000, 30_000);
    creation = meter.context;
    read = 0;
  } else if (rng.chance(0.03)) {
    // cache expired: everything is written again
    creation += read;
    read = 0;
  }
  const output = rng.logUniform(20, 4000);
  meter.context += creation + output;
  meter.pendingBytes = 0;
  const h1 = meter.cacheMode === '1h' ? creation : meter.cacheMode === '5m' ? 0 : Math.round(creation * rng.next());
  const usage: WireUsage = {
    input_tokens: rng.chance(0.85) ? rng.int(1, 10) : rng.int(10, 4000),
    cache_creation_input_tokens: creation,
    cache_read_input_tokens: read,
    cache_creation: { ephemeral_5m_input_tokens: creation - h1, ephemeral_1h_input_tokens: h1 },
    output_tokens: output,
    service_tier: 'standard',
  };
  if (geo) usage.inference_geo = 'not_available';
  return { usage, compacted };
}

/** A copy with output_tokens replaced by the message_start placeholder. */
export function withPlaceholder(u: WireUsage, placeholder: number): WireUsage {
  return { ...u, cache_creation: { ...u.cache_creation }, output_tokens: placeholder };
}
