/**
 * `npm run bench`: generates (or reuses) a corpus, measures the baseline, runs the scenarios, and
 * prints a table plus a JSON summary (also written to bench/out/results.json). Figures are shown
 * with their ratio to a baseline measured in the same run and the goal beside them; the exit code
 * reflects errors and correctness checks only, never timing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../src/engine';
import { parseBenchArgs, type ScenarioId } from './args';
import { runBaseline, type BaselineResult } from './baseline';
import { ensureCorpus } from './corpus';
import { formatTable } from './report';
import { failed, type ScenarioResult } from './result';
import { runColdIndex } from './scenarios/cold-index';
import { runEventIngest } from './scenarios/event-ingest';
import { runHookAnswer } from './scenarios/hook-answer';
import { runSseLatency } from './scenarios/sse-latency';
import { runStatsVsCcusage } from './scenarios/stats-vs-ccusage';
import { runSteadyRss } from './scenarios/steady-rss';
import { runUiReplay } from './scenarios/ui-replay';
import { runWarmRestart } from './scenarios/warm-restart';
import { runWatcherStartup } from './scenarios/watcher-startup';
import { formatBytes, round } from './stats';

/** The whole run is cut off here, whatever hangs. */
const WATCHDOG_MS = 45 * 60 * 1000;
const BASELINE_RUNS = 3;
const OUT_DIR = fileURLToPath(new URL('../bench/out/', import.meta.url));

const GOALS: Record<ScenarioId, [string, string]> = {
  'cold-index': ['cold index throughput', '≥ 0.8× baseline'],
  'warm-restart': ['warm restart to ready', '< 150 ms per GB'],
  'sse-latency': ['append → SSE, 10 clients', 'p95 ≤ 35 ms'],
  'watcher-startup': ['watcher start-up, 3000 files', '≤ 100 ms, ≤ 10 MB'],
  'steady-rss': ['steady RSS', '≤ 140 MB at 1 GB'],
  'event-ingest': ['POST /api/event, 0/10/100 SSE subs', '≥ 14000 events/s at 10 subs, p95 ≤ 5 ms'],
  'hook-answer': ['hook answer, sequential', 'p99 < 5 ms (alone and with 10 subs)'],
  stats: ['lantern stats vs ccusage daily', '≥ 10× faster'],
  'ui-replay': ['from Enter to first cards, 100k events', '< 300 ms, JS heap < 150 MB'],
};

function bestBaseline(corpusDir: string, runs: number): BaselineResult {
  let best: BaselineResult | null = null;
  for (let i = 0; i < runs; i++) {
    const r = runBaseline(corpusDir);
    if (!best || r.mbPerSec > best.mbPerSec) best = r;
  }
  return best as BaselineResult;
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const cpus = os.cpus();
  const machine = { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', memGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.arch()}` };
  console.log(`Lantern bench: ${machine.cores} cores (${machine.cpu}), ${machine.memGB} GiB RAM, Node ${machine.node}, ${machine.platform}`);

  const corpus = await ensureCorpus({ bytes: args.bytes, seed: args.seed, keep: args.keep, label: args.sizeLabel });
  const how = corpus.reused ? 'reused' : `generated in ${round(corpus.generateMs / 1000, 1)} s`;
  console.log(`corpus: ${formatBytes(corpus.stats.bytes)} (--size ${args.sizeLabel}, seed ${args.seed}), ${corpus.stats.files} files, ${corpus.stats.lines} lines, ${how}, at ${corpus.dir}`);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-data-'));
  const results: ScenarioResult[] = [];
  let baseline: BaselineResult | null = null;
  let indexed = false;
  const ensureIndexed = async () => {
    if (indexed) return;
    const engine = createEngine({ dataDir, claudeDirs: [corpus.dir], discoverRoots: false, taskDirs: [], role: 'bench' });
    await engine.index();
    await engine.stop();
    indexed = true;
  };
  const run = async (id: ScenarioId, body: () => Promise<ScenarioResult>) => {
    if (!args.only.has(id)) return;
    process.stderr.write(`bench: running ${id}…\n`);
    try {
      results.push(await body());
    } catch (err) {
      results.push(failed(id, GOALS[id][0], GOALS[id][1], err));
    }
  };

  try {
    if (args.only.has('cold-index')) {
      baseline = bestBaseline(corpus.dir, BASELINE_RUNS);
      console.log(`baseline: ${round(baseline.mbPerSec)} MB/s (read + split + JSON.parse of ${baseline.lines} lines, 1 thread, best of ${BASELINE_RUNS})`);
    }
    await run('cold-index', async () => {
      const r = await runColdIndex(corpus.dir, dataDir, baseline as BaselineResult);
      indexed = true;
      return r;
    });
    await run('warm-restart', async () => {
      await ensureIndexed();
      return runWarmRestart(corpus.dir, dataDir, corpus.stats.bytes);
    });
    await run('sse-latency', () => runSseLatency(args.seed));
    await run('watcher-startup', () => runWatcherStartup(args.seed));
    await run('steady-rss', async () => {
      await ensureIndexed();
      return runSteadyRss(corpus.dir, dataDir, corpus.stats.bytes);
    });
    await run('event-ingest', () => runEventIngest());
    await run('hook-answer', () => runHookAnswer());
    await run('stats', async () => {
      await ensureIndexed();
      return runStatsVsCcusage(corpus.dir, dataDir);
    });
    await run('ui-replay', () => runUiReplay(args.seed));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    corpus.dispose();
  }

  console.log('');
  console.log(formatTable(results));
  const summary = { machine, corpus: { size: args.sizeLabel, seed: args.seed, ...corpus.stats, dir: args.keep ? corpus.dir : null }, baseline, results };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'results.json'), JSON.stringify(summary, null, 2));
  console.log('');
  console.log('JSON summary:');
  console.log(JSON.stringify(summary));
  return results.some((r) => r.error || r.check?.ok === false) ? 1 : 0;
}

setTimeout(() => {
  process.stderr.write(`bench: watchdog fired after ${WATCHDOG_MS / 60000} min, exiting\n`);
  process.exit(2);
}, WATCHDOG_MS).unref();

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
