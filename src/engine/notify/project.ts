/**
 * The name a notification is titled with: the project an agent works in. The same rule as the
 * agent list's project filter (the renderer has its own copy; the engine never imports renderer
 * code): the last segment of the working directory, else the milestone issue, else the agent's title.
 */
import type { AgentSummary } from '../../shared/agents';
import { NO_ISSUE } from '../../shared/schemas/milestone';

export function projectOf(a: Pick<AgentSummary, 'cwd' | 'milestone' | 'title'> | null): string {
  if (a?.cwd) {
    const parts = a.cwd.split(/[\\/]/).filter(Boolean);
    return parts[parts.length - 1] ?? a.cwd;
  }
  if (a?.milestone && a.milestone.issue !== NO_ISSUE) return a.milestone.issue;
  return a?.title?.trim() || 'Lantern';
}
