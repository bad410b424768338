/**
 * Pricing contract: the store prices each deduplicated usage record as it lands, through this
 * interface, and keeps the sums current. USD per million tokens.
 */

/** Rates that replace the base ones for a whole request whose prompt exceeds `threshold` tokens. */
export interface LongContextPrice {
  threshold: number;
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
}

export interface ModelPrice {
  input: number;
  output: number;
  /** 5-minute cache write (1.25x input for Anthropic; 0 where the provider bills no writes). */
  cacheWrite5m: number;
  /** 1-hour cache write (2x input for Anthropic). */
  cacheWrite1h: number;
  cacheRead: number;
  /** Rates for a request whose prompt exceeds `threshold` tokens (long context), where the model has them. */
  longContext?: LongContextPrice;
  /** Multiplier for `speed: "fast"` requests (Claude fast mode, GPT priority speed), where the model has one. */
  fastMultiplier?: number;
  /** Multiplier for regional (not global) Bedrock endpoints: `us.anthropic.…`, `eu.anthropic.…`. */
  regionalMultiplier?: number;
}

/** The token counts of one API request, as the usage table keeps them. */
export interface PricedTokens {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Split of cache creation; `cache5mTokens + cache1hTokens` = cache creation tokens. */
  cache5mTokens: number;
  cache1hTokens: number;
  cacheReadTokens: number;
  /** `usage.speed` when the agent recorded it; `"fast"` applies the model's fast multiplier. */
  speed?: string | null;
}

export interface ResolvedPrice {
  /** The table id the model resolved to (e.g. `claude-sonnet-4-5` for `claude-sonnet-4-5-20250929`). */
  id: string;
  /** The rates to apply, the regional multiplier already folded in. */
  price: ModelPrice;
  /** True when the id named a regional Bedrock endpoint and the model carries a regional premium. */
  regional: boolean;
}

export interface PricingDescription {
  tableDate: string;
  /** The override file that was merged, or null when none was given, found or usable. */
  overrides: string | null;
  /** Number of model ids in the merged table. */
  models: number;
  /** Problems with the override file, one sentence each, naming the file; the caller logs them. */
  warnings: string[];
}

export interface Pricing {
  /** Cost of one request in USD, or null when the model is not in the table (unpriced, never $0). */
  cost(t: PricedTokens): number | null;
  /** The table entry a model id resolves to (date suffixes and provider prefixes tolerated). */
  resolve(model: string): ResolvedPrice | null;
  /** Where the prices come from: the bundled table's date, and the override file when one was loaded. */
  describe(): PricingDescription;
}
