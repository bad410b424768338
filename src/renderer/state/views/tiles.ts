/** The Issues view's stat tiles, pure: counts over the agent map plus today's spend. */
import type { AgentSummary } from '../../../shared/agents';
import type { Burn } from '../../../shared/stats';
import { safeHttpUrl } from './issue-rails';

export interface IssueTiles {
  running: number;
  blocked: number;
  prsOpened: number;
  doneToday: number;
  /** Since local midnight; null until stats or a burn tick arrived. */
  spendToday: number | null;
}

/** Local midnight of the day `now` falls on, in ms. */
export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * A PR counts as opened for a milestone stream that reported an http(s) `pr_url` OR reached the
 * `pr` phase (some reporters send `report pr …` without a URL): either is evidence of a PR, and
 * each stream counts once. Streams only: transcripts carry no PR information.
 */
export function opensPr(a: Pick<AgentSummary, 'milestone'>): boolean {
  const m = a.milestone;
  if (!m) return false;
  return safeHttpUrl(m.prUrl) !== null || m.phase === 'pr' || m.phases.includes('pr');
}

/**
 * running / blocked: every agent in that state. Done today: every agent whose state is `done`
 * and whose last event is since local midnight.
 */
export function issueTiles(agents: Iterable<AgentSummary>, burn: Pick<Burn, 'today'> | null, now: number): IssueTiles {
  const midnight = localMidnight(now);
  const t: IssueTiles = { running: 0, blocked: 0, prsOpened: 0, doneToday: 0, spendToday: burn ? burn.today : null };
  for (const a of agents) {
    if (a.state === 'running') t.running++;
    else if (a.state === 'blocked') t.blocked++;
    else if (a.state === 'done' && a.lastEventAt && Date.parse(a.lastEventAt) >= midnight) t.doneToday++;
    if (opensPr(a)) t.prsOpened++;
  }
  return t;
}
