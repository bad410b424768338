/**
 * (e) Steady RSS with the corpus indexed: a child process opens the engine on the data dir (a)
 * filled (every agent's home of the mix), brings it up to date, starts watching, waits a few
 * seconds, collects garbage, and reads RSS. Baseline: the same child's RSS before the engine is created.
 */
import type { SteadyChildArgs, SteadyChildResult } from '../child';
import { runChild } from '../child-process';
import type { MixedCorpusStats } from '../corpus';
import { engineSources, type CorpusLayout } from '../layout';
import type { ScenarioResult } from '../result';
import { formatBytes, round } from '../stats';

const GOAL_MB = 140;
const SETTLE_MS = 3000;

export async function runSteadyRss(layout: CorpusLayout, corpus: MixedCorpusStats, dataDir: string): Promise<ScenarioResult> {
  const corpusBytes = corpus.bytes;
  const args: SteadyChildArgs = { dataDir, settleMs: SETTLE_MS, sources: engineSources(layout), agents: layout.agents, corpus: corpus.agents };
  const r = await runChild<SteadyChildResult>('steady-rss', args, 300_000);
  const rssMb = r.rss / 1e6;
  return {
    id: 'steady-rss',
    title: `steady RSS, ${formatBytes(corpusBytes)} indexed`,
    figures: [
      { label: 'RSS', value: round(rssMb), unit: 'MB' },
      { label: 'heap used', value: round(r.heapUsed / 1e6), unit: 'MB' },
      { label: 'bare RSS', value: round(r.bareRss / 1e6), unit: 'MB' },
      { label: 'ready', value: Math.round(r.readyMs), unit: 'ms' },
    ],
    ratio: { value: round(r.rss / r.bareRss, 1), baseline: 'the same process before createEngine' },
    goal: `≤ ${GOAL_MB} MB at 1 GB`,
    withinGoal: rssMb <= GOAL_MB,
    sources: r.sources,
    notes: [`measured after ready + ${SETTLE_MS} ms and gc, watching on; external ${round(r.external / 1e6)} MB`],
  };
}
