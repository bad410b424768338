/**
 * The corpus a run works on: in os.tmpdir(), named by size and seed, reused when its marker file
 * says it was fully generated with the same size, seed and generator version; deleted at the end
 * unless --keep (or unless it was already there).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, type CorpusStats } from './generate';

/** Bump when the generator's output changes, so stale kept corpora are regenerated. */
const GENERATOR_VERSION = 2;
const MARKER = '.lantern-bench-corpus.json';

interface Marker {
  generator: number;
  bytes: number;
  seed: number;
  stats: CorpusStats;
}

export interface Corpus {
  dir: string;
  stats: CorpusStats;
  reused: boolean;
  generateMs: number;
  /** Removes the corpus unless it is to be kept. */
  dispose(): void;
}

export async function ensureCorpus(opts: { bytes: number; seed: number; keep: boolean; label: string }): Promise<Corpus> {
  const dir = path.join(os.tmpdir(), `lantern-bench-corpus-${opts.label.toLowerCase()}-seed${opts.seed}`);
  const markerPath = path.join(dir, MARKER);
  if (existsSync(markerPath)) {
    try {
      const m = JSON.parse(readFileSync(markerPath, 'utf8')) as Marker;
      if (m.generator === GENERATOR_VERSION && m.bytes === opts.bytes && m.seed === opts.seed) {
        return { dir, stats: m.stats, reused: true, generateMs: 0, dispose: () => {} };
      }
    } catch {
      // unreadable marker: regenerate
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const stats = await generateCorpus(dir, { bytes: opts.bytes, seed: opts.seed });
  const generateMs = performance.now() - started;
  const marker: Marker = { generator: GENERATOR_VERSION, bytes: opts.bytes, seed: opts.seed, stats };
  writeFileSync(markerPath, JSON.stringify(marker));
  return {
    dir,
    stats,
    reused: false,
    generateMs,
    dispose: () => {
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
