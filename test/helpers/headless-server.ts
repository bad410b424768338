/**
 * The real headless host (`startHeadless`: engine + HTTP + ingest routes) on 127.0.0.1, port 0,
 * over a temporary data dir and claude dir, with no discovered roots. For tests that post to the
 * ingest endpoints and read back through the read API, as a client would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import type { EngineOptions } from '../../src/engine';
import { startHeadless, type HeadlessHost } from '../../src/node-host/headless';
import type { AgentSummary } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import { tempDir } from './temp-dir';

export interface TestServer {
  host: HeadlessHost;
  base: string;
  port: number;
  token: string;
  dataDir: string;
  claudeDir: string;
  /** POST a JSON value (or a raw string body) with the token. */
  post(p: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get<T>(p: string): Promise<T>;
  agents(): Promise<AgentSummary[]>;
  agent(id: string): Promise<AgentSummary | undefined>;
  events(agentId: string): Promise<LanternEvent[]>;
  /** The store, read-only (WAL allows a second reader), for facts the API does not show. */
  sql<T>(query: string, ...args: unknown[]): T[];
  stop(): Promise<void>;
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

export interface TestServerOptions {
  /** More engine options (a clock, a search budget, settings overrides). */
  engine?: Partial<EngineOptions>;
  /** Runs before the engine starts, to lay down transcripts or a settings file. */
  before?(dirs: { dataDir: string; claudeDir: string }): void;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir('lantern-ingest-');
  const dataDir = path.join(dir.path, 'data');
  const claudeDir = path.join(dir.path, 'claude');
  fs.mkdirSync(path.join(claudeDir, 'projects'), { recursive: true });
  opts.before?.({ dataDir, claudeDir });
  const host = await startHeadless({
    engine: { dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], role: 'test', ...opts.engine },
    host: '127.0.0.1',
    port: 0,
    token: null,
    out: sink(),
  });
  await host.indexed;
  const base = host.url;
  const auth = { 'X-Token': host.token };
  let db: Database.Database | null = null;
  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(base + p, { headers: auth });
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    host,
    base,
    port: Number(new URL(base).port),
    token: host.token,
    dataDir,
    claudeDir,
    post: (p, body, headers = {}) =>
      fetch(base + p, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get,
    agents: async () => (await get<{ agents: AgentSummary[] }>('/api/agents')).agents,
    agent: async (id) => (await get<{ agents: AgentSummary[] }>('/api/agents')).agents.find((a) => a.id === id),
    events: async (id) => (await get<{ events: LanternEvent[] }>(`/api/agents/${encodeURIComponent(id)}/events?limit=1000`)).events,
    sql: <T>(query: string, ...args: unknown[]) => {
      db ??= new Database(path.join(dataDir, 'lantern.db'), { readonly: true, fileMustExist: true });
      return db.prepare(query).all(...args) as T[];
    },
    async stop() {
      db?.close();
      await host.stop();
      dir.cleanup();
    },
  };
}
