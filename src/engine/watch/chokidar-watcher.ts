/**
 * Polling mode of `createWatcher`, over chokidar 4: stat polling is what network filesystems (NFS, SMB, some
 * container mounts) need, where OS change events do not arrive. Native watching is dir-watcher.ts.
 *
 * chokidar drops a file's `change` events within 50 ms of the previous one with no trailing event
 * (node_modules/chokidar/esm/index.js:501) and, natively, within 5 ms (esm/handler.js:350). Neither matters when
 * polling: a change is seen at most once per poll, and polls are `interval` apart, which we keep at 100 ms or
 * more so that timer jitter cannot bring two polls' reports within the 50 ms window (at the 1000 ms default
 * this is far from happening).
 */
import { existsSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';
import { missingRoot, toError, type Watcher, type WatcherOptions, type WatchEventKind } from './watcher-types';

const DEFAULT_POLL_INTERVAL_MS = 1000;
/** Twice chokidar's 50 ms change throttle (see above). */
const MIN_POLL_INTERVAL_MS = 100;

/**
 * chokidar says `ready` once it has called `fs.watchFile` for everything, but each watchFile takes its baseline
 * with a first stat on the thread pool, and a change made before that stat is never reported (a directory made
 * right after `ready` was missed in about half of the runs). Stats queued now run after those first stats (the
 * pool takes requests in order), so when one per pool thread has completed, the baselines are (nearly all) in.
 */
function baselineTaken(path: string): Promise<void> {
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Promise.all(Array.from({ length: threads }, () => stat(path).catch(() => undefined))).then(() => undefined);
}

export function createPollingWatcher(opts: WatcherOptions): Watcher {
  const { accept, onChange, onError } = opts;
  const interval = Math.max(opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, MIN_POLL_INTERVAL_MS);

  const existing = (root: string): boolean => {
    if (existsSync(root)) return true;
    onError(missingRoot(root));
    return false;
  };
  const roots = opts.roots.filter(existing);

  const options: ChokidarOptions = {
    // The caller has just scanned; replaying every existing file as `add` would only duplicate that work.
    ignoreInitial: true,
    // No `awaitWriteFinish`. Its own doc: it "will poll file size, holding its add and change events until the
    // size does not change for a configurable amount of time" (2 s by default). These are append-only logs read
    // by byte offset up to the last complete line, so a half-written line is harmless (it is read on the next
    // event), while holding events back would delay exactly the moments that matter (an agent blocking) and
    // starve a file that is written continuously, whose size never stays still.
    awaitWriteFinish: false,
    // Keep directories (new project and session folders must be picked up live); keep files only when accepted.
    // chokidar calls this once with the path alone, then again with lstat-style stats: without stats we cannot
    // tell a directory from a file, so only the accepted fast path decides early. A symlinked directory fails
    // `isDirectory()` here and is not followed, as in `scanTree` (no cycles).
    ignored: (path: string, stats?: Stats) => {
      if (accept(path)) return false;
      return stats !== undefined && !stats.isDirectory();
    },
    alwaysStat: false,
    usePolling: true,
    interval,
    binaryInterval: interval,
    persistent: true,
  };
  if (opts.depth !== undefined) options.depth = opts.depth;

  const fsw: FSWatcher = watch(roots, options);
  const emit = (kind: WatchEventKind) => (path: string) => {
    try {
      onChange(path, kind);
    } catch (err) {
      onError(toError(err)); // a throwing consumer must not break chokidar's event dispatch
    }
  };
  fsw.on('add', emit('add'));
  fsw.on('change', emit('change'));
  fsw.on('unlink', emit('unlink'));
  fsw.on('error', (err: unknown) => onError(toError(err)));

  let closed = false;
  let settle = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const markReady = () => {
    if (closed) return;
    opts.onReady?.();
    settle();
  };
  // With no root to watch chokidar never becomes ready; there is nothing to wait for.
  if (roots.length === 0) queueMicrotask(markReady);
  else fsw.once('ready', () => void baselineTaken(roots[0]).then(markReady));

  return {
    ready,
    add(root: string) {
      if (!closed && existing(root)) fsw.add(root);
    },
    async close() {
      closed = true;
      settle(); // nobody waits forever on a watcher closed before it was ready
      await fsw.close();
    },
  };
}
