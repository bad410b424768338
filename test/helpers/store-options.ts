/** Store options for tests: the bundled price table, no override file. */
import { createPricing } from '../../src/engine/pricing';
import type { StoreOptions } from '../../src/engine/store/store';

export function testStoreOptions(): StoreOptions {
  return { pricing: createPricing({ overridesFile: null }), pricingSignature: 'test', hostname: 'test-host' };
}
