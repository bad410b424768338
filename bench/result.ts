/** What every scenario reports: figures, a ratio to a baseline measured in the same run, the goal beside them. */
import type { ScenarioId } from './args';
import type { SourceReads } from './source-check';

export interface Figure {
  label: string;
  value: number;
  unit: string;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** Headline figure first. */
  figures: Figure[];
  /** Engine figure ÷ baseline figure (or baseline ÷ engine for throughput), with what the baseline is. */
  ratio: { value: number; baseline: string } | null;
  /** The goal from the issue, as text. */
  goal: string;
  /** Whether the figure is within the goal on this machine; informative only, never an exit status. */
  withinGoal: boolean | null;
  /** Correctness check (not timing): a mismatch makes the run exit non-zero. */
  check?: { ok: boolean; detail: string };
  /** What the engine read per agent source of the corpus mix (scenarios that index it); informative. */
  sources?: SourceReads;
  notes: string[];
  error?: string;
}

export function failed(id: ScenarioId, title: string, goal: string, err: unknown): ScenarioResult {
  const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { id, title, figures: [], ratio: null, goal, withinGoal: null, notes: [], error };
}
