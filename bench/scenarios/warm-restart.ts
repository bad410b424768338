/**
 * (b) Warm restart to ready: the engine opened again on the data dir (a) indexed, `index()` with
 * nothing changed; three runs after a gc, the median reported. Baseline: walking every agent's
 * transcript folder and stat-ing every file, the least a restart that checks for changes can do.
 */
import { createEngine } from '../../src/engine';
import type { MixedCorpusStats } from '../corpus';
import { engineSources, transcriptRoots, type CorpusLayout } from '../layout';
import type { ScenarioResult } from '../result';
import { readsBySource, type SourceReads } from '../source-check';
import { percentile, round } from '../stats';
import { listJsonl } from '../walk';

const GOAL_MS_PER_GB = 150;
const RUNS = 3;

export async function runWarmRestart(layout: CorpusLayout, corpus: MixedCorpusStats, dataDir: string): Promise<ScenarioResult> {
  const corpusBytes = corpus.bytes;
  let sources: SourceReads = {};
  const walks: number[] = [];
  const readies: number[] = [];
  const opens: number[] = [];
  let reread = { lines: 0, events: 0, files: 0 };
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const walkStarted = performance.now();
    const files = transcriptRoots(layout).flatMap((root) => listJsonl(root.dir));
    walks.push(performance.now() - walkStarted);

    globalThis.gc?.();
    const started = performance.now();
    const engine = createEngine({ dataDir, ...engineSources(layout), role: 'bench' });
    opens.push(performance.now() - started);
    const r = await engine.index();
    readies.push(performance.now() - started);
    if (i === RUNS - 1) sources = readsBySource(engine.store.listAgents(), layout.agents, corpus.agents);
    await engine.stop();
    reread = { lines: reread.lines + r.lines, events: reread.events + r.events, files: files.length };
  }
  const ms = percentile(readies, 50);
  const walkMs = percentile(walks, 50);
  const perGb = ms / (corpusBytes / 1e9);
  return {
    id: 'warm-restart',
    title: 'warm restart to ready',
    figures: [
      { label: 'ready', value: Math.round(ms), unit: 'ms' },
      { label: 'per GB', value: Math.round(perGb), unit: 'ms/GB' },
      { label: 'open', value: Math.round(percentile(opens, 50)), unit: 'ms' },
      { label: 'fastest', value: Math.round(Math.min(...readies)), unit: 'ms' },
      { label: 'baseline', value: round(walkMs), unit: 'ms' },
    ],
    ratio: { value: round(ms / Math.max(walkMs, 0.001), 1), baseline: `walk + stat of ${reread.files} files` },
    goal: `< ${GOAL_MS_PER_GB} ms per GB`,
    withinGoal: perGb < GOAL_MS_PER_GB,
    check:
      reread.lines === 0 && reread.events === 0
        ? { ok: true, detail: 'OK: nothing re-read' }
        : { ok: false, detail: `MISMATCH: ${reread.lines} lines and ${reread.events} events re-read with nothing changed` },
    sources,
    notes: [`median of ${RUNS} runs (each: createEngine + index() + stop()); runs ${readies.map((x) => Math.round(x)).join(', ')} ms`],
  };
}
