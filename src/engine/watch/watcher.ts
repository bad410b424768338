/**
 * Live change notifications for transcript files, over chokidar 4. The caller scans first (`scanTree`) and reads
 * by offset on each event; this module only says "look at this path now". Bursts are not coalesced here: the
 * ingest loop does that, since it knows what is already queued.
 */
import { existsSync, type Stats } from 'node:fs';
import { watch, type ChokidarOptions, type FSWatcher } from 'chokidar';

export type WatchEventKind = 'add' | 'change' | 'unlink';

export interface WatcherOptions {
  /** Directories to watch recursively. One that does not exist is skipped and reported through `onError`. */
  roots: string[];
  /** Which files matter. Directories are always descended into, so new project folders are seen live. Paths
   * reach it as chokidar normalises them (forward slashes on Windows). */
  accept: (path: string) => boolean;
  /** Poll with stat instead of OS events: needed on network filesystems (NFS, SMB, some container mounts). */
  usePolling?: boolean;
  /** Poll interval in ms (default 1000). */
  pollIntervalMs?: number;
  /** Directory levels below each root to watch (chokidar's `depth`); default unlimited. */
  depth?: number;
  onChange: (path: string, kind: WatchEventKind) => void;
  onError: (err: Error) => void;
  /** Called once the initial watch set is in place. */
  onReady?: () => void;
}

export interface Watcher {
  /** Resolves once the initial watch set is in place (events for changes before that may be missed). */
  ready: Promise<void>;
  /** Watches one more root (e.g. one that did not exist at start); reports and skips it if still missing. */
  add(root: string): void;
  close(): Promise<void>;
}

const DEFAULT_POLL_INTERVAL_MS = 1000;
/** Longer than chokidar's 5 ms change throttle, short enough to stay well inside the latency budget. */
const TRAILING_EDGE_MS = 25;

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function createWatcher(opts: WatcherOptions): Watcher {
  const { accept, onChange, onError } = opts;
  const interval = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;

  const existing = (root: string): boolean => {
    if (existsSync(root)) return true;
    onError(new Error(`watch root does not exist (skipped until added again): ${root}`));
    return false;
  };
  const roots = opts.roots.filter(existing);

  const options: ChokidarOptions = {
    // The caller has just scanned; replaying every existing file as `add` would only duplicate that work.
    ignoreInitial: true,
    // No `awaitWriteFinish`. Its own doc: it "will poll file size, holding its add and change events until the
    // size does not change for a configurable amount of time" (2 s by default) and "should be relatively high,
    // making file watching much less responsive". These are append-only logs read by byte offset up to the last
    // complete line, so a half-written line is harmless (it is read on the next event), while holding events back
    // would delay exactly the moments that matter (an agent blocking) and starve a file that is written
    // continuously, whose size never stays still.
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
    usePolling: opts.usePolling ?? false,
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
  // chokidar drops a file's change events that come within 5 ms of the previous one and sends no trailing
  // event (handler.js `_throttle(THROTTLE_MODE_WATCH, file, 5)`), so the second of two quick appends would
  // wait for the next write. We add the trailing edge: every add/change (re)arms a short per-file timer that
  // reports the file once more. A dropped event always lies within 5 ms after a delivered one, which the
  // timer outlasts. The extra report costs the caller one stat when nothing changed.
  let closed = false;
  const trailing = new Map<string, NodeJS.Timeout>();
  const armTrailing = (path: string) => {
    clearTimeout(trailing.get(path));
    const t = setTimeout(() => {
      trailing.delete(path);
      if (!closed) emit('change')(path);
    }, TRAILING_EDGE_MS);
    t.unref();
    trailing.set(path, t);
  };
  fsw.on('add', (path: string) => {
    emit('add')(path);
    armTrailing(path);
  });
  fsw.on('change', (path: string) => {
    emit('change')(path);
    armTrailing(path);
  });
  fsw.on('unlink', (path: string) => {
    clearTimeout(trailing.get(path));
    trailing.delete(path);
    emit('unlink')(path);
  });
  fsw.on('error', (err: unknown) => onError(toError(err)));

  let settle = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const markReady = () => {
    if (closed) return;
    opts.onReady?.();
    settle();
  };
  // With no root to watch chokidar never becomes ready; there is nothing to wait for.
  if (roots.length === 0) queueMicrotask(markReady);
  else fsw.once('ready', markReady);

  return {
    ready,
    add(root: string) {
      if (!closed && existing(root)) fsw.add(root);
    },
    async close() {
      closed = true;
      for (const t of trailing.values()) clearTimeout(t);
      trailing.clear();
      settle(); // nobody waits forever on a watcher closed before it was ready
      await fsw.close();
    },
  };
}
