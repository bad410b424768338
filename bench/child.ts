/**
 * Entry of the measurement child process (dist/bench-child.js): `watcher <json>`, `steady-rss <json>`,
 * `http-load <json>` or `sse-subscribers <json>`. Prints one JSON line with the figures (last). Module loading happens before the bare RSS is read, so the
 * deltas are what the watcher or engine itself holds, not the code.
 */
import path from 'node:path';
import { createEngine } from '../src/engine';
import { createWatcher } from '../src/engine/watch/watcher';
import { runLoad, type LoadArgs } from './load-client';
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
}

export interface SteadyChildResult {
  bareRss: number;
  rss: number;
  heapUsed: number;
  external: number;
  readyMs: number;
  settleMs: number;
}

async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

async function watcher(args: { root: string }): Promise<WatcherChildResult> {
  const bareRss = await settledRss();
  const walkStarted = performance.now();
  const files = listJsonl(args.root).length;
  const walkMs = performance.now() - walkStarted;
  let errors = 0;
  const started = performance.now();
  const w = createWatcher({ roots: [args.root], accept: (p) => p.endsWith('.jsonl'), onChange: () => {}, onError: () => errors++ });
  await w.ready;
  const readyMs = performance.now() - started;
  const rss = await settledRss();
  await w.close();
  return { bareRss, rss, readyMs, walkMs, files, errors };
}

async function steadyRss(args: { corpusDir: string; dataDir: string; settleMs: number }): Promise<SteadyChildResult> {
  const bareRss = await settledRss();
  const started = performance.now();
  const engine = createEngine({ dataDir: args.dataDir, claudeDirs: [args.corpusDir], discoverRoots: false, taskDirs: [], role: 'bench' });
  await engine.index();
  await engine.watch();
  const readyMs = performance.now() - started;
  await sleep(args.settleMs);
  const rss = await settledRss();
  const mem = process.memoryUsage();
  await engine.stop();
  return { bareRss, rss, heapUsed: mem.heapUsed, external: mem.external, readyMs, settleMs: args.settleMs };
}

async function main(): Promise<unknown> {
  const [mode, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}') as Record<string, unknown>;
  if (mode === 'watcher') return watcher({ root: path.resolve(String(args.root)) });
  if (mode === 'steady-rss') return steadyRss({ corpusDir: String(args.corpusDir), dataDir: String(args.dataDir), settleMs: Number(args.settleMs) });
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
