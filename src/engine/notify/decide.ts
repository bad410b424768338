/**
 * Which alerts one live event calls for (DESIGN.md "Notifications"): blocked, a PR opened, done,
 * error. Pure: the agent, its wait hint and the time come in, candidates go out; whether and
 * when they are sent (kinds switched off, throttle, coalescing, pause) is the policy's business.
 */
import type { AgentSummary } from '../../shared/agents';
import type { AgentState, EventOf, LanternEvent } from '../../shared/events';
import type { NotifyKind } from '../../shared/settings';
import {
  agentName,
  clip,
  blockedBody,
  doneBody,
  failedBody,
  milestoneDoneBody,
  milestoneErrorBody,
  prBody,
  TITLE_CAP,
  turnFailedBody,
} from './alert-text';
import type { WaitHint } from './hints';
import { projectOf } from './project';

export interface Candidate {
  kind: NotifyKind;
  agentId: string;
  /** The notification's title when it goes out alone. */
  project: string;
  body: string;
  url?: string;
  /** A `pr` alert is sent once per agent and key (the PR URL, or "" for a `pr` phase without one). */
  prKey?: string;
  /** Set for alerts from a state change: the state must still hold when the alert goes out. */
  state?: AgentState;
}

export interface DecideContext {
  now: number;
  /** Events and agents last active longer ago than this are history, never news. */
  historyMs: number;
  agent: AgentSummary | null;
  /** What a `blocked` status is waiting for, when a hook or milestone said so just before. */
  hint: WaitHint | null;
}

/** Past the history horizon (by its own timestamp), or with no readable one: never an alert. */
export function isFresh(e: LanternEvent, now: number, historyMs: number): boolean {
  const ts = Date.parse(e.ts);
  return Number.isFinite(ts) && now - ts <= historyMs;
}

/** `http(s)://…` only: a notification's click opens it, so nothing else is ever used as a URL. */
export function httpUrl(s: string | undefined): string | undefined {
  if (!s || s.length > 2048) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const lastActive = (a: AgentSummary): number => (a.lastEventAt ? Date.parse(a.lastEventAt) : NaN);

function fromStatus(e: EventOf<'status'>, ctx: DecideContext): Candidate[] {
  const a = ctx.agent;
  // Already told (a new reason for the same state), or a state reached by silence alone.
  if (!a || e.prev === e.state || e.evidence === 'age') return [];
  // A state read from a transcript (or a hook state replayed from a `lantern run` record) is news
  // only if the agent did something lately: an old file found now is history. The registry is
  // Claude Code's live word, whatever the transcript's age.
  if (e.evidence !== 'registry' && !(ctx.now - lastActive(a) <= ctx.historyMs)) return [];
  const base = { agentId: e.agentId, project: projectOf(a), state: e.state };
  switch (e.state) {
    case 'blocked':
      return [{ ...base, kind: 'blocked', body: blockedBody(agentName(a.source), e.reason, ctx.hint) }];
    case 'done':
      // Sub-agents finish all the time inside a session that goes on; the session's end is the news.
      return a.parentId ? [] : [{ ...base, kind: 'done', body: doneBody(a.title) }];
    case 'failed':
      return a.parentId ? [] : [{ ...base, kind: 'error', body: failedBody(e.reason) }];
    default:
      // running, stale, and idle: a finished turn is not an alert by itself. Claude Code's
      // `idle_prompt` (→ blocked, input) is the one notification for "your turn".
      return [];
  }
}

function fromMilestone(e: EventOf<'milestone'>, ctx: DecideContext): Candidate[] {
  const base = { agentId: e.agentId, project: ctx.agent ? projectOf(ctx.agent) : clip(e.issue, TITLE_CAP) };
  const out: Candidate[] = [];
  const url = httpUrl(e.prUrl);
  if (url || e.phase === 'pr') out.push({ ...base, kind: 'pr', body: prBody(e.title), ...(url ? { url } : {}), prKey: url ?? '' });
  // `done` and `blocked` phases also move the agent's state; that status change merges with these.
  if (e.level === 'error') out.push({ ...base, kind: 'error', body: milestoneErrorBody(e.title) });
  else if (e.phase === 'done') out.push({ ...base, kind: 'done', body: milestoneDoneBody(e.title) });
  return out;
}

/** A cheap first look: only these events can call for an alert (the rest need no agent lookup). */
export function mayAlert(e: LanternEvent): boolean {
  return e.kind === 'status' || e.kind === 'milestone' || (e.kind === 'system' && e.subtype === 'hook:StopFailure');
}

export function decide(e: LanternEvent, ctx: DecideContext): Candidate[] {
  switch (e.kind) {
    case 'status':
      return fromStatus(e, ctx);
    case 'milestone':
      return fromMilestone(e, ctx);
    case 'system':
      // The turn ended on an API error (rate limit, overload): the session lives on, idle.
      if (e.subtype === 'hook:StopFailure' && !ctx.agent?.parentId) {
        const error = typeof e.data?.error === 'string' ? e.data.error : e.text;
        return [{ kind: 'error', agentId: e.agentId, project: projectOf(ctx.agent), body: turnFailedBody(error) }];
      }
      return [];
    default:
      return [];
  }
}
