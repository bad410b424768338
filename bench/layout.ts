/**
 * Where each agent's files live in a bench corpus, and how the engine and the CLI are pointed at
 * them: `<dir>/claude` is a Claude Code config dir (`projects/…`), `<dir>/codex` a Codex home
 * (`sessions/YYYY/MM/DD/rollout-*.jsonl`, `archived_sessions/rollout-*.jsonl`), `<dir>/gemini` a
 * Gemini CLI home (`tmp/<project>/chats/…`, `projects.json`).
 * Only agents with a share of the mix are passed on; nothing is ever discovered from the real home.
 */
import path from 'node:path';
import type { SourceOptions } from '../src/engine/sources';
import { mixAgents, type AgentKind, type Mix } from './mix';

export interface CorpusLayout {
  dir: string;
  mix: Mix;
  /** Agents with a share of the corpus. */
  agents: AgentKind[];
  /** Each agent's home (config dir): what `--claude-dir` / `--codex-dir` / `--gemini-dir` take. */
  homes: Record<AgentKind, string>;
}

/** Inside a home, the folders holding the agent's transcripts. */
const TRANSCRIPTS: Record<AgentKind, string[]> = { claude: ['projects'], codex: ['sessions', 'archived_sessions'], gemini: ['tmp'] };

export function corpusLayout(dir: string, mix: Mix): CorpusLayout {
  return { dir, mix, agents: mixAgents(mix), homes: { claude: path.join(dir, 'claude'), codex: path.join(dir, 'codex'), gemini: path.join(dir, 'gemini') } };
}

/** The folders holding each agent's transcripts (what the baseline reads and the watcher watches). */
export function transcriptRoots(layout: CorpusLayout): Array<{ agent: AgentKind; dir: string }> {
  return layout.agents.flatMap((agent) => TRANSCRIPTS[agent].map((sub) => ({ agent, dir: path.join(layout.homes[agent], sub) })));
}

/** Engine options reading exactly the corpus: each agent's home, no discovered roots, no task dirs. */
export function engineSources(layout: CorpusLayout): Pick<SourceOptions, 'claudeDirs' | 'codexDirs' | 'geminiDirs' | 'discoverRoots' | 'taskDirs'> {
  const dirs = (k: AgentKind) => (layout.agents.includes(k) ? [layout.homes[k]] : []);
  return { claudeDirs: dirs('claude'), codexDirs: dirs('codex'), geminiDirs: dirs('gemini'), discoverRoots: false, taskDirs: [] };
}

/** The same for the CLI (`lantern serve` / `stats` …). */
export function sourceFlags(layout: CorpusLayout): string[] {
  const flag: Record<AgentKind, string> = { claude: '--claude-dir', codex: '--codex-dir', gemini: '--gemini-dir' };
  return [...layout.agents.flatMap((k) => [flag[k], layout.homes[k]]), '--no-default-dirs'];
}
