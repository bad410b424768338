/**
 * The agent list's order and nesting: blocked first, then running, idle, failed, done, stale;
 * newest activity first within a state; sub-agents right under their parent. Pure, so it is
 * tested without a DOM and shared by the list, the keys (j/k) and the tray menu's order.
 */
import type { AgentSummary } from '../../shared/agents';
import type { AgentState } from '../../shared/events';
import type { Filters } from './store';

const STATE_RANK: Record<AgentState, number> = { blocked: 0, running: 1, idle: 2, failed: 3, done: 4, stale: 5 };

export interface AgentRowModel {
  agent: AgentSummary;
  /** 0 for a top-level agent, 1 for its sub-agents, … */
  depth: number;
}

export function projectOf(a: Pick<AgentSummary, 'cwd' | 'milestone'>): string {
  if (a.cwd) {
    const parts = a.cwd.split(/[\\/]/).filter(Boolean);
    return parts[parts.length - 1] ?? a.cwd;
  }
  return a.milestone ? a.milestone.issue : '—';
}

function compare(a: AgentSummary, b: AgentSummary): number {
  const r = STATE_RANK[a.state] - STATE_RANK[b.state];
  if (r !== 0) return r;
  const t = (b.lastEventAt ?? '').localeCompare(a.lastEventAt ?? '');
  return t !== 0 ? t : a.id.localeCompare(b.id);
}

export function matches(a: AgentSummary, f: Filters): boolean {
  if (f.states.length > 0 && !f.states.includes(a.state)) return false;
  if (f.source && a.source !== f.source) return false;
  if (f.host && a.host !== f.host) return false;
  if (f.project && projectOf(a) !== f.project) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  const hay = [a.id, a.title ?? '', a.cwd ?? '', a.models.join(' '), a.tag ?? '', a.milestone?.title ?? ''].join('\n').toLowerCase();
  return hay.includes(text);
}

export function orderAgents(agents: Iterable<AgentSummary>, filters: Filters): AgentRowModel[] {
  const all = [...agents];
  const byId = new Map(all.map((a) => [a.id, a]));
  const children = new Map<string, AgentSummary[]>();
  const roots: AgentSummary[] = [];
  for (const a of all) {
    if (!matches(a, filters)) continue;
    // A sub-agent whose parent is filtered out (or unknown) stands on its own.
    if (a.parentId && byId.has(a.parentId) && matches(byId.get(a.parentId) as AgentSummary, filters)) {
      const list = children.get(a.parentId) ?? [];
      list.push(a);
      children.set(a.parentId, list);
    } else roots.push(a);
  }
  const out: AgentRowModel[] = [];
  const seen = new Set<string>();
  const visit = (a: AgentSummary, depth: number) => {
    if (seen.has(a.id)) return; // a parent cycle in bad data must not hang the UI
    seen.add(a.id);
    out.push({ agent: a, depth });
    for (const c of (children.get(a.id) ?? []).sort(compare)) visit(c, depth + 1);
  };
  for (const a of roots.sort(compare)) visit(a, 0);
  return out;
}

/** Distinct values for the filter menus. */
export function filterChoices(agents: Iterable<AgentSummary>): { projects: string[]; hosts: string[]; sources: string[] } {
  const projects = new Set<string>();
  const hosts = new Set<string>();
  const sources = new Set<string>();
  for (const a of agents) {
    projects.add(projectOf(a));
    hosts.add(a.host);
    sources.add(a.source);
  }
  const sorted = (s: Set<string>) => [...s].sort((x, y) => x.localeCompare(y));
  return { projects: sorted(projects), hosts: sorted(hosts), sources: sorted(sources) };
}
