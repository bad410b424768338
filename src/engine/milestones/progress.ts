/**
 * Milestone progress math: how far along setup → repro → fix → test → lint → pr → done a stream is.
 * Pure: the caller reads the previous progress from the store and passes it in.
 */
import type { MilestoneProgress } from '../../shared/agents';
import type { MilestonePhase } from '../../shared/events';
import type { MilestoneInput } from '../../shared/schemas/milestone';

/** Rail positions; `blocked` is not on the rail (it says nothing about how far the work got). */
export const RAIL: Readonly<Partial<Record<MilestonePhase, number>>> = { setup: 0, repro: 1, fix: 2, test: 3, lint: 4, pr: 5, done: 6 };
const RAIL_END = 6;

/**
 * The next progress after one milestone. Progress never goes back: a `test` after `pr` (a review
 * round) keeps the bar where it was. A report about another issue than the stored one (a Claude
 * session that moved on to the next issue) starts a fresh rail.
 */
export function nextProgress(prev: MilestoneProgress | undefined, m: MilestoneInput): MilestoneProgress {
  const base = prev && prev.issue === m.issue ? prev : undefined;
  const pos = RAIL[m.phase];
  const reached = pos === undefined ? 0 : pos / RAIL_END;
  const phases = base ? [...base.phases] : [];
  if (!phases.includes(m.phase)) phases.push(m.phase);
  return {
    issue: m.issue,
    phase: m.phase,
    level: m.level,
    title: m.title,
    // Any milestone that carries a URL sets it (usually `pr`); later ones without keep it.
    prUrl: m.prUrl ?? base?.prUrl ?? null,
    progress: Math.max(base?.progress ?? 0, reached),
    phases,
  };
}
