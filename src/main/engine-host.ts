/**
 * The engine in the app: the same host `lantern serve` runs (src/node-host/headless.ts: engine,
 * HTTP server on 127.0.0.1 for hooks, milestones and "Open in browser", background indexing),
 * on the same data dir, with the store lock taken as role `app`.
 *
 * One writer per data dir: when a headless Lantern (or `lantern index`) already owns the store,
 * the app says so and offers its browser UI, instead of fighting over the store. When the port is
 * taken by something else, it offers a free port for this run (hooks configured for the usual
 * port will not reach it, and the dialog says that).
 */
import { dialog } from 'electron';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import type { EngineOptions } from '../engine/engine';
import { loginUrl } from '../engine/ingest/token';
import type { Logger } from '../engine/logger';
import { StoreLockedError, type LockOwner } from '../engine/store/lock';
import { tokenPath } from '../engine/token-file';
import { startHeadless, type HeadlessHost, type HeadlessOptions } from '../node-host/headless';
import { openExternalSafely } from './security';

export interface EngineHostOptions {
  dataDir: string;
  /** better-sqlite3 built for Electron (native-binding.ts). */
  nativeBinding?: string;
  /** This run's port (LANTERN_PORT, or 0 after "use a free port"); default: the one in settings.json. */
  port?: number;
  logger: Logger;
  /** The host to start (tests pass a fake). */
  start?: (opts: HeadlessOptions) => Promise<HeadlessHost>;
}

export interface RunningEngine {
  host: HeadlessHost;
  /** `http://127.0.0.1:<port>/?token=…`: the web UI, logged in. */
  loginUrl: string;
}

export type EngineStart = { kind: 'started'; engine: RunningEngine } | { kind: 'locked'; owner: LockOwner } | { kind: 'failed'; error: Error };

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

export async function startEngineHost(opts: EngineHostOptions): Promise<EngineStart> {
  const engine: EngineOptions = {
    dataDir: opts.dataDir,
    role: 'app',
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  };
  try {
    // Not stdout: `lantern serve` prints the login URL (with the token) for its user; a desktop app's
    // stdout ends up in session logs, and the tray's "Open in browser" is the way in.
    const host = await (opts.start ?? startHeadless)({ engine, host: '127.0.0.1', port: opts.port, token: null, out: discard() });
    opts.logger.info('listening', { url: host.url });
    return { kind: 'started', engine: { host, loginUrl: loginUrl(host.url, host.token) } };
  } catch (err) {
    if (err instanceof StoreLockedError) return { kind: 'locked', owner: err.owner };
    return { kind: 'failed', error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** The other Lantern's web UI, logged in with the data dir's token; null when it serves none. */
export function ownerLoginUrl(owner: LockOwner, dataDir: string): string | null {
  if (!owner.url) return null;
  try {
    return loginUrl(owner.url, fs.readFileSync(tokenPath(dataDir), 'utf8').trim());
  } catch {
    return owner.url;
  }
}

export function lockedMessage(owner: LockOwner): { message: string; detail: string } {
  const what = owner.role === 'serve' ? 'headless' : `as “${owner.role}”`;
  return {
    message: `Lantern is already running ${what} (pid ${owner.pid}${owner.url ? `, ${owner.url}` : ''}).`,
    detail:
      'It owns the data directory, so this app would only fight over it. Open that Lantern in the browser, or stop it and try again. ' +
      'Both keep the same history.',
  };
}

export type LockedChoice = 'open' | 'retry' | 'quit';

export async function askWhenLocked(owner: LockOwner, dataDir: string): Promise<LockedChoice> {
  const url = ownerLoginUrl(owner, dataDir);
  const choices: LockedChoice[] = url ? ['open', 'retry', 'quit'] : ['retry', 'quit'];
  const labels: Record<LockedChoice, string> = { open: 'Open in browser', retry: 'Try again', quit: 'Quit' };
  const { response } = await dialog.showMessageBox({
    type: 'info',
    title: 'Lantern',
    ...lockedMessage(owner),
    buttons: choices.map((c) => labels[c]),
    defaultId: 0,
    cancelId: choices.length - 1,
    noLink: true,
  });
  const choice = choices[response] ?? 'quit';
  if (choice === 'open' && url) openExternalSafely(url);
  return choice;
}

const portProblem = (error: Error) => /port|listen/i.test(error.message);

/** 'free-port': start again on a free port for this run. */
export async function askWhenFailed(error: Error, canUseFreePort = true): Promise<'free-port' | 'quit'> {
  const offerPort = canUseFreePort && portProblem(error);
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Lantern',
    message: 'Lantern could not start.',
    detail: offerPort ? `${error.message}\n\nOn a free port for this run, hooks set up for the usual port will not reach it.` : error.message,
    buttons: offerPort ? ['Use a free port', 'Quit'] : ['Quit'],
    defaultId: 0,
    cancelId: offerPort ? 1 : 0,
    noLink: true,
  });
  return offerPort && response === 0 ? 'free-port' : 'quit';
}

/** Starts the engine, asking the user what to do when it cannot; null when the app should quit. */
export async function startEngineInteractively(opts: EngineHostOptions): Promise<RunningEngine | null> {
  let port = opts.port;
  for (;;) {
    const result = await startEngineHost({ ...opts, port });
    if (result.kind === 'started') return result.engine;
    if (result.kind === 'locked') {
      opts.logger.warn('store owned by another Lantern', { pid: result.owner.pid, role: result.owner.role, url: result.owner.url ?? '' });
      if ((await askWhenLocked(result.owner, opts.dataDir)) !== 'retry') return null;
      continue;
    }
    opts.logger.error('engine start failed', { err: result.error.message });
    if ((await askWhenFailed(result.error, port !== 0)) !== 'free-port') return null;
    port = 0;
  }
}

/** LANTERN_PORT, as `lantern serve` reads it; undefined when unset or not a port. */
export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.LANTERN_PORT?.trim();
  if (!text || !/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65_535 ? n : undefined;
}

/** Our own server's login URL: plain http on the loopback address, nothing else. */
export function isLocalLoginUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

/** "Open in browser": the web UI, logged in. Returns false (and opens nothing) for anything but a local http URL. */
export function openWebUi(url: string): boolean {
  if (!isLocalLoginUrl(url)) return false;
  return openExternalSafely(url);
}
