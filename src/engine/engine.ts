/**
 * createEngine: the whole pipeline behind one object. Every dependency comes in through the
 * options (data dir, roots, clock, logger), nothing is opened at import time, and nothing here
 * knows about Electron (STYLE.md practice 1).
 */
import type { EngineApi } from '../shared/contract';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import os from 'node:os';
import path from 'node:path';
import { createBus, type Bus } from './bus';
import { systemClock, type Clock } from './clock';
import { createEngineApi } from './engine-api';
import type { ChannelConfig } from '../shared/channels';
import { createJobsService, type JobsOptions, type JobsService } from './jobs/jobs-service';
import { createChannelDispatcher, type ChannelDispatcher, type ChannelEntry } from './notify/channels/dispatcher';
import { createLiveness, type Liveness } from './liveness/liveness';
import { createNotifyPolicy, pauseFileOf, timerScheduler, type NotifyPolicy, type Scheduler } from './notify';
import { silentLogger, type Logger } from './logger';
import { createDirectIngest, type DirectIngest } from './pipeline/direct-ingest';
import { createIndexer, type IndexProgress, type IndexResult } from './pipeline/indexer';
import { createPricing } from './pricing';
import { pricingSignature } from './pricing/signature';
import type { Pricing } from './pricing/types';
import { createSettingsService, type SettingsService } from './settings/settings-service';
import { settingsPathOf } from './settings/settings-file';
import { runsFileOf } from './sidecars/sidecar-file';
import { resolveSources, type SourceOptions } from './sources';
import { acquireLock, type StoreLock } from './store/lock';
import { createEventSearch } from './store/event-search';
import { openStore, type Store } from './store/store';
import { createBurnTicker, openReadonlyStore } from './stats';
import { startEngineWatch, type EngineWatch } from './watch/engine-watch';

export type { IndexProgress, IndexResult } from './pipeline/indexer';

export interface EngineOptions extends SourceOptions {
  /** This run's running window (a flag): wins over settings.json. `claudeDirs`, when given, wins likewise. */
  runningWindowSec?: number;
  /**
   * The settings file (default `<dataDir>/settings.json`; null: not persisted) and values given for
   * this run by flags or environment variables, which win over the file and are never written to it.
   */
  settings?: { overrides?: Partial<Settings>; file?: string | null };
  /** This machine's name on every agent summary (default `os.hostname()`). */
  hostname?: string;
  /** Rows a search scans at most before it answers `truncated` (default 2,000,000). */
  searchBudgetRows?: number;
  doneAfterSec?: number;
  /** Poll instead of native watching (network filesystems). */
  polling?: boolean;
  clock?: Clock;
  /** Timers of the notify policy (coalescing, throttle, pause expiry); tests inject a fake one. */
  scheduler?: Scheduler;
  logger?: Logger;
  /** Role written into the store lock (serve, index, app). */
  role?: string;
  /** Bytes read and committed per transaction (default 1 MiB). */
  batchBytes?: number;
  /** How often roots that did not exist are looked for again (default 10 s). */
  rootRecheckMs?: number;
  /**
   * better-sqlite3's compiled module to load instead of its default build (its `nativeBinding`
   * option): the tray app passes the Electron build, kept apart from the Node build tests use.
   */
  nativeBinding?: string;
  /** Scheduled agent jobs (cron, systemd timers, launchd): where to read them, how often (issue 8). */
  jobs?: JobsOptions;
  /** Alert channels given for this run (`--notify-webhook`, `--notify-ntfy`): used beside the saved ones, never saved. */
  flagChannels?: ChannelConfig[];
}

export interface Engine {
  api: EngineApi;
  bus: Bus;
  store: Store;
  pricing: Pricing;
  liveness: Liveness;
  /** Milestones and Claude Code hooks pushed over HTTP, into the same store and bus. */
  ingest: DirectIngest;
  settings: SettingsService;
  /** Decides the alerts (bus `alert`) every notifier shows; live once the first `index()` is done. */
  notify: NotifyPolicy;
  /** The Jobs table; checks start with `watch()`. */
  jobs: JobsService;
  /** Off-machine alert channels (webhook, ntfy, Slack, Discord, email). */
  channels: ChannelDispatcher;
  /** The dashboard's own URL, once the server listens: the default base of the links in off-machine alerts. */
  setServerUrl(url: string): void;
  /** The Claude Code config dirs this run reads (discovered, flags, settings). */
  claudeRoots: readonly string[];
  lock: StoreLock;
  /** Scan every root and bring all files up to date; resolves when done. */
  index(onProgress?: (p: IndexProgress) => void): Promise<IndexResult>;
  /** Start watching for changes (call before or after indexing). */
  watch(): Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_RUNNING_WINDOW_SEC = DEFAULT_SETTINGS.runningWindowSec;
export const DEFAULT_DONE_AFTER_SEC = 6 * 3600;
const LIVENESS_TICK_MS = 5000;
const ROOT_RECHECK_MS = 10_000;

/** Options given for this run, as settings overrides: the older direct fields count as flags too. */
function runOverrides(opts: EngineOptions): Partial<Settings> {
  return {
    ...(opts.runningWindowSec !== undefined ? { runningWindowSec: opts.runningWindowSec } : {}),
    ...(opts.claudeDirs !== undefined ? { claudeDirs: opts.claudeDirs } : {}),
    ...opts.settings?.overrides,
  };
}

export function createEngine(opts: EngineOptions): Engine {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? silentLogger;
  const bus = createBus((err) => logger.error('bus listener failed', { err: String(err) }));
  const settings = createSettingsService({
    file: opts.settings?.file === undefined ? settingsPathOf(opts.dataDir) : opts.settings.file,
    overrides: runOverrides(opts),
    logger,
    watchedRoots: () => sources.health.map(({ kind, root, exists }) => ({ kind, root, exists })),
    onChange: (view) => bus.emit('settings', view),
  });
  const sources = resolveSources({ ...opts, claudeDirs: settings.current().claudeDirs });

  const lock = acquireLock(opts.dataDir, opts.role ?? 'engine');
  const overridesFile = path.join(opts.dataDir, 'prices.json');
  const pricing = createPricing({ overridesFile });
  for (const w of pricing.describe().warnings) logger.warn('prices', { note: w });
  let store: Store;
  try {
    store = openStore(opts.dataDir, { pricing, pricingSignature: pricingSignature(pricing, overridesFile), hostname: opts.hostname ?? os.hostname(), nativeBinding: opts.nativeBinding });
  } catch (err) {
    lock.release();
    throw err;
  }
  // Stats read through their own read-only connection, never the write path's.
  let statsDb: ReturnType<typeof openReadonlyStore>;
  try {
    statsDb = openReadonlyStore(store.path, opts.nativeBinding);
  } catch (err) {
    store.close();
    lock.release();
    throw err;
  }
  const burnTicker = createBurnTicker({ db: statsDb, store, bus, clock, onError: (err) => logger.error('burn tick failed', { err: String(err) }) });
  const initialFiles = store.fileIdentities();
  const mtimes = new Map<string, number>();
  for (const f of initialFiles) if (f.mtimeMs !== null) mtimes.set(f.path, f.mtimeMs);

  const liveness = createLiveness({
    store,
    bus,
    clock,
    claudeRoots: () => sources.claudeRoots,
    mtimeOf: (p) => mtimes.get(p) ?? null,
    // A getter: a running window saved in the Settings view applies from the next tick.
    options: () => ({
      runningWindowMs: settings.current().runningWindowSec * 1000,
      doneAfterMs: (opts.doneAfterSec ?? DEFAULT_DONE_AFTER_SEC) * 1000,
    }),
  });
  let serverUrl: string | null = null;
  const channelEntries = (): ChannelEntry[] => [
    ...settings.current().notifications.channels.map((config) => ({ config, source: 'settings' as const })),
    ...(opts.flagChannels ?? []).map((config) => ({ config, source: 'flag' as const })),
  ];
  const channels = createChannelDispatcher({
    channels: channelEntries,
    linkFor: (alert) => {
      const base = (settings.current().notifications.publicUrl ?? serverUrl)?.replace(/\/+$/, '');
      const agent = alert.agentIds[0];
      return base ? `${base}/${agent ? `#agent=${encodeURIComponent(agent)}` : ''}` : null;
    },
    logger,
    clock,
    onStatus: () => notify.announce(),
  });
  const notify = createNotifyPolicy({
    channelKinds: () => channels.wantedKinds(),
    deliver: (alertFor) => channels.deliverEach(alertFor),
    channelStatus: () => channels.status(),
    bus,
    clock,
    scheduler: opts.scheduler ?? timerScheduler,
    logger,
    settings: () => settings.current().notifications,
    agentOf: (id) => store.getAgent(id),
    agents: () => store.agentRows().map((r) => ({ id: r.id, state: r.state, lastEventAt: r.lastEventAt, prUrl: r.meta.milestone?.prUrl ?? null })),
    pauseFile: pauseFileOf(opts.dataDir),
  });
  const jobs = createJobsService({
    options: opts.jobs ?? {},
    bus,
    clock,
    logger,
    settings: () => settings.current().jobs,
    runDir: sources.runDir,
    runsFile: runsFileOf(opts.dataDir),
    claudeSessions: () => [...liveness.registry().values()].filter((e) => e.alive).map((e) => ({ sessionId: e.sessionId, pid: e.pid })),
    agentIdOf: (sessionId) => (store.agentRow(`claude:${sessionId}`) ? `claude:${sessionId}` : null),
  });
  const indexer = createIndexer({ store, bus, logger, liveness, sources, mtimes, initialFiles, batchBytes: opts.batchBytes ?? 1024 * 1024 });
  let watching: EngineWatch | null = null;

  return {
    api: createEngineApi({
      store,
      statsDb,
      clock,
      indexer,
      liveness,
      sources,
      settings,
      notify,
      // Searches read through the read-only connection too: a long scan never shares the write path's.
      search: createEventSearch(statsDb, (key) => store.agentIdOfKey(key), opts.searchBudgetRows),
      jobs,
      channels,
      isWatching: () => watching !== null,
    }),
    bus,
    store,
    pricing,
    liveness,
    ingest: createDirectIngest({ store, bus, liveness, clock }),
    settings,
    notify,
    jobs,
    channels,
    setServerUrl(url) {
      serverUrl = url;
    },
    claudeRoots: sources.claudeRoots,
    lock,
    async index(onProgress) {
      try {
        return await indexer.index(onProgress);
      } finally {
        // What the initial index read (and the states it settled) is history: alerts start now.
        notify.goLive();
      }
    },
    async watch() {
      const w = startEngineWatch({
        sources,
        indexer,
        liveness,
        store,
        logger,
        polling: opts.polling ?? false,
        rootRecheckMs: opts.rootRecheckMs ?? ROOT_RECHECK_MS,
      });
      await w.ready;
      watching = w;
      liveness.start(LIVENESS_TICK_MS);
      burnTicker.start();
      jobs.start();
    },
    async stop() {
      notify.stop();
      await channels.stop();
      jobs.stop();
      liveness.stop();
      burnTicker.stop();
      await watching?.close();
      watching = null;
      await indexer.stop();
      statsDb.close();
      store.close();
      lock.release();
    },
  };
}
