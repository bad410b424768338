/**
 * A real `lantern serve` child (the built CLI, bin/lantern.js) serving the built web UI, for the
 * browser tests: 127.0.0.1, port 0, a temp data dir, one Claude dir and no discovered ones. It
 * parses the URL and token from the two lines the server prints, and can be stopped and started
 * again on the same port and data dir (a browser tab left open sees the engine go away and back).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AgentSummary, Health } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import { startServe, type Served } from './cli-process';
import { waitFor } from './wait-for';

export { waitFor };

export interface UiServerOptions {
  claudeDir: string;
  /** Default: `<claudeDir>/../data`. */
  dataDir?: string;
  /** More `lantern serve` flags (e.g. `--running-window 600`). */
  args?: string[];
  /** How long to wait for the server's `Open` line. */
  startTimeoutMs?: number;
}

export interface UiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The login URL (`/?token=…`) a browser opens once to get its cookie. */
  openUrl: string;
  token: string;
  port: number;
  dataDir: string;
  claudeDir: string;
  /** Output of the current child so far. */
  stdout(): string;
  stderr(): string;
  get<T>(p: string): Promise<T>;
  /** POST JSON with the token (`X-Token`). */
  post(p: string, body: unknown): Promise<Response>;
  agents(): Promise<AgentSummary[]>;
  /** Every stored event of an agent, oldest first (all pages). */
  events(agentId: string): Promise<LanternEvent[]>;
  /** Resolves once `/api/health` says the initial index is done. */
  waitIndexed(timeoutMs?: number): Promise<Health>;
  /** SIGTERM, and wait for the process to exit. */
  stop(): Promise<void>;
  /** Start again on the same port and data dir (the token is the one stored there). */
  restart(): Promise<void>;
  readonly running: boolean;
}

function parseOpen(openUrl: string): string {
  const token = new URL(openUrl).searchParams.get('token');
  if (!token) throw new Error(`no token in the Open URL ${openUrl}`);
  return token;
}

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const dataDir = opts.dataDir ?? path.join(path.dirname(opts.claudeDir), 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const argsFor = (port: number) => [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--claude-dir',
    opts.claudeDir,
    '--no-default-dirs',
    ...(opts.args ?? []),
  ];
  // No inherited LANTERN_* or CLAUDE_CONFIG_DIR: the flags alone decide what this server reads.
  const env = { LANTERN_PORT: undefined, LANTERN_TOKEN: undefined, LANTERN_DATA_DIR: undefined, CLAUDE_CONFIG_DIR: undefined };
  const timeout = opts.startTimeoutMs ?? 20_000;

  let served: Served = await startServe(argsFor(0), env, timeout);
  let running = true;
  const url = served.url.replace(/\/$/, '');
  const port = Number(new URL(url).port);
  const token = parseOpen(served.openUrl);
  const auth = { 'X-Token': token };

  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(url + p, { headers: auth });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const server: UiServer = {
    url,
    openUrl: served.openUrl,
    token,
    port,
    dataDir,
    claudeDir: opts.claudeDir,
    stdout: () => served.stdout(),
    stderr: () => served.stderr(),
    get,
    post: (p, body) => fetch(url + p, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    agents: async () => (await get<{ agents: AgentSummary[] }>('/api/agents')).agents,
    async events(agentId) {
      const all: LanternEvent[] = [];
      let after = 0;
      for (;;) {
        const page = await get<{ events: LanternEvent[]; next: number | null }>(`/api/agents/${encodeURIComponent(agentId)}/events?after=${after}&limit=1000`);
        all.push(...page.events);
        if (page.next === null || page.events.length === 0) return all;
        after = page.events[page.events.length - 1].id;
      }
    },
    waitIndexed: (timeoutMs = 20_000) =>
      waitFor<Health | null>(
        async () => {
          const h = await get<Health>('/api/health').catch(() => null);
          return h?.indexing.done ? h : null;
        },
        timeoutMs,
        'the initial index (/api/health indexing.done)',
      ) as Promise<Health>,
    async stop() {
      if (!running) return;
      await served.stop();
      running = false;
    },
    async restart() {
      await server.stop();
      // The port was ours a moment ago; retry briefly in case the kernel has not let go of it yet.
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          served = await startServe(argsFor(port), env, timeout);
          break;
        } catch (err) {
          if (Date.now() > deadline || !/already in use/.test(String(err))) throw err;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      running = true;
      const again = parseOpen(served.openUrl);
      if (again !== token) throw new Error('the restarted server has another token');
    },
    get running() {
      return running;
    },
  };
  return server;
}
