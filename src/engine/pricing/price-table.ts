/**
 * The bundled offline price table, USD per million tokens. Hand-kept (not generated): figures copied from
 * LiteLLM's `model_prices_and_context_window.json` (BerriAI/litellm @ 00035b69f416be24e2e323c13198d9b7d2d1bdf9,
 * read on PRICE_TABLE_DATE), the file ccusage compiles in. docs/pricing.md says how to refresh it.
 *
 * Ids are the bare model names; resolve.ts maps dated, prefixed and regional ids onto them.
 * OpenAI and Google bill no cache writes (cached input is only read), so their write rates are 0.
 */
import type { LongContextPrice, ModelPrice } from './types';

/** When the table was taken from LiteLLM's snapshot (the snapshot's commit is named above). */
export const PRICE_TABLE_DATE = '2026-11-21';

/** Where the figures come from, for docs and `describe()` consumers. */
export const PRICE_TABLE_SOURCE = 'LiteLLM model_prices_and_context_window.json @ 00035b69f416be24e2e323c13198d9b7d2d1bdf9';

/** AWS bills regional (`us.`/`eu.`/…) Bedrock endpoints of Claude 4.5-and-later models 10% above global ones. */
const REGIONAL = 1.1;

/** Anthropic: 5m write 1.25x, 1h write 2x, read 0.1x input; written out so sums match ccusage to the last digit. */
function claude(input: number, output: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number, extra: Partial<ModelPrice> = {}): ModelPrice {
  return { input, output, cacheWrite5m, cacheWrite1h, cacheRead, ...extra };
}

/** OpenAI / Google: input, cached input (read), output; no cache writes. */
function readOnlyCache(input: number, cacheRead: number, output: number, extra: Partial<ModelPrice> = {}): ModelPrice {
  return { input, output, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead, ...extra };
}

function longContext(threshold: number, input: number, output: number, cacheRead: number, cacheWrite5m = 0, cacheWrite1h = 0): LongContextPrice {
  return { threshold, input, output, cacheWrite5m, cacheWrite1h, cacheRead };
}

/** Sonnet 4 / 4.5 above 200k prompt tokens: LiteLLM `*_above_200k_tokens` (1h write = 2x the long-context input). */
const SONNET_4_LONG = longContext(200_000, 6, 22.5, 0.6, 7.5, 12);

export const BUNDLED_PRICES: Readonly<Record<string, ModelPrice>> = {
  // --- Anthropic (LiteLLM `claude-*` entries, litellm_provider "anthropic") ---
  'claude-fable-5': claude(10, 50, 12.5, 20, 1, { regionalMultiplier: REGIONAL }),
  'claude-sonnet-5': claude(2, 10, 2.5, 4, 0.2, { regionalMultiplier: REGIONAL }),
  'claude-opus-4-8': claude(5, 25, 6.25, 10, 0.5, { fastMultiplier: 2, regionalMultiplier: REGIONAL }),
  'claude-opus-4-7': claude(5, 25, 6.25, 10, 0.5, { fastMultiplier: 6, regionalMultiplier: REGIONAL }),
  'claude-opus-4-6': claude(5, 25, 6.25, 10, 0.5, { fastMultiplier: 6, regionalMultiplier: REGIONAL }),
  'claude-opus-4-5': claude(5, 25, 6.25, 10, 0.5, { regionalMultiplier: REGIONAL }),
  'claude-opus-4-1': claude(15, 75, 18.75, 30, 1.5),
  'claude-opus-4': claude(15, 75, 18.75, 30, 1.5),
  'claude-sonnet-4-6': claude(3, 15, 3.75, 6, 0.3, { regionalMultiplier: REGIONAL }),
  'claude-sonnet-4-5': claude(3, 15, 3.75, 6, 0.3, { longContext: SONNET_4_LONG, regionalMultiplier: REGIONAL }),
  'claude-sonnet-4': claude(3, 15, 3.75, 6, 0.3, { longContext: SONNET_4_LONG }),
  'claude-haiku-4-5': claude(1, 5, 1.25, 2, 0.1, { regionalMultiplier: REGIONAL }),
  'claude-3-7-sonnet': claude(3, 15, 3.75, 6, 0.3),
  // Not in the snapshot any more (retired); Anthropic's published price, same as 3.7 Sonnet.
  'claude-3-5-sonnet': claude(3, 15, 3.75, 6, 0.3),
  // From LiteLLM's `bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0` (the bare entry is retired); 1h = 2x input.
  'claude-3-5-haiku': claude(0.8, 4, 1, 1.6, 0.08),

  // --- OpenAI, as the Codex CLI meets them (LiteLLM entries, litellm_provider "openai") ---
  'gpt-5.5': readOnlyCache(5, 0.5, 30, { longContext: longContext(272_000, 10, 45, 1) }),
  'gpt-5.4': readOnlyCache(2.5, 0.25, 15, { longContext: longContext(272_000, 5, 22.5, 0.5), fastMultiplier: 2 }),
  'gpt-5.4-pro': readOnlyCache(30, 3, 180, { longContext: longContext(272_000, 60, 270, 6) }),
  'gpt-5.4-mini': readOnlyCache(0.75, 0.075, 4.5),
  'gpt-5.4-nano': readOnlyCache(0.2, 0.02, 1.25),
  'gpt-5.3-codex': readOnlyCache(1.75, 0.175, 14),
  'gpt-5.2': readOnlyCache(1.75, 0.175, 14),
  'gpt-5.2-codex': readOnlyCache(1.75, 0.175, 14),
  'gpt-5.1': readOnlyCache(1.25, 0.125, 10),
  'gpt-5.1-codex': readOnlyCache(1.25, 0.125, 10),
  'gpt-5.1-codex-max': readOnlyCache(1.25, 0.125, 10),
  'gpt-5.1-codex-mini': readOnlyCache(0.25, 0.025, 2),
  'gpt-5': readOnlyCache(1.25, 0.125, 10),
  'gpt-5-codex': readOnlyCache(1.25, 0.125, 10),
  'gpt-5-mini': readOnlyCache(0.25, 0.025, 2),
  'gpt-5-nano': readOnlyCache(0.05, 0.005, 0.4),
  // LiteLLM lists no cached rate for gpt-5-pro: cached tokens are billed as plain input.
  'gpt-5-pro': readOnlyCache(15, 15, 120),
  'codex-mini-latest': readOnlyCache(1.5, 0.375, 6),
  'gpt-4.1': readOnlyCache(2, 0.5, 8),
  'gpt-4.1-mini': readOnlyCache(0.4, 0.1, 1.6),
  'gpt-4.1-nano': readOnlyCache(0.1, 0.025, 0.4),
  'gpt-4o': readOnlyCache(2.5, 1.25, 10),
  // OpenAI's published o-series prices (the snapshot pages read did not reach these keys; see docs/pricing.md).
  o3: readOnlyCache(2, 0.5, 8),
  'o4-mini': readOnlyCache(1.1, 0.275, 4.4),

  // --- Google, as the Gemini CLI meets them (LiteLLM `gemini/*` entries; thoughts are billed as output) ---
  'gemini-3.5-flash': readOnlyCache(1.5, 0.15, 9),
  'gemini-3.1-pro': readOnlyCache(2, 0.2, 12, { longContext: longContext(200_000, 4, 18, 0.4) }),
  'gemini-3.1-flash-lite': readOnlyCache(0.25, 0.025, 1.5),
  'gemini-3-pro': readOnlyCache(2, 0.2, 12, { longContext: longContext(200_000, 4, 18, 0.4) }),
  'gemini-3-flash': readOnlyCache(0.5, 0.05, 3),
  'gemini-2.5-pro': readOnlyCache(1.25, 0.125, 10, { longContext: longContext(200_000, 2.5, 15, 0.25) }),
  // Cache reads at 0.03: LiteLLM `gemini/gemini-2.5-flash` `cache_read_input_token_cost` 3e-08 (0.075 is the
  // `gemini-2.5-flash-preview-09-2025` / `gemini-flash-latest` figure).
  'gemini-2.5-flash': readOnlyCache(0.3, 0.03, 2.5),
  'gemini-2.5-flash-lite': readOnlyCache(0.1, 0.01, 0.4),
};
