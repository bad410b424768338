/** Store options for tests: the bundled price table, no override file; temp stores cleaned up after each test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createPricing } from '../../src/engine/pricing';
import { openStore, type Store, type StoreOptions } from '../../src/engine/store/store';

export function testStoreOptions(): StoreOptions {
  return { pricing: createPricing({ overridesFile: null }), pricingSignature: 'test', hostname: 'test-host' };
}

/**
 * Stores over fresh temp dirs, closed (if the test has not) and removed after each test. Call at
 * a test file's top level: it registers the `afterEach`.
 */
export function useTempStores(prefix: string): { tmp(): string; open(dir?: string, over?: Partial<StoreOptions>): Store } {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) {
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  return {
    tmp,
    open(dir = tmp(), over = {}) {
      const s = openStore(dir, { ...testStoreOptions(), ...over });
      stores.push(s);
      return s;
    },
  };
}
