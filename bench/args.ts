/** `npm run bench -- [--size 100MB|1GB|<n>MB] [--mix mixed|claude|claude=70,codex=20,gemini=10] [--keep] [--only a,c] [--seed n]`. */
import { parseArgs } from 'node:util';
import { parseMix, type Mix } from './mix';

export const SCENARIOS = ['cold-index', 'warm-restart', 'sse-latency', 'watcher-startup', 'steady-rss', 'event-ingest', 'hook-answer', 'stats', 'ui-replay', 'jobs-check'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];
/** Short names accepted by --only, as the issue lists them. */
const LETTERS: Record<string, ScenarioId> = { a: 'cold-index', b: 'warm-restart', c: 'sse-latency', d: 'watcher-startup', e: 'steady-rss', f: 'event-ingest', g: 'hook-answer', h: 'stats', i: 'ui-replay', j: 'jobs-check' };

export interface BenchArgs {
  bytes: number;
  sizeLabel: string;
  keep: boolean;
  seed: number;
  /** Shares of the corpus bytes per agent (default: 70% Claude, 20% Codex, 10% Gemini). */
  mix: Mix;
  only: Set<ScenarioId>;
}

/** `100MB`, `1GB`, `250mb`, `2.5GB` (decimal units, as disks count). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(MB|GB)$/i.exec(text.trim());
  if (!m) throw new Error(`--size must look like 100MB, 1GB or <n>MB, got "${text}"`);
  return Math.round(Number(m[1]) * (m[2].toUpperCase() === 'GB' ? 1e9 : 1e6));
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string', default: '100MB' },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      seed: { type: 'string', default: '1' },
      mix: { type: 'string', default: 'mixed' },
    },
    strict: true,
  });
  const only = new Set<ScenarioId>();
  for (const raw of (values.only ?? SCENARIOS.join(',')).split(',')) {
    const name = raw.trim();
    if (!name) continue;
    const id = LETTERS[name] ?? SCENARIOS.find((s) => s === name);
    if (!id) throw new Error(`--only takes a comma list of ${SCENARIOS.join(', ')} (or a–j), got "${name}"`);
    only.add(id);
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const bytes = parseSize(values.size ?? '100MB');
  const mix = parseMix(values.mix ?? 'mixed');
  return { bytes, sizeLabel: (values.size ?? '100MB').toUpperCase(), keep: values.keep ?? false, seed, mix, only };
}
