/**
 * Candidates decided close together become one notification (DESIGN.md: "bursts coalesced"): one
 * per agent first (a milestone `done` and the `done` state it causes are one piece of news), then
 * one for the burst, blocked agents first ("3 agents need you", a line per project). Pure.
 */
import type { Alert } from '../../shared/notify';
import type { NotifyKind } from '../../shared/settings';
import { BODY_CAP, clip, TITLE_CAP } from './alert-text';
import type { Candidate } from './decide';

/** What needs a person most comes first, and names a merged alert's kind. */
export const KIND_RANK: Record<NotifyKind, number> = { blocked: 0, error: 1, pr: 2, done: 3 };
/** Lines listed in a burst's body; the rest are counted. */
const BURST_LINES = 5;

const byRank = (a: Candidate, b: Candidate) => KIND_RANK[a.kind] - KIND_RANK[b.kind];

/** One candidate per agent, in order of first appearance: the most urgent kind, each kind's first body. */
export function mergeByAgent(candidates: readonly Candidate[]): Candidate[] {
  const byAgent = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byAgent.get(c.agentId);
    if (list) list.push(c);
    else byAgent.set(c.agentId, [c]);
  }
  return [...byAgent.values()].map((list) => {
    const sorted = [...list].sort(byRank);
    const seen = new Set<NotifyKind>();
    const bodies: string[] = [];
    for (const c of sorted) {
      if (seen.has(c.kind)) continue;
      seen.add(c.kind);
      bodies.push(c.body);
    }
    const url = sorted.find((c) => c.url)?.url;
    const { prKey: _prKey, state: _state, url: _url, ...top } = sorted[0];
    return { ...top, body: bodies.join('\n'), ...(url ? { url } : {}) };
  });
}

function headline(merged: readonly Candidate[]): string {
  const n = merged.length;
  if (merged.some((c) => c.kind === 'blocked' || c.kind === 'error')) return `${n} agents need you`;
  if (merged.every((c) => c.kind === 'pr')) return `${n} PRs opened`;
  if (merged.every((c) => c.kind === 'done')) return `${n} agents finished`;
  return `${n} agents have news`;
}

/** The alert for one burst of candidates (at least one). */
export function toAlert(candidates: readonly Candidate[], id: number, at: number): Alert {
  const merged = mergeByAgent(candidates).sort(byRank);
  const first = merged[0];
  const kinds = [...new Set(candidates.map((c) => c.kind))].sort((a, b) => KIND_RANK[a] - KIND_RANK[b]);
  const base = { id, kind: first.kind, kinds, agentIds: merged.map((c) => c.agentId), at: new Date(at).toISOString() };
  if (merged.length === 1) {
    return { ...base, title: clip(first.project, TITLE_CAP), body: first.body, ...(first.url ? { url: first.url } : {}) };
  }
  const lines = merged.slice(0, BURST_LINES).map((c) => clip(`${c.project}: ${c.body.split('\n')[0]}`, BODY_CAP));
  if (merged.length > BURST_LINES) lines.push(`…and ${merged.length - BURST_LINES} more`);
  const urls = new Set(merged.flatMap((c) => (c.url ? [c.url] : [])));
  return { ...base, title: headline(merged), body: lines.join('\n'), ...(urls.size === 1 ? { url: [...urls][0] } : {}) };
}
