/**
 * Entry of the measurement child process (dist/bench-child.js): `watcher <json>`, `steady-rss <json>`,
 * `http-load <json>` or `sse-subscribers <json>`. Prints one JSON line with the figures (last). Module loading happens before the bare RSS is read, so the
 * deltas are what the watcher or engine itself holds, not the code.
 */
import path from 'node:path';
import { createEngine } from '../src/engine';
import type { SourceOptions } from '../src/engine/sources';
import { createWatcher } from '../src/engine/watch/watcher';
import type { CorpusStats } from './generate';
import { runLoad, type LoadArgs } from './load-client';
import type { AgentKind } from './mix';
import { readsBySource, type SourceReads } from './source-check';
import { runSubscribers, type SubscriberArgs } from './sse-subscribers';
import { sleep } from './stats';
import { listJsonl } from './walk';

export interface WatcherChildResult {
  bareRss: number;
  rss: number;
  readyMs: number;
  walkMs: number;
  files: number;
  errors: number;
  /** Files per watched root. */
  roots: Array<{ root: string; files: number }>;
}

export interface SteadyChildResult {
  bareRss: number;
  rss: number;
  heapUsed: number;
  external: number;
  readyMs: number;
  settleMs: number;
  sources: SourceReads;
}

export interface SteadyChildArgs {
  dataDir: string;
  settleMs: number;
  /** Engine options naming the corpus's homes (`layout.ts` engineSources). */
  sources: Pick<SourceOptions, 'claudeDirs' | 'codexDirs' | 'geminiDirs' | 'discoverRoots' | 'taskDirs'>;
  agents: AgentKind[];
  /** The corpus's files per agent, to show beside what was read. */
  corpus: Partial<Record<AgentKind, CorpusStats>>;
}

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

async function watcher(args: { roots: string[] }): Promise<WatcherChildResult> {
  const bareRss = await settledRss();
  const walkStarted = performance.now();
  const roots = args.roots.map((root) => ({ root, files: listJsonl(root).length }));
  const walkMs = performance.now() - walkStarted;
  let errors = 0;
  const started = performance.now();
  const w = createWatcher({ roots: args.roots, accept: (p) => p.endsWith('.jsonl'), onChange: () => {}, onError: () => errors++ });
  await w.ready;
  const readyMs = performance.now() - started;
  const rss = await settledRss();
  await w.close();
  return { bareRss, rss, readyMs, walkMs, files: roots.reduce((n, r) => n + r.files, 0), errors, roots };
}

async function steadyRss(args: SteadyChildArgs): Promise<SteadyChildResult> {
  const bareRss = await settledRss();
  const started = performance.now();
  const engine = createEngine({ dataDir: args.dataDir, ...args.sources, role: 'bench' });
  await engine.index();
  await engine.watch();
  const readyMs = performance.now() - started;
  await sleep(args.settleMs);
  const rss = await settledRss();
  const mem = process.memoryUsage();
  // After the figures: listing the agents allocates.
  const sources = readsBySource(engine.store.listAgents(), args.agents, args.corpus);
  await engine.stop();
  return { bareRss, rss, heapUsed: mem.heapUsed, external: mem.external, readyMs, settleMs: args.settleMs, sources };
}

async function main(): Promise<unknown> {
  const [mode, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}') as Record<string, unknown>;
  if (mode === 'watcher') return watcher({ roots: (args.roots as string[]).map((r) => path.resolve(r)) });
  if (mode === 'steady-rss') return steadyRss(args as unknown as SteadyChildArgs);
  if (mode === 'http-load') return runLoad(args as unknown as LoadArgs);
  if (mode === 'sse-subscribers') return runSubscribers(args as unknown as SubscriberArgs);
  throw new Error(`unknown bench child mode "${mode}"`);
}

main().then(
  (r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
