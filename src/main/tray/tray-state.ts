/**
 * What the tray shows, as plain data (pure; tested without electron): the agents the engine
 * reported (seeded from `listAgents`, then kept current from bus `agent` events, one entry per
 * agent), today's spend and the notification pause. tray.ts turns it into an image, a tooltip,
 * a title and a menu, and touches the Tray only when one of those changes.
 */
import type { AgentSummary } from '../../shared/agents';

export interface TrayAgent {
  id: string;
  /** The project directory's last segment, or null. */
  project: string | null;
  title: string | null;
  reason: string | null;
  lastEventAt: string | null;
}

export interface TrayState {
  running: number;
  blocked: number;
  /** Spend since local midnight in USD; null until the first read. */
  todayUsd: number | null;
  /** Newest first, at most the book's `listMax`. */
  blockedAgents: TrayAgent[];
  runningAgents: TrayAgent[];
  pausedUntil: string | null;
  launchAtLogin: boolean;
}

const lastSegment = (cwd: string | null): string | null => {
  if (!cwd) return null;
  const parts = cwd.split(/[\\/]+/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : cwd;
};

const toTrayAgent = (a: AgentSummary): TrayAgent => ({
  id: a.id,
  project: lastSegment(a.cwd),
  title: a.title,
  reason: a.state === 'blocked' ? a.stateReason : null,
  lastEventAt: a.lastEventAt,
});

const newestFirst = (a: TrayAgent, b: TrayAgent) => (b.lastEventAt ?? '').localeCompare(a.lastEventAt ?? '') || a.id.localeCompare(b.id);

/** Running and blocked agents by id; agents in any other state are not kept. */
export interface AgentBook {
  seed(agents: readonly AgentSummary[]): void;
  update(agent: AgentSummary): void;
  counts(): { running: number; blocked: number };
  list(state: 'running' | 'blocked', max: number): TrayAgent[];
}

export function createAgentBook(): AgentBook {
  const running = new Map<string, TrayAgent>();
  const blocked = new Map<string, TrayAgent>();
  const book: AgentBook = {
    seed(agents) {
      running.clear();
      blocked.clear();
      for (const a of agents) book.update(a);
    },
    update(a) {
      running.delete(a.id);
      blocked.delete(a.id);
      if (a.state === 'running') running.set(a.id, toTrayAgent(a));
      else if (a.state === 'blocked') blocked.set(a.id, toTrayAgent(a));
    },
    counts: () => ({ running: running.size, blocked: blocked.size }),
    list(state, max) {
      return [...(state === 'running' ? running : blocked).values()].sort(newestFirst).slice(0, max);
    },
  };
  return book;
}

/** "$4.20", "<$0.01", "$1,234" (like the UI's money(); main does not import renderer code). */
export function money(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return '$0';
  if (Math.abs(usd) < 0.01) return '<$0.01';
  return `$${usd < 100 ? usd.toFixed(2) : Math.round(usd).toLocaleString('en-US')}`;
}

/** "3 running · 1 blocked · $4.20 today" (blocked left out at 0, spend until it is known, then the pause). */
export function tooltipText(s: Pick<TrayState, 'running' | 'blocked' | 'todayUsd' | 'pausedUntil'>): string {
  const parts = [`${s.running} running`];
  if (s.blocked > 0) parts.push(`${s.blocked} blocked`);
  if (s.todayUsd !== null) parts.push(`${money(s.todayUsd)} today`);
  if (s.pausedUntil) parts.push('notifications paused');
  return parts.join(' · ');
}

/** The macOS menu-bar title beside the template icon: "3", or "3 ⚠︎1" when someone is blocked. */
export function macTitle(running: number, blocked: number): string {
  return blocked > 0 ? `${running} \u26a0\ufe0e${blocked}` : String(running);
}

/** Local hour "until tomorrow" pauses to. */
export const TOMORROW_HOUR = 8;

/**
 * The instant a pause ends. "1 hour": now + 60 min. "Until tomorrow": the next 08:00 local time
 * after now, so a pause at 23:30 and one at 02:00 both end when the working day starts, rather
 * than at midnight, which would wake someone at 00:00 with an overnight agent's alerts.
 */
export function pauseUntil(kind: 'hour' | 'tomorrow', now: number): string {
  if (kind === 'hour') return new Date(now + 3_600_000).toISOString();
  const d = new Date(now);
  d.setHours(TOMORROW_HOUR, 0, 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return d.toISOString();
}
