/**
 * (d) Watcher start-up and memory for 3000 files in 300 folders, measured in a child process:
 * `createWatcher` start-to-ready and the RSS it adds. Baseline: walking the same tree with
 * readdir + stat in the same child.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WatcherChildResult } from '../child';
import { runChild } from '../child-process';
import { createRng } from '../prng';
import type { ScenarioResult } from '../result';
import { round } from '../stats';

const DIRS = 300;
const FILES_PER_DIR = 10;
const GOAL_MS = 100;
const GOAL_MB = 10;

export async function runWatcherStartup(seed: number): Promise<ScenarioResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-watch-'));
  try {
    const rng = createRng(seed);
    const projects = path.join(root, 'projects');
    for (let d = 0; d < DIRS; d++) {
      const dir = path.join(projects, `-home-dev-code-project-${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < FILES_PER_DIR; f++) writeFileSync(path.join(dir, `${rng.uuid()}.jsonl`), `{"type":"last-prompt","lastPrompt":"hello ${f}"}\n`);
    }
    const r = await runChild<WatcherChildResult>('watcher', { root: projects }, 120_000);
    const deltaMb = (r.rss - r.bareRss) / 1e6;
    return {
      id: 'watcher-startup',
      title: `watcher start-up, ${r.files} files`,
      figures: [
        { label: 'ready', value: round(r.readyMs), unit: 'ms' },
        { label: 'RSS delta', value: round(deltaMb), unit: 'MB' },
        { label: 'bare RSS', value: round(r.bareRss / 1e6), unit: 'MB' },
        { label: 'baseline', value: round(r.walkMs), unit: 'ms' },
      ],
      ratio: { value: round(r.readyMs / Math.max(r.walkMs, 0.001), 1), baseline: 'readdir + stat walk of the same tree' },
      goal: `≤ ${GOAL_MS} ms, ≤ ${GOAL_MB} MB`,
      withinGoal: r.readyMs <= GOAL_MS && deltaMb <= GOAL_MB,
      notes: [`${DIRS} folders × ${FILES_PER_DIR} files; watcher errors ${r.errors}`],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
