/**
 * Live change notifications for transcript files. The caller scans first (`scanTree`) and reads by offset on each
 * event; this module only says "look at this path now". Bursts are not coalesced here: the ingest loop does that,
 * since it knows what is already queued.
 *
 * Natively this is our own directory watcher on `fs.watch` (dir-watcher.ts, which says why not chokidar); with
 * `usePolling` it is chokidar's stat polling (chokidar-watcher.ts).
 */
import { createPollingWatcher } from './chokidar-watcher';
import { createDirWatcher } from './dir-watcher';
import type { Watcher, WatcherOptions } from './watcher-types';

export type { Watcher, WatcherOptions, WatchEventKind } from './watcher-types';

export function createWatcher(opts: WatcherOptions): Watcher {
  return opts.usePolling ? createPollingWatcher(opts) : createDirWatcher(opts);
}
