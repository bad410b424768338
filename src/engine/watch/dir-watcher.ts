/**
 * Native watching on `node:fs` `watch`: one non-recursive handle per directory (Linux, and any platform without
 * native recursive watching), or one recursive handle per root (macOS FSEvents, Windows ReadDirectoryChangesW).
 * Every OS event is reported at once: no throttle, no `awaitWriteFinish`; the ingest queue coalesces bursts and
 * reads from a stored offset, so an extra report costs one stat.
 *
 * Why not chokidar here (chokidar 4.0.3, bench scenario d: 3000 files in 300 folders):
 * - it holds one inotify watch per FILE (3301 watches): ~650–1300 ms to ready and +35–45 MB RSS; one watch per
 *   directory is 301 watches, a few ms and under 1 MB;
 * - it drops a file's `change` events that come within 50 ms of the previous one and sends no trailing event
 *   (node_modules/chokidar/esm/index.js:501 `_throttle(EV.CHANGE, path, 50)`, and a 5 ms one at
 *   esm/handler.js:350), so an agent that writes a tool_use line and blocks on a permission prompt 30 ms later
 *   was not reported in 19 of 20 trials.
 * chokidar is still used for `usePolling` (chokidar-watcher.ts).
 *
 * fs.watch caveats (https://nodejs.org/api/fs.html#caveats): the filename may be null (we list the directory
 * again and report its files as changed); on macOS a non-recursive watch is kqueue, which does not report content
 * changes of the files in a watched directory, hence the recursive FSEvents watch there. Node 20's `recursive`
 * on Linux is emulated in JavaScript; we walk ourselves instead, which also gives `depth` and the symlink rule.
 */
import { existsSync, lstatSync, watch, type Dirent, type FSWatcher, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { missingRoot, toError, type Watcher, type WatcherOptions, type WatchEventKind } from './watcher-types';

/** FSEvents and ReadDirectoryChangesW watch a whole tree with one handle and report file-level events. */
export const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

export interface DirWatcherMode {
  /** One recursive handle per root instead of one handle per directory (default: `NATIVE_RECURSIVE`). */
  recursive: boolean;
}

interface WatchedDir {
  handle: FSWatcher;
  /** Identifies the directory: one removed and created again under the same name needs a new watch. */
  ino: number;
  depth: number;
  root: string;
}

const errno = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;
const isGone = (err: unknown): boolean => errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR';

/** Turns an error from `fs.watch` into one that says what to do about it. */
function watchError(err: unknown, dir: string): Error {
  const code = errno(err);
  if (code === 'ENOSPC') {
    return new Error(`inotify watch limit reached (fs.inotify.max_user_watches) at ${dir}; use --poll or raise the limit`);
  }
  if (code === 'EMFILE') {
    return new Error(
      `too many open files or inotify instances (ulimit -n, fs.inotify.max_user_instances) at ${dir}; use --poll or raise the limit`,
    );
  }
  if (code === 'EPERM' || code === 'EACCES') return new Error(`no permission to watch ${dir} (${code}); it is not watched`);
  return new Error(`cannot watch ${dir}: ${toError(err).message}`);
}

export function createDirWatcher(opts: WatcherOptions, mode: DirWatcherMode = { recursive: NATIVE_RECURSIVE }): Watcher {
  const { accept, onError } = opts;
  const maxDepth = opts.depth ?? Infinity;
  let closed = false;

  const emit = (path: string, kind: WatchEventKind) => {
    try {
      opts.onChange(path, kind);
    } catch (err) {
      onError(toError(err)); // a throwing consumer must not stop the other reports
    }
  };
  // Past the watch limit every further directory fails the same way: say it once, not once per directory.
  const limitsReported = new Set<string>();
  const reportWatchError = (err: unknown, dir: string) => {
    const code = errno(err) ?? '';
    if (code === 'ENOSPC' || code === 'EMFILE') {
      if (limitsReported.has(code)) return;
      limitsReported.add(code);
    }
    onError(watchError(err, dir));
  };
  const lstatOrNull = (path: string): Stats | null => {
    try {
      return lstatSync(path);
    } catch (err) {
      if (!isGone(err)) onError(toError(err));
      return null;
    }
  };
  /** Lists `dir`, reports its accepted files as `kind` (none when null) and hands each subdirectory to `onDir`. */
  const listFiles = async (
    dir: string,
    depth: number,
    kind: WatchEventKind | null,
    onDir: (sub: string, depth: number) => Promise<void>,
  ) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!isGone(err)) onError(toError(err));
      return;
    }
    if (closed) return;
    const subs: Array<Promise<void>> = [];
    for (const e of entries) {
      // Symlinked directories are not followed (as in scanTree: no cycles); symlinked files are reported.
      if (e.isDirectory()) {
        if (depth < maxDepth) subs.push(onDir(join(dir, e.name), depth + 1));
      } else if (kind !== null && (e.isFile() || e.isSymbolicLink())) {
        const path = join(dir, e.name);
        if (accept(path)) emit(path, kind);
      }
    }
    await Promise.all(subs);
  };

  const impl = mode.recursive ? recursiveWatcher() : perDirWatcher();

  /** Linux: one inotify watch per directory, added as directories appear. */
  function perDirWatcher() {
    const dirs = new Map<string, WatchedDir>();

    /** Stops watching `dir` and everything below it. */
    const drop = (dir: string) => {
      const prefix = join(dir, 'x').slice(0, -1); // `dir` + separator, also when `dir` ends with one (a drive root)
      for (const [path, w] of dirs) {
        if (path === dir || path.startsWith(prefix)) {
          dirs.delete(path);
          w.handle.close();
        }
      }
    };

    /** Watches `dir`, then lists it (so nothing created in between is missed) and does the same below it. */
    const walk = async (dir: string, depth: number, root: string, report: boolean): Promise<void> => {
      if (closed) return;
      const st = lstatOrNull(dir);
      if (!st?.isDirectory()) {
        if (st && dir === root) onError(new Error(`watch root is not a directory (skipped): ${root}`));
        return;
      }
      const known = dirs.get(dir);
      if (known?.ino === st.ino) return; // already watched, and listed by whoever added the watch
      if (known) drop(dir); // same name, new directory: the old watch died with the old one
      let handle: FSWatcher;
      try {
        handle = watch(dir, { persistent: true }, (event, name) => onEvent(dir, handle, event, name));
      } catch (err) {
        if (!isGone(err)) reportWatchError(err, dir);
        return;
      }
      handle.on('error', (err) => {
        if (dirs.get(dir)?.handle === handle) drop(dir);
        else handle.close();
        if (!closed && existsSync(dir)) reportWatchError(err, dir);
      });
      dirs.set(dir, { handle, ino: st.ino, depth, root });
      // The initial walk reports nothing: the caller has scanned what exists (chokidar's `ignoreInitial`).
      await listFiles(dir, depth, report ? 'add' : null, (sub, d) => walk(sub, d, root, report));
    };

    const onEvent = (dir: string, handle: FSWatcher, event: string, name: string | Buffer | null) => {
      const w = dirs.get(dir);
      if (closed || w?.handle !== handle) return; // a late event from a handle already dropped
      if (name === null) {
        // No filename (allowed by the fs.watch caveats): look at everything here again. `walk` of a known
        // directory does nothing, so subdirectories are walked (and watched) only if new.
        void listFiles(dir, w.depth, 'change', (sub, d) => walk(sub, d, w.root, true));
        return;
      }
      const path = join(dir, name.toString());
      if (event === 'change') {
        if (accept(path)) emit(path, 'change'); // the hot path (an append): no stat
        return;
      }
      // 'rename': something was created, removed or moved in or out.
      const st = lstatOrNull(path);
      if (st === null) {
        if (dirs.has(path)) drop(path);
        else if (basename(dir) === name.toString() && lstatOrNull(dir)?.ino !== w.ino) {
          // The event of the watched directory itself (inotify DELETE_SELF / MOVE_SELF): it is gone.
          drop(dir);
          if (dir === w.root) onError(new Error(`watch root was removed (add it again to resume): ${dir}`));
        } else if (accept(path)) emit(path, 'unlink');
      } else if (st.isDirectory()) {
        // Files may have been created in it before its watch exists: walk lists them.
        if (w.depth < maxDepth) void walk(path, w.depth + 1, w.root, true);
      } else if (accept(path)) {
        emit(path, 'add');
      }
    };

    return {
      watchRoot: (root: string) => walk(root, 0, root, false),
      close: () => {
        for (const w of dirs.values()) w.handle.close();
        dirs.clear();
      },
    };
  }

  /** macOS / Windows: one recursive handle per root; events name paths relative to the root. */
  function recursiveWatcher() {
    const handles = new Map<string, FSWatcher>();
    /** Lists a directory that appeared (or was moved in) with everything below it. */
    const listTree = (dir: string, depth: number, kind: WatchEventKind): Promise<void> =>
      listFiles(dir, depth, kind, (sub, d) => listTree(sub, d, kind));

    const onEvent = (root: string, event: string, name: string | Buffer | null) => {
      if (closed) return;
      if (name === null) {
        void listTree(root, 0, 'change');
        return;
      }
      const rel = name.toString();
      const depth = rel.split(/[\\/]/).length - 1; // level of the directory holding `rel`
      if (depth > maxDepth) return;
      const path = join(root, rel);
      if (event === 'change') {
        if (accept(path)) emit(path, 'change');
        return;
      }
      const st = lstatOrNull(path);
      if (st === null) {
        if (accept(path)) emit(path, 'unlink');
      } else if (st.isDirectory()) {
        // A new directory needs no watch, but files created in it (or moved in with it) may be reported only
        // as an event on the directory.
        if (depth < maxDepth) void listTree(path, depth + 1, 'add');
      } else if (accept(path)) {
        emit(path, 'add');
      }
    };

    return {
      watchRoot: (root: string): Promise<void> => {
        if (closed || handles.has(root)) return Promise.resolve();
        try {
          const handle = watch(root, { persistent: true, recursive: true }, (event, name) => onEvent(root, event, name));
          handle.on('error', (err) => {
            handle.close();
            handles.delete(root);
            if (!closed) onError(existsSync(root) ? watchError(err, root) : new Error(`watch root was removed: ${root}`));
          });
          handles.set(root, handle);
        } catch (err) {
          onError(watchError(err, root));
        }
        return Promise.resolve();
      },
      close: () => {
        for (const h of handles.values()) h.close();
        handles.clear();
      },
    };
  }

  const existing = (root: string): boolean => {
    if (existsSync(root)) return true;
    onError(missingRoot(root));
    return false;
  };
  const start = (root: string): Promise<void> => impl.watchRoot(root).catch((err: unknown) => onError(toError(err)));

  let settle = () => {};
  const ready = new Promise<void>((resolve) => (settle = resolve));
  void Promise.all(opts.roots.filter(existing).map(start)).then(() => {
    if (closed) return;
    opts.onReady?.();
    settle();
  });

  return {
    ready,
    add(root: string) {
      if (!closed && existing(root)) void start(root);
    },
    close() {
      closed = true;
      impl.close();
      settle(); // nobody waits forever on a watcher closed before it was ready
      return Promise.resolve();
    },
  };
}
