/** The contract of `createWatcher` (watcher.ts), shared by its native and polling implementations. */

export type WatchEventKind = 'add' | 'change' | 'unlink';

export interface WatcherOptions {
  /** Directories to watch recursively. One that does not exist is skipped and reported through `onError`. */
  roots: string[];
  /** Which files matter. Directories are always descended into, so new project folders are seen live. Natively,
   * paths are built with `path.join` from the root, as `scanTree` builds them; in polling mode they reach it as
   * chokidar normalises them. */
  accept: (path: string) => boolean;
  /** Poll with stat instead of OS events: needed on network filesystems (NFS, SMB, some container mounts). */
  usePolling?: boolean;
  /** Poll interval in ms (default 1000). */
  pollIntervalMs?: number;
  /** Directory levels below each root to watch (as `scanTree`'s `maxDepth`, chokidar's `depth`); default unlimited. */
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

export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** The message for a root that is not there (reported once per `createWatcher` or `add` call). */
export function missingRoot(root: string): Error {
  return new Error(`watch root does not exist (skipped until added again): ${root}`);
}
