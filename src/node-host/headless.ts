/**
 * The headless host: engine + HTTP server, for `lantern serve` and for `npm start` where Electron
 * cannot run. Listens first, then indexes in the background with progress in /api/health and the log.
 */
import { createEngine, loadOrCreateToken, type Engine, type EngineOptions } from '../engine';
import { systemClock } from '../engine/clock';
import { beyondLoopbackWarning, lanBindProblem } from '../engine/ingest/allowed-hosts';
import { registerIngestRoutes } from '../engine/ingest/ingest-routes';
import { registerOtelRoutes } from '../engine/ingest/otel-routes';
import { createOtelIngest } from '../engine/otel/ingest';
import { createHttpServer } from '../engine/ingest/server';
import { registerSessionRoutes } from '../engine/ingest/session-routes';
import { loginUrl } from '../engine/ingest/token';
import { createConsoleLogger } from '../engine/logger';
import { desktopSessionAvailable, startDesktopNotifier, type DesktopNotifier } from './desktop-notifier';
import { builtUiDir } from './ui-dir';

export interface HeadlessOptions {
  engine: EngineOptions;
  host: string;
  /** A port given for this run (flag, env; 0 picks a free one); undefined: the one in settings.json. */
  port?: number;
  token: string | null;
  /** More `Host` names to accept (`--allow-host`): a DNS name other machines use for this one. */
  allowedHosts?: string[];
  out: NodeJS.WritableStream;
  /** The built web UI; default `dist/ui` beside the bundle; null serves the placeholder page. */
  staticDir?: string | null;
  /**
   * Show alerts as desktop notifications (node-notifier). `auto`: when a desktop session is
   * available (`lantern serve`'s default). Default false, so tests that start a host never notify.
   */
  desktopNotifications?: boolean | 'auto';
}

export interface HeadlessHost {
  url: string;
  token: string;
  engine: Engine;
  stop(): Promise<void>;
  /** Resolves when the initial index is complete. */
  indexed: Promise<void>;
}

export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessHost> {
  // Only a token given by hand can be short; the generated one (and a saved one) has at least 16 characters.
  const bindProblem = opts.token ? lanBindProblem(opts.host, opts.token) : null;
  if (bindProblem) throw new Error(bindProblem);
  const logger = createConsoleLogger();
  const overrides = { ...opts.engine.settings?.overrides, ...(opts.port !== undefined ? { port: opts.port } : {}) };
  const engine = createEngine({ ...opts.engine, settings: { ...opts.engine.settings, overrides }, logger });
  const token = loadOrCreateToken(opts.engine.dataDir, opts.token);
  const server = createHttpServer({
    api: engine.api,
    bus: engine.bus,
    eventsAfter: (id, limit) => engine.store.eventsAfter(id, limit),
    token,
    host: opts.host,
    port: engine.settings.current().port,
    logger,
    staticDir: opts.staticDir === undefined ? builtUiDir() : opts.staticDir,
    allowedHosts: opts.allowedHosts,
  });
  registerIngestRoutes(server, engine.ingest);
  registerOtelRoutes(server, createOtelIngest({ store: engine.store, bus: engine.bus, liveness: engine.liveness, clock: systemClock }));
  registerSessionRoutes(server, {
    api: engine.api,
    dataDir: opts.engine.dataDir,
    transcriptOf: (id) => engine.store.getAgent(`claude:${id}`)?.transcript ?? null,
    claudeRoots: engine.claudeRoots,
  });
  let listening;
  try {
    listening = await server.listen();
  } catch (err) {
    await engine.stop();
    throw err;
  }
  engine.lock.update({ url: listening.url });
  engine.setServerUrl(listening.url);
  const notifyOn = opts.desktopNotifications === 'auto' ? desktopSessionAvailable() : (opts.desktopNotifications ?? false);
  const notifier: DesktopNotifier | null = notifyOn ? startDesktopNotifier({ bus: engine.bus, logger }) : null;
  if (notifyOn) logger.info('desktop notifications on');
  else if (opts.desktopNotifications === 'auto') logger.info('desktop notifications off: no desktop session (DISPLAY, WAYLAND_DISPLAY and DBUS_SESSION_BUS_ADDRESS unset)');
  opts.out.write(`Lantern listening on ${listening.url}\n`);
  opts.out.write(`Open ${loginUrl(listening.url, token)}\n`);
  const warning = beyondLoopbackWarning(opts.host, listening.port);
  if (warning) opts.out.write(`${warning}\n`);

  const started = Date.now();
  let lastLog = 0;
  const indexed = engine
    .watch()
    .then(() =>
      engine.index((p) => {
        if (Date.now() - lastLog < 2000) return;
        lastLog = Date.now();
        logger.info('indexing', { files: `${p.filesDone}/${p.files}`, mb: `${(p.bytesDone / 1e6).toFixed(1)}/${(p.bytes / 1e6).toFixed(1)}` });
      }),
    )
    .then((r) => {
      logger.info('indexed', { files: r.files, lines: r.lines, events: r.events, ms: Date.now() - started });
    })
    .catch((err: unknown) => logger.error('indexing failed', { err: String(err) }));

  return {
    url: listening.url,
    token,
    engine,
    indexed,
    async stop() {
      notifier?.stop();
      await server.close();
      await engine.stop();
    },
  };
}
