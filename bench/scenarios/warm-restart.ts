/**
 * (b) Warm restart to ready: the engine opened again on the data dir (a) indexed, `index()` with
 * nothing changed. Baseline: walking the corpus and stat-ing every file, the least a restart that
 * checks for changes can do.
 */
import path from 'node:path';
import { createEngine } from '../../src/engine';
import type { ScenarioResult } from '../result';
import { round } from '../stats';
import { listJsonl } from '../walk';

const GOAL_MS_PER_GB = 150;

export async function runWarmRestart(corpusDir: string, dataDir: string, corpusBytes: number): Promise<ScenarioResult> {
  const walkStarted = performance.now();
  const files = listJsonl(path.join(corpusDir, 'projects'));
  const walkMs = performance.now() - walkStarted;

  const started = performance.now();
  const engine = createEngine({ dataDir, claudeDirs: [corpusDir], discoverRoots: false, taskDirs: [], role: 'bench' });
  const openMs = performance.now() - started;
  const r = await engine.index();
  const ms = performance.now() - started;
  await engine.stop();
  const gb = corpusBytes / 1e9;
  const perGb = ms / gb;
  return {
    id: 'warm-restart',
    title: 'warm restart to ready',
    figures: [
      { label: 'ready', value: Math.round(ms), unit: 'ms' },
      { label: 'per GB', value: Math.round(perGb), unit: 'ms/GB' },
      { label: 'open', value: Math.round(openMs), unit: 'ms' },
      { label: 'baseline', value: round(walkMs), unit: 'ms' },
    ],
    ratio: { value: round(ms / Math.max(walkMs, 0.001), 1), baseline: `walk + stat of ${files.length} files` },
    goal: `< ${GOAL_MS_PER_GB} ms per GB`,
    withinGoal: perGb < GOAL_MS_PER_GB,
    check:
      r.lines === 0 && r.events === 0
        ? { ok: true, detail: 'OK: nothing re-read' }
        : { ok: false, detail: `MISMATCH: ${r.lines} lines and ${r.events} events re-read with nothing changed` },
    notes: [`${r.files} files checked`],
  };
}
