/**
 * createEngine: the whole pipeline behind one object. Every dependency comes in through the
 * options (data dir, roots, clock, logger), nothing is opened at import time, and nothing here
 * knows about Electron (STYLE.md practice 1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Health, SourceHealth } from '../shared/agents';
import type { EngineApi } from '../shared/contract';
import type { ActiveSession } from '../shared/sessions';
import { claudeAdapter, defaultClaudeRoots, defaultClaudeTaskDirs } from './adapters/claude';
import { createRunsAdapter } from './adapters/lantern-runs';
import type { SourceAdapter, SourceFile } from './adapters/types';
import { createBus, type Bus } from './bus';
import { systemClock, type Clock } from './clock';
import { createLiveness, type Liveness } from './liveness/liveness';
import { silentLogger, type Logger } from './logger';
import { createFileQueue } from './pipeline/file-queue';
import { createDirectIngest, type DirectIngest } from './pipeline/direct-ingest';
import { ingestFile } from './pipeline/ingest-file';
import { acquireLock, type StoreLock } from './store/lock';
import { openStore, type FileRecord, type Store } from './store/store';
import { createJobPidCache, ensureRunDir, mergeActiveSessions, readSidecars } from './sidecars';
import { scanTree, type ScannedFile } from './watch/scan';
import { createWatcher, type Watcher } from './watch/watcher';
import { VERSION } from './version';

export interface EngineOptions {
  dataDir: string;
  /** Extra Claude Code config dirs (`--claude-dir`), added to the discovered ones. */
  claudeDirs?: string[];
  /** Discover `$CLAUDE_CONFIG_DIR`, `~/.claude`, `~/.config/claude` (default true). */
  discoverRoots?: boolean;
  /** Where background task output lives (`claude-<uid>/`); default from the environment. */
  taskDirs?: string[];
  runningWindowSec?: number;
  doneAfterSec?: number;
  /** Poll instead of native watching (network filesystems). */
  polling?: boolean;
  clock?: Clock;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  homedir?: string;
  /** Role written into the store lock (serve, index, app). */
  role?: string;
  batchBytes?: number;
  /** How often roots that did not exist are looked for again (default 10 s). */
  rootRecheckMs?: number;
}

export interface IndexProgress {
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
}

export interface Engine {
  api: EngineApi;
  bus: Bus;
  store: Store;
  liveness: Liveness;
  /** Milestones and Claude Code hooks pushed over HTTP, into the same store and bus. */
  ingest: DirectIngest;
  lock: StoreLock;
  /** Scan every root and bring all files up to date; resolves when done. */
  index(onProgress?: (p: IndexProgress) => void): Promise<IndexProgress & { lines: number; events: number }>;
  /** Start watching for changes (call after or while indexing). */
  watch(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_RUNNING_WINDOW_SEC = 90;
export const DEFAULT_DONE_AFTER_SEC = 6 * 3600;
const LIVENESS_TICK_MS = 5000;
const ROOT_RECHECK_MS = 10_000;

export function createEngine(opts: EngineOptions): Engine {
  const env = opts.env ?? process.env;
  const home = opts.homedir ?? os.homedir();
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const adapters: SourceAdapter[] = [claudeAdapter, createRunsAdapter(opts.dataDir)];

  const claudeRoots = unique([...(opts.discoverRoots === false ? [] : defaultClaudeRoots(env, home)), ...(opts.claudeDirs ?? [])]);
  const taskDirs = unique(opts.taskDirs ?? defaultClaudeTaskDirs(env, os.tmpdir(), typeof process.getuid === 'function' ? process.getuid() : 0));
  // `lantern run` sidecars and runs.jsonl; created now so the watcher has it before the first run.
  const runDir = ensureRunDir(opts.dataDir);
  const fileRoots = [...claudeRoots.map((r) => path.join(r, 'projects')), ...taskDirs, runDir];

  const lock = acquireLock(opts.dataDir, opts.role ?? 'engine');
  let store: Store;
  try {
    store = openStore(opts.dataDir);
  } catch (err) {
    lock.release();
    throw err;
  }
  const bus = createBus((err) => logger.error('bus listener failed', { err: String(err) }));
  const mtimes = new Map<string, number>();
  for (const f of store.allFiles()) if (f.mtimeMs !== null) mtimes.set(f.path, f.mtimeMs);

  const liveness = createLiveness({
    store,
    bus,
    clock,
    claudeRoots: () => claudeRoots,
    mtimeOf: (p) => mtimes.get(p) ?? null,
    options: {
      runningWindowMs: (opts.runningWindowSec ?? DEFAULT_RUNNING_WINDOW_SEC) * 1000,
      doneAfterMs: (opts.doneAfterSec ?? DEFAULT_DONE_AFTER_SEC) * 1000,
    },
  });
  const ingest = createDirectIngest({ store, bus, liveness, clock });

  const progress: IndexProgress = { files: 0, filesDone: 0, bytes: 0, bytesDone: 0 };
  let indexDone = false;
  let watching = false;
  const sources: SourceHealth[] = [
    ...claudeRoots.map((root) => ({ kind: 'claude', root, exists: false })),
    ...taskDirs.map((root) => ({ kind: 'claude-tasks', root, exists: false })),
    { kind: 'lantern-runs', root: runDir, exists: false },
  ];
  const fileErrors = new Map<string, string>();

  function claim(p: string): { adapter: SourceAdapter; file: SourceFile } | null {
    for (const adapter of adapters) {
      const file = adapter.claims(p);
      if (file) return { adapter, file };
    }
    return null;
  }

  const deps = { store, bus, logger, batchBytes: opts.batchBytes ?? 1024 * 1024, onProgress: (b: number) => (progress.bytesDone += b) };
  const totalsRead = { lines: 0, events: 0 };
  let indexSet: Set<string> | null = null;
  let onIndexProgress: ((p: IndexProgress) => void) | undefined;

  // Every read of every file goes through the one queue, so a file is never read twice at once
  // (the initial index and the watcher can both ask for the same file).
  async function processPath(p: string): Promise<void> {
    const claimed = claim(p);
    if (!claimed) return;
    try {
      const r = await ingestFile(deps, claimed.adapter, claimed.file);
      if (r.mtimeMs !== null) mtimes.set(p, r.mtimeMs);
      totalsRead.lines += r.lines;
      totalsRead.events += r.events;
      if (fileErrors.delete(p)) store.setFileError(p, claimed.adapter.name, null);
      if (r.agentIds.size && indexDone) liveness.evaluate(r.agentIds);
    } catch (err) {
      const msg = (err as Error).message ?? String(err);
      fileErrors.set(p, msg);
      store.setFileError(p, claimed.adapter.name, msg);
      logger.warn('file could not be read', { path: p, error: msg });
    }
    if (indexSet?.delete(p)) {
      progress.filesDone++;
      onIndexProgress?.({ ...progress });
    }
  }
  const jobPids = createJobPidCache();
  function activeSessions(): ActiveSession[] {
    const out: ActiveSession[] = [];
    for (const e of liveness.registry().values()) {
      if (!e.alive) continue;
      out.push({
        sessionId: e.sessionId,
        tag: null,
        pid: e.pid,
        startedAt: null,
        attempt: 1,
        source: 'claude-registry',
        transcript: store.getAgent(`claude:${e.sessionId}`)?.transcript ?? null,
        status: e.status,
      });
    }
    const sidecars = readSidecars(runDir);
    jobPids.retain(sidecars);
    const transcriptOf = (id: string) => store.getAgent(`claude:${id}`)?.transcript ?? null;
    return mergeActiveSessions(sidecars, out, { transcriptOf, jobPidOf: jobPids.jobPidOf });
  }
  const queue = createFileQueue(processPath, (p, err) => logger.error('ingest failed', { path: p, err: String(err) }));

  let watcher: { close(): Promise<void> } | null = null;
  let registryWatcher: { close(): Promise<void> } | null = null;
  let rootTimer: NodeJS.Timeout | null = null;

  function addRoot(w: Watcher, root: string, accept: (p: string) => boolean): void {
    w.add(root);
    void scanTree(root, accept).then((scan) => {
      for (const f of scan.files) queue.push(f.path);
    });
  }

  const api: EngineApi = {
    async health(): Promise<Health> {
      return {
        ok: true,
        version: VERSION,
        indexing: { done: indexDone, ...progress },
        watching,
        sources,
        totals: store.totals(),
        fileErrors: [...fileErrors].map(([p, error]) => ({ path: p, error })),
      };
    },
    async listAgents() {
      return { agents: store.listAgents() };
    },
    async getAgent(id) {
      return store.getAgent(id);
    },
    async getEvents(agentId, q) {
      return store.getEvents(agentId, q) ?? { events: [], next: null };
    },
    async listActiveSessions() {
      return { sessions: activeSessions() };
    },
  };

  return {
    api,
    bus,
    store,
    liveness,
    ingest,
    lock,
    async index(onProgress) {
      const found: ScannedFile[] = [];
      for (const s of sources) {
        const root = s.kind === 'claude' ? path.join(s.root, 'projects') : s.root;
        const scan = await scanTree(root, (p) => claim(p) !== null);
        s.exists = scan.files.length > 0 || !scan.errors.some((e) => e.path === root);
        for (const e of scan.errors) if (e.path !== root) fileErrors.set(e.path, e.error);
        found.push(...scan.files);
      }
      // Newest first, so the sessions people care about right now appear first.
      found.sort((a, b) => b.mtimeMs - a.mtimeMs);
      progress.files = found.length;
      progress.bytes = found.reduce((n, f) => n + f.size, 0);
      // A warm restart must not open every file: one whose size, mtime and inode match what the store
      // recorded after its last read has nothing new, so it is counted done without a read.
      const known = new Map(store.allFiles().map((f) => [f.path, f]));
      const toRead = found.filter((f) => !unchangedSinceRead(known.get(f.path), f));
      for (const f of found) mtimes.set(f.path, f.mtimeMs);
      progress.filesDone = found.length - toRead.length;
      indexSet = new Set(toRead.map((f) => f.path));
      onIndexProgress = onProgress;
      const before = { ...totalsRead };
      for (const f of toRead) queue.push(f.path);
      await queue.idle();
      indexSet = null;
      progress.bytesDone = progress.bytes; // files already up to date were covered without reading
      const lines = totalsRead.lines - before.lines;
      const events = totalsRead.events - before.events;
      indexDone = true;
      liveness.refreshRegistry();
      liveness.evaluate();
      return { ...progress, lines, events };
    },
    async watch() {
      const accept = (p: string) => claim(p) !== null;
      const w = createWatcher({
        roots: fileRoots,
        accept,
        usePolling: opts.polling,
        onChange: (p, kind) => (kind === 'unlink' ? store.markFileDeleted(p) : queue.push(p)),
        onError: (err) => logger.info('watcher', { note: err.message }),
      });
      const sessionDirs = claudeRoots.map((root) => path.join(root, 'sessions'));
      const r = createWatcher({
        roots: sessionDirs,
        accept: (p) => p.endsWith('.json'),
        usePolling: opts.polling,
        onChange: () => {
          liveness.refreshRegistry();
          liveness.evaluate();
        },
        onError: () => {}, // no sessions dir: Claude Code older than 2.1.139, or not installed
      });
      watcher = w;
      registryWatcher = r;
      // Roots that do not exist yet (Claude Code installed after Lantern started, a first background
      // task) are looked for again now and then, and read in full when they appear.
      const missing = new Map<string, () => void>();
      for (const root of fileRoots) if (!fs.existsSync(root)) missing.set(root, () => addRoot(w, root, accept));
      for (const dir of sessionDirs) if (!fs.existsSync(dir)) missing.set(dir, () => r.add(dir));
      if (missing.size) {
        rootTimer = setInterval(() => {
          for (const [root, add] of missing) {
            if (!fs.existsSync(root)) continue;
            missing.delete(root);
            add();
          }
          if (!missing.size && rootTimer) clearInterval(rootTimer);
        }, opts.rootRecheckMs ?? ROOT_RECHECK_MS);
        rootTimer.unref();
      }
      await Promise.all([w.ready, r.ready]);
      watching = true;
      liveness.start(LIVENESS_TICK_MS);
    },
    async stop() {
      if (rootTimer) clearInterval(rootTimer);
      liveness.stop();
      queue.stop();
      await Promise.all([watcher?.close(), registryWatcher?.close()]);
      await queue.idle();
      watching = false;
      store.close();
      lock.release();
    },
  };
}

/**
 * Read to its end before, and not touched since: size, mtime and inode as recorded. The offset check
 * matters: a read cut short (SIGKILL between two batches) leaves the same size and mtime but an offset
 * behind the end. (A file ending in a partial line is re-read from its offset: a few bytes.)
 */
function unchangedSinceRead(stored: FileRecord | undefined, now: ScannedFile): boolean {
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

function unique(list: string[]): string[] {
  return [...new Set(list.map((p) => path.resolve(p)))];
}
