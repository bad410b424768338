/**
 * The Issues view's rails: one per milestone stream, the phases it reached along
 * setup → repro → fix → test → lint → pr → done, where it is now, and where it is blocked.
 * Pure (no DOM, no signals), so it is tested in node.
 */
import type { AgentSummary } from '../../../shared/agents';
import type { AgentState, MilestoneLevel, MilestonePhase } from '../../../shared/events';
import { safeWebHref } from '../../text/safe-url';

/** The rail, in order. `blocked` is not a step: it marks the step the stream is stuck on. */
export const RAIL_PHASES = ['setup', 'repro', 'fix', 'test', 'lint', 'pr', 'done'] as const satisfies readonly MilestonePhase[];
export type RailPhase = (typeof RAIL_PHASES)[number];

export interface RailStep {
  phase: RailPhase;
  /** A milestone with this phase arrived. */
  reached: boolean;
  /** At or before the furthest phase reached (the rail is filled up to here, skipped steps included). */
  passed: boolean;
  /** Where the stream is now: its latest phase, or the step it is blocked on. */
  current: boolean;
  /** The stream is blocked on this step. */
  blocked: boolean;
}

export interface IssueRail {
  agentId: string;
  issue: string;
  title: string;
  phase: MilestonePhase;
  level: MilestoneLevel;
  state: AgentState;
  blocked: boolean;
  /** The PR link when it is an http(s) URL; null otherwise (then `prText` holds what was reported, if anything). */
  prHref: string | null;
  prText: string | null;
  /** 0..1, as the engine computed it. */
  progress: number;
  lastEventAt: string | null;
  steps: RailStep[];
}

/** Only http(s) URLs become links: a reported `javascript:` or `data:` URL stays plain text. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  return safeWebHref(url);
}

const isRailPhase = (p: MilestonePhase): p is RailPhase => (RAIL_PHASES as readonly string[]).includes(p);

export function railSteps(m: Pick<NonNullable<AgentSummary['milestone']>, 'phase' | 'phases'>, agentBlocked = false): RailStep[] {
  const reached = new Set<MilestonePhase>(m.phases);
  if (isRailPhase(m.phase)) reached.add(m.phase);
  let furthest = -1;
  RAIL_PHASES.forEach((p, i) => {
    if (reached.has(p)) furthest = i;
  });
  const blocked = m.phase === 'blocked' || agentBlocked;
  // Current: the latest phase when it is on the rail; while blocked by a `blocked` milestone, the
  // furthest step reached (or the first step when none was), which is where the stream is stuck.
  const current = isRailPhase(m.phase) ? RAIL_PHASES.indexOf(m.phase) : Math.max(0, furthest);
  return RAIL_PHASES.map((phase, i) => ({
    phase,
    reached: reached.has(phase),
    passed: i <= furthest,
    current: i === current,
    blocked: blocked && i === current,
  }));
}

const STATE_RANK: Record<AgentState, number> = { blocked: 0, running: 1, idle: 2, failed: 3, stale: 4, done: 5 };

/**
 * Every agent that carries milestone progress: the `milestone:<issue>` streams, and Claude Code
 * sessions a milestone joined (`session`). Blocked first, then running, …; newest activity first.
 */
export function issueRails(agents: Iterable<AgentSummary>): IssueRail[] {
  const out: IssueRail[] = [];
  for (const a of agents) {
    const m = a.milestone;
    if (!m) continue;
    const blocked = m.phase === 'blocked' || a.state === 'blocked';
    const prHref = safeHttpUrl(m.prUrl);
    out.push({
      agentId: a.id,
      issue: m.issue,
      title: m.title,
      phase: m.phase,
      level: m.level,
      state: a.state,
      blocked,
      prHref,
      prText: prHref ? null : m.prUrl || null,
      progress: Math.max(0, Math.min(1, m.progress)),
      lastEventAt: a.lastEventAt,
      steps: railSteps(m, a.state === 'blocked'),
    });
  }
  return out.sort((x, y) => {
    const bx = x.blocked ? -1 : STATE_RANK[x.state];
    const by = y.blocked ? -1 : STATE_RANK[y.state];
    if (bx !== by) return bx - by;
    const t = (y.lastEventAt ?? '').localeCompare(x.lastEventAt ?? '');
    return t !== 0 ? t : x.issue.localeCompare(y.issue);
  });
}
