/**
 * The cost of one API request. Same per-token formula as ccusage, with one deliberate difference: above a
 * model's long-context threshold the WHOLE request is billed at the long-context rates, as Anthropic (and
 * OpenAI, Google) bill it, where ccusage tiers each token type separately at 200k (docs/pricing.md).
 *
 * Codex and Gemini records arrive split the way ccusage reports them (input without the cached part,
 * cached as cache reads, output including reasoning/thoughts), so one formula serves every agent.
 */
import { loadOverrides } from './overrides';
import { BUNDLED_PRICES, PRICE_TABLE_DATE } from './price-table';
import { resolveModel, sortIdsForPrefixMatch } from './resolve';
import type { ModelPrice, PricedTokens, Pricing, PricingDescription } from './types';

export interface PricingOptions {
  /** `<data dir>/prices.json`; absent or null → the bundled table alone. */
  overridesFile?: string | null;
}

/** Token counts are counts: anything that is not a finite non-negative number counts as 0. */
function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Cost in USD of one request at the given (already resolved) price. */
export function requestCost(price: ModelPrice, t: PricedTokens): number {
  const input = count(t.inputTokens);
  const output = count(t.outputTokens);
  const cache5m = count(t.cache5mTokens);
  const cache1h = count(t.cache1hTokens);
  const cacheRead = count(t.cacheReadTokens);
  const prompt = input + cache5m + cache1h + cacheRead;
  const lc = price.longContext;
  const rates = lc && prompt > lc.threshold ? lc : price;
  const usd = (input * rates.input + output * rates.output + cache5m * rates.cacheWrite5m + cache1h * rates.cacheWrite1h + cacheRead * rates.cacheRead) / 1e6;
  const fast = t.speed === 'fast' && price.fastMultiplier ? price.fastMultiplier : 1;
  return usd * fast;
}

export function createPricing(options: PricingOptions = {}): Pricing {
  const table: Record<string, ModelPrice> = { ...BUNDLED_PRICES };
  const warnings: string[] = [];
  let overrides: string | null = null;
  const file = options.overridesFile ?? null;
  if (file) {
    const loaded = loadOverrides(file);
    if (loaded.status === 'loaded') {
      Object.assign(table, loaded.models);
      overrides = file;
    } else if (loaded.status === 'invalid') {
      warnings.push(loaded.warning);
    }
  }
  const sortedIds = sortIdsForPrefixMatch(Object.keys(table));
  // The store prices every record through here; the same few ids recur, so remember each answer.
  const memo = new Map<string, ReturnType<Pricing['resolve']>>();

  const resolve: Pricing['resolve'] = (model) => {
    const key = typeof model === 'string' ? model : '';
    let hit = memo.get(key);
    if (hit === undefined && !memo.has(key)) {
      hit = resolveModel(key, table, sortedIds);
      if (memo.size < 10_000) memo.set(key, hit);
    }
    return hit ?? null;
  };

  const description: PricingDescription = { tableDate: PRICE_TABLE_DATE, overrides, models: Object.keys(table).length, warnings };

  return {
    resolve,
    cost(t) {
      const resolved = resolve(t.model);
      return resolved ? requestCost(resolved.price, t) : null;
    },
    describe: () => ({ ...description, warnings: [...warnings] }),
  };
}
