/** Pricing: an offline price table, tolerant model-id matching, and the cost of one request. */
export { createPricing, requestCost } from './cost';
export type { PricingOptions } from './cost';
export { BUNDLED_PRICES, PRICE_TABLE_DATE, PRICE_TABLE_SOURCE } from './price-table';
export { cleanModelId } from './resolve';
export { pricingSignature } from './signature';
export type { LongContextPrice, ModelPrice, PricedTokens, Pricing, PricingDescription, ResolvedPrice } from './types';
