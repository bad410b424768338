/**
 * The engine's watchers: transcript roots feed the indexer, Claude Code's session registry feeds
 * liveness. Roots that do not exist yet (Claude Code installed after Lantern started, a first
 * background task) are looked for again now and then, and read in full when they appear.
 */
import fs from 'node:fs';
import type { Liveness } from '../liveness/liveness';
import type { Logger } from '../logger';
import type { Indexer } from '../pipeline/indexer';
import type { Sources } from '../sources';
import type { Store } from '../store/store';
import { createWatcher } from './watcher';

export interface EngineWatchDeps {
  sources: Sources;
  indexer: Indexer;
  liveness: Liveness;
  store: Store;
  logger: Logger;
  polling: boolean;
  rootRecheckMs: number;
}

export interface EngineWatch {
  ready: Promise<void>;
  close(): Promise<void>;
}

export function startEngineWatch(deps: EngineWatchDeps): EngineWatch {
  const { sources, indexer, liveness, store, logger } = deps;
  const files = createWatcher({
    roots: sources.fileRoots,
    accept: (p) => sources.claim(p) !== null,
    usePolling: deps.polling,
    onChange: (p, kind) => (kind === 'unlink' ? store.markFileDeleted(p) : indexer.push(p)),
    onError: (err) => logger.info('watcher', { note: err.message }),
  });
  const registry = createWatcher({
    roots: sources.registryDirs,
    accept: (p) => p.endsWith('.json'),
    usePolling: deps.polling,
    onChange: () => {
      liveness.refreshRegistry();
      liveness.evaluate();
    },
    onError: () => {}, // no sessions dir: Claude Code older than 2.1.139, or not installed
  });

  const missing = new Map<string, () => void>();
  for (const root of sources.fileRoots) {
    if (!fs.existsSync(root)) {
      missing.set(root, () => {
        files.add(root);
        indexer.addRoot(root);
      });
    }
  }
  for (const dir of sources.registryDirs) if (!fs.existsSync(dir)) missing.set(dir, () => registry.add(dir));
  let timer: NodeJS.Timeout | null = null;
  if (missing.size) {
    timer = setInterval(() => {
      for (const [root, add] of missing) {
        if (!fs.existsSync(root)) continue;
        missing.delete(root);
        add();
      }
      if (!missing.size && timer) clearInterval(timer);
    }, deps.rootRecheckMs);
    timer.unref();
  }

  return {
    ready: Promise.all([files.ready, registry.ready]).then(() => undefined),
    async close() {
      if (timer) clearInterval(timer);
      await Promise.all([files.close(), registry.close()]);
    },
  };
}
