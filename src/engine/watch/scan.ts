/**
 * Discover transcript files under a root before watching starts (the watcher runs with `ignoreInitial`, so this
 * walk is the one source of "what exists now"). A few directories are read at a time; only accepted files are
 * stat'ed. Problems are returned, not thrown: a missing `~/.codex` or one unreadable project folder must not
 * stop discovery of the rest.
 */
import { readdirSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
  /** Same format as `FileIdentity.ino` (decimal string from bigint stats), so the two compare equal. */
  ino: string;
}

export interface ScanResult {
  files: ScannedFile[];
  errors: Array<{ path: string; error: string }>;
}

export interface ScanOptions {
  /** Directory levels below the root to descend into; 0 = the root's own entries only (chokidar's `depth`). */
  maxDepth?: number;
}

/** Directories read at once: enough to overlap I/O on the thread pool (4 threads by default), no more. */
const DIR_CONCURRENCY = 8;

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'ENOENT: does not exist';
  return e?.message ?? String(err);
}

/** Runs at most `n` of the given tasks at once, the rest in call order. */
function createLimiter(n: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < n) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

async function statFile(path: string): Promise<ScannedFile | null> {
  const st = await stat(path, { bigint: true }); // follows symlinks: a symlinked transcript is read through
  if (!st.isFile()) return null;
  return { path, size: Number(st.size), mtimeMs: Number(st.mtimeNs) / 1e6, ino: st.ino.toString() };
}

/**
 * Every accepted regular file under `root` (symlinked files included, symlinked directories not followed, which
 * rules out cycles), sorted by path. A missing root gives no files and one error entry.
 */
export async function scanTree(
  root: string,
  accept: (path: string) => boolean,
  opts?: ScanOptions,
): Promise<ScanResult> {
  const maxDepth = opts?.maxDepth ?? Infinity;
  const files: ScannedFile[] = [];
  const errors: ScanResult['errors'] = [];
  const limit = createLimiter(DIR_CONCURRENCY);

  const addFile = async (path: string) => {
    try {
      const f = await statFile(path);
      if (f) files.push(f);
    } catch (err) {
      // Gone between readdir and stat (retention sweep, rotation) is not an error; nor is a dangling symlink,
      // which stat cannot tell apart from it. Anything else (ELOOP, EACCES) is reported.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || path === root) errors.push({ path, error: describe(err) });
    }
  };

  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await limit(() => readdir(dir, { withFileTypes: true }));
    } catch (err) {
      // The root itself may be a single file; otherwise record and move on.
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR' && dir === root) {
        if (accept(root)) await addFile(root);
        return;
      }
      errors.push({ path: dir, error: describe(err) });
      return;
    }
    const pending: Array<Promise<void>> = [];
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) pending.push(walk(path, depth + 1));
      } else if ((e.isFile() || e.isSymbolicLink()) && accept(path)) {
        pending.push(addFile(path)); // a symlink to a directory fails `isFile()` in statFile and is skipped
      }
    }
    await Promise.all(pending);
  };
  await walk(root, 0);

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, errors };
}

/**
 * The same walk, synchronously. Listing and stat'ing a few thousand files from the dentry cache takes tens of
 * milliseconds this way, where the async walk pays a thread-pool round trip per call (~3x slower on a warm
 * start); it blocks the event loop for that long, so it is meant for start-up, not for a running server's
 * rescans of large trees.
 */
export function scanTreeSync(root: string, accept: (path: string) => boolean, opts?: ScanOptions): ScanResult {
  const maxDepth = opts?.maxDepth ?? Infinity;
  const files: ScannedFile[] = [];
  const errors: ScanResult['errors'] = [];
  const addFile = (path: string) => {
    try {
      const st = statSync(path, { bigint: true });
      if (st.isFile()) files.push({ path, size: Number(st.size), mtimeMs: Number(st.mtimeNs) / 1e6, ino: st.ino.toString() });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || path === root) errors.push({ path, error: describe(err) });
    }
  };
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR' && dir === root) {
        if (accept(root)) addFile(root);
        return;
      }
      errors.push({ path: dir, error: describe(err) });
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < maxDepth) walk(path, depth + 1);
      } else if ((e.isFile() || e.isSymbolicLink()) && accept(path)) {
        addFile(path);
      }
    }
  };
  walk(root, 0);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, errors };
}
