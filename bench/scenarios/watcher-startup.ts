/**
 * (d) Watcher start-up and memory for 3000 files in 300 folders, measured in a child process:
 * `createWatcher` start-to-ready and the RSS it adds. The folders are shared out by the corpus mix
 * (Claude project folders, Codex day folders `sessions/YYYY/MM/DD`, Gemini `tmp/<project>/chats`),
 * and every agent's transcript folder is a watched root, as the engine watches them. Baseline:
 * walking the same tree with readdir + stat in the same child.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WatcherChildResult } from '../child';
import { runChild } from '../child-process';
import { rolloutPath, uuidV7 } from '../codex-rollout';
import { iso } from '../conversation';
import { chatFileName, projectHash } from '../gemini-chat';
import { corpusLayout, transcriptRoots } from '../layout';
import { splitBytes, type AgentKind, type Mix } from '../mix';
import { createRng, type Rng } from '../prng';
import type { ScenarioResult } from '../result';
import { round } from '../stats';

const DIRS = 300;
const FILES_PER_DIR = 10;
const GOAL_MS = 100;
const GOAL_MB = 10;
const DAY_MS = 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 1);

/** One small file per agent format: its path under the agent's home and a first line. */
const WRITERS: Record<AgentKind, (rng: Rng, folder: number, file: number) => { rel: string; text: string }> = {
  claude: (rng, d, f) => ({ rel: path.join('projects', `-home-dev-code-project-${d}`, `${rng.uuid()}.jsonl`), text: `{"type":"last-prompt","lastPrompt":"hello ${f}"}\n` }),
  codex: (rng, d, f) => {
    const ms = START + d * DAY_MS + f * 60_000;
    const id = uuidV7(rng, ms);
    return { rel: rolloutPath(ms, id), text: `${JSON.stringify({ timestamp: iso(ms), type: 'session_meta', payload: { id, timestamp: iso(ms), cwd: `/home/dev/code/project-${d}`, originator: 'codex_cli_rs', cli_version: '0.77.0' } })}\n` };
  },
  gemini: (rng, d, f) => {
    const ms = START + d * DAY_MS + f * 60_000;
    const id = rng.uuid();
    const header = { sessionId: id, projectHash: projectHash(`/home/dev/code/project-${d}`), startTime: iso(ms), lastUpdated: iso(ms), kind: 'main' };
    return { rel: path.join('tmp', `project-${d}`, 'chats', chatFileName(ms, id)), text: `${JSON.stringify(header)}\n` };
  },
};

export async function runWatcherStartup(seed: number, mix: Mix): Promise<ScenarioResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-watch-'));
  try {
    const rng = createRng(seed);
    const layout = corpusLayout(root, mix);
    // 300 folders shared out like the corpus bytes (the rounding rest to the first agent).
    const folders = splitBytes(DIRS, mix);
    let d = 0;
    for (const agent of layout.agents) {
      for (let i = 0; i < folders[agent]; i++, d++) {
        for (let f = 0; f < FILES_PER_DIR; f++) {
          const { rel, text } = WRITERS[agent](rng, d, f);
          const file = path.join(layout.homes[agent], rel);
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
      }
    }
    const roots = transcriptRoots(layout);
    for (const r of roots) mkdirSync(r.dir, { recursive: true }); // e.g. Codex's archived_sessions, empty here
    const r = await runChild<WatcherChildResult>('watcher', { roots: roots.map((x) => x.dir) }, 120_000);
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
      notes: [
        `${DIRS} folders × ${FILES_PER_DIR} files; watcher errors ${r.errors}`,
        `folders: ${layout.agents.map((k) => `${k} ${folders[k]}`).join(', ')}; roots: ${roots.map((x, i) => `${path.relative(root, x.dir)} (${r.roots[i]?.files ?? 0} files)`).join(', ')}`,
      ],
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
