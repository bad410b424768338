/**
 * A fingerprint of everything that decides a stored cost: the bundled table, the matching rules and the
 * override file in force. The store keeps it; when it differs at start-up, stored costs are priced again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { BUNDLED_PRICES, PRICE_TABLE_DATE } from './price-table';
import { RESOLVER_VERSION } from './resolve';
import type { Pricing } from './types';

export function pricingSignature(pricing: Pricing, overridesFile: string | null): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ date: PRICE_TABLE_DATE, resolver: RESOLVER_VERSION, table: BUNDLED_PRICES }));
  // Only an override file that was actually merged counts: a malformed one leaves the bundled prices in force.
  const merged = pricing.describe().overrides;
  if (merged && overridesFile) {
    try {
      hash.update(fs.readFileSync(merged));
    } catch {
      hash.update('unreadable');
    }
  }
  return `${PRICE_TABLE_DATE}:${hash.digest('hex').slice(0, 16)}`;
}
