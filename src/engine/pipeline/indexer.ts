/**
 * Brings files into the store: the one queue every read goes through (so a file is never read twice
 * at once, whether the initial scan or the watcher asked), progress for /api/health, and the rule that
 * lets a warm restart skip files it has already read to their end.
 */
import type { Bus } from '../bus';
import type { Logger } from '../logger';
import type { Liveness } from '../liveness/liveness';
import type { Sources } from '../sources';
import type { FileRecord, Store } from '../store/store';
import { scanTree, scanTreeSync, type ScannedFile } from '../watch/scan';
import { createFileQueue } from './file-queue';
import { ingestFile } from './ingest-file';

export interface IndexProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
}

export interface IndexResult extends IndexProgress {
  lines: number;
  events: number;
}

export interface IndexerDeps {
  store: Store;
  bus: Bus;
  logger: Logger;
  liveness: Liveness;
  sources: Sources;
  batchBytes: number;
  /** Transcript mtimes by path, kept current for liveness. */
  mtimes: Map<string, number>;
  /**
   * The store's file identities as the engine read them at start, reused by the first index instead of
   * reading them again. Safe if rows changed since: a stale row can only cause a read, never a skip.
   */
  initialFiles?: FileRecord[];
}

export interface Indexer {
  /** Scan every root and bring every file up to date; resolves when done. */
  index(onProgress?: (p: IndexProgress) => void): Promise<IndexResult>;
  /** Read this file (again) soon. */
  push(path: string): void;
  /** Scan one root that appeared later and queue its files. */
  addRoot(root: string): void;
  progress(): IndexProgress & { done: boolean };
  fileErrors(): Array<{ path: string; error: string }>;
  stop(): Promise<void>;
}

export function createIndexer(deps: IndexerDeps): Indexer {
  const { store, logger, liveness, sources, mtimes } = deps;
  const progress: IndexProgress = { files: 0, filesDone: 0, bytes: 0, bytesDone: 0 };
  const totals = { lines: 0, events: 0 };
  const fileErrors = new Map<string, string>();
  let done = false;
  let pendingIndex: Set<string> | null = null;
  let onIndexProgress: ((p: IndexProgress) => void) | undefined;
  let initialFiles = deps.initialFiles ?? null;
  const ingestDeps = { store, bus: deps.bus, logger, batchBytes: deps.batchBytes, onProgress: (b: number) => (progress.bytesDone += b) };

  async function processPath(p: string): Promise<void> {
    const claimed = sources.claim(p);
    if (!claimed) return;
    try {
      const r = await ingestFile(ingestDeps, claimed.adapter, claimed.file);
      if (r.mtimeMs !== null) mtimes.set(p, r.mtimeMs);
      totals.lines += r.lines;
      totals.events += r.events;
      if (fileErrors.delete(p)) store.setFileError(p, claimed.adapter.name, null);
      if (r.agentIds.size && done) liveness.evaluate(r.agentIds);
    } catch (err) {
      const msg = (err as Error).message ?? String(err);
      fileErrors.set(p, msg);
      store.setFileError(p, claimed.adapter.name, msg);
      logger.warn('file could not be read', { path: p, error: msg });
    }
    if (pendingIndex?.delete(p)) {
      progress.filesDone++;
      onIndexProgress?.({ ...progress });
    }
  }
  const queue = createFileQueue(processPath, (p, err) => logger.error('ingest failed', { path: p, err: String(err) }));
  const accept = (p: string) => sources.claim(p) !== null;

  return {
    async index(onProgress) {
      const found: ScannedFile[] = [];
      for (const s of sources.health) {
        const root = sources.scanRoot(s);
        const scan = scanTreeSync(root, accept);
        s.exists = scan.files.length > 0 || !scan.errors.some((e) => e.path === root);
        for (const e of scan.errors) if (e.path !== root) fileErrors.set(e.path, e.error);
        found.push(...scan.files);
      }
      // Newest first, so the sessions people care about right now appear first.
      found.sort((a, b) => b.mtimeMs - a.mtimeMs);
      progress.files = found.length;
      progress.bytes = found.reduce((n, f) => n + f.size, 0);
      // A warm restart must not open every file: one read to its end and untouched since is done.
      const known = new Map((initialFiles ?? store.fileIdentities()).map((f) => [f.path, f]));
      initialFiles = null;
      const toRead = found.filter((f) => !unchangedSinceRead(known.get(f.path), f));
      for (const f of found) mtimes.set(f.path, f.mtimeMs);
      progress.filesDone = found.length - toRead.length;
      pendingIndex = new Set(toRead.map((f) => f.path));
      onIndexProgress = onProgress;
      const before = { ...totals };
      for (const f of toRead) queue.push(f.path);
      await queue.idle();
      pendingIndex = null;
      progress.bytesDone = progress.bytes; // files already up to date were covered without reading
      done = true;
      liveness.refreshRegistry();
      liveness.evaluate();
      return { ...progress, lines: totals.lines - before.lines, events: totals.events - before.events };
    },
    push: (p) => queue.push(p),
    addRoot(root) {
      void scanTree(root, accept).then((scan) => {
        for (const f of scan.files) queue.push(f.path);
      });
    },
    progress: () => ({ ...progress, done }),
    fileErrors: () => [...fileErrors].map(([p, error]) => ({ path: p, error })),
    async stop() {
      queue.stop();
      await queue.idle();
    },
  };
}

/**
 * Read to its end before, and not touched since: size, mtime and inode as recorded. The offset check
 * matters: a read cut short (SIGKILL between two batches) leaves the same size and mtime but an offset
 * behind the end. (A file ending in a partial line is re-read from its offset: a few bytes.)
 */
export function unchangedSinceRead(stored: FileRecord | undefined, now: ScannedFile): boolean {
  return (
    stored !== undefined &&
    !stored.deleted &&
    stored.error === null &&
    stored.offset === now.size &&
    stored.ino === now.ino &&
    stored.size === now.size &&
    stored.mtimeMs === Math.round(now.mtimeMs)
  );
}
