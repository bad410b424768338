/**
 * The corpus a run works on: in os.tmpdir(), named by size, seed and mix, laid out as one home per
 * agent (`layout.ts`): `<dir>/claude/projects/…`, `<dir>/codex/sessions/…`, `<dir>/gemini/tmp/…`,
 * each agent getting its share of the bytes. Reused when its marker file says it was fully
 * generated with the same size, seed, mix and generator version; deleted at the end unless --keep
 * (or unless it was already there).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCodexHome, generateGeminiHome } from './agent-homes';
import { generateCorpus, type CorpusStats } from './generate';
import { corpusLayout, type CorpusLayout } from './layout';
import { agentSeed, mixKey, splitBytes, type AgentKind, type Mix } from './mix';

/** Bump when the generator's output changes, so stale kept corpora are regenerated. */
const GENERATOR_VERSION = 3;
const MARKER = '.lantern-bench-corpus.json';

export interface MixedCorpusStats extends CorpusStats {
  /** Per agent with a share of the mix. */
  agents: Partial<Record<AgentKind, CorpusStats>>;
}

interface Marker {
  generator: number;
  bytes: number;
  seed: number;
  mix: string;
  stats: MixedCorpusStats;
}

export interface Corpus {
  dir: string;
  layout: CorpusLayout;
  stats: MixedCorpusStats;
  reused: boolean;
  generateMs: number;
  /** Removes the corpus unless it is to be kept. */
  dispose(): void;
}

const GENERATORS: Record<AgentKind, (home: string, opts: { bytes: number; seed: number }) => Promise<CorpusStats>> = {
  claude: generateCorpus,
  codex: generateCodexHome,
  gemini: generateGeminiHome,
};

/** Every agent's home with its share of `bytes`; the Claude part is what `generateCorpus` alone writes for that many bytes. */
export async function generateMixedCorpus(dir: string, opts: { bytes: number; seed: number; mix: Mix }): Promise<MixedCorpusStats> {
  const layout = corpusLayout(dir, opts.mix);
  const shares = splitBytes(opts.bytes, opts.mix);
  const stats: MixedCorpusStats = { files: 0, bytes: 0, lines: 0, agents: {} };
  for (const agent of layout.agents) {
    mkdirSync(layout.homes[agent], { recursive: true });
    const s = await GENERATORS[agent](layout.homes[agent], { bytes: shares[agent], seed: agentSeed(opts.seed, agent) });
    stats.agents[agent] = s;
    stats.files += s.files;
    stats.bytes += s.bytes;
    stats.lines += s.lines;
  }
  return stats;
}

export async function ensureCorpus(opts: { bytes: number; seed: number; mix: Mix; keep: boolean; label: string }): Promise<Corpus> {
  const key = mixKey(opts.mix);
  const dir = path.join(os.tmpdir(), `lantern-bench-corpus-${opts.label.toLowerCase()}-seed${opts.seed}-${key}`);
  const layout = corpusLayout(dir, opts.mix);
  const markerPath = path.join(dir, MARKER);
  if (existsSync(markerPath)) {
    try {
      const m = JSON.parse(readFileSync(markerPath, 'utf8')) as Marker;
      if (m.generator === GENERATOR_VERSION && m.bytes === opts.bytes && m.seed === opts.seed && m.mix === key) {
        return { dir, layout, stats: m.stats, reused: true, generateMs: 0, dispose: () => {} };
      }
    } catch {
      // unreadable marker: regenerate
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const stats = await generateMixedCorpus(dir, opts);
  const generateMs = performance.now() - started;
  const marker: Marker = { generator: GENERATOR_VERSION, bytes: opts.bytes, seed: opts.seed, mix: key, stats };
  writeFileSync(markerPath, JSON.stringify(marker));
  return {
    dir,
    layout,
    stats,
    reused: false,
    generateMs,
    dispose: () => {
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
