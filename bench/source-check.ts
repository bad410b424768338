/**
 * Which agents' files the engine actually read: events, agents and transcripts per agent source
 * (`AgentSummary.source`), for each agent of the corpus mix. An agent whose adapter is missing (or
 * claims nothing under its home) shows 0 and is named in the output; that never fails a run.
 * Also the usage of the Codex and Gemini sessions against what the generator wrote.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AgentSummary, UsageTotals } from '../src/shared/agents';
import type { AgentExpectedUsage } from './agent-homes';
import type { GeminiTokens } from './gemini-chat';
import { EXPECTED_USAGE_FILE, type CorpusStats } from './generate';
import type { CorpusLayout } from './layout';
import type { AgentKind } from './mix';

export interface SourceRead {
  /** Transcripts of this agent in the corpus (null when not known to the scenario). */
  files: number | null;
  /** Distinct transcript files the store's agents of this source come from. */
  filesRead: number;
  agents: number;
  events: number;
}

export type SourceReads = Partial<Record<AgentKind, SourceRead>>;

export function readsBySource(agents: AgentSummary[], kinds: readonly AgentKind[], corpus?: Partial<Record<AgentKind, CorpusStats>>): SourceReads {
  const out: SourceReads = {};
  for (const kind of kinds) {
    const mine = agents.filter((a) => a.source === kind);
    out[kind] = {
      files: corpus?.[kind]?.files ?? null,
      filesRead: new Set(mine.map((a) => a.transcript).filter((t) => t !== null)).size,
      agents: mine.length,
      events: mine.reduce((n, a) => n + a.counts.events, 0),
    };
  }
  return out;
}

/** Agents of the mix none of whose files produced an event. */
export const unreadSources = (reads: SourceReads): AgentKind[] => (Object.keys(reads) as AgentKind[]).filter((k) => (reads[k]?.events ?? 0) === 0);

/** `claude 51234 events, 230 agents, 280/280 files; codex NOT READ (0 of 40 files: adapter missing?)`. */
export function formatReads(reads: SourceReads): string {
  return (Object.keys(reads) as AgentKind[])
    .map((k) => {
      const r = reads[k] as SourceRead;
      const files = r.files === null ? `${r.filesRead} files` : `${r.filesRead}/${r.files} files`;
      if (r.events === 0) return `${k} NOT READ (0 events${r.files === null ? '' : ` from ${r.files} files`}: adapter missing or claims nothing?)`;
      return `${k} ${r.events} events, ${r.agents} agents, ${files}`;
    })
    .join('; ');
}

/** `claude ✓ codex ✗ gemini ✗` for the table. */
export const readsCell = (reads: SourceReads): string =>
  (Object.keys(reads) as AgentKind[]).map((k) => `${k} ${(reads[k]?.events ?? 0) > 0 ? '✓' : '✗'}`).join(' ');

const KEYS: Array<keyof UsageTotals> = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'];

export function readAgentExpected(home: string): AgentExpectedUsage {
  return JSON.parse(readFileSync(path.join(home, EXPECTED_USAGE_FILE), 'utf8')) as AgentExpectedUsage;
}

function sumBySession(agents: AgentSummary[]): Map<string, UsageTotals> {
  const actual = new Map<string, UsageTotals>();
  for (const a of agents) {
    if (!a.sessionId) continue;
    const t = actual.get(a.sessionId) ?? { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
    for (const k of KEYS) t[k] += a.usage[k];
    actual.set(a.sessionId, t);
  }
  return actual;
}

function differing(actual: Map<string, UsageTotals>, want: Record<string, UsageTotals>): string[] {
  return Object.keys(want).filter((id) => KEYS.some((k) => (actual.get(id)?.[k] ?? 0) !== want[id][k]));
}

/**
 * A Codex or Gemini source's usage per session against the generator's expected file (ccusage's
 * reading of the tokens). Informative: the adapters' token mapping is theirs to settle.
 */
export function compareAgentUsage(kind: 'codex' | 'gemini', agents: AgentSummary[], layout: CorpusLayout): string {
  const mine = agents.filter((a) => a.source === kind);
  if (mine.length === 0) return `${kind} usage: not read`;
  const expected = readAgentExpected(layout.homes[kind]);
  const actual = sumBySession(mine);
  const n = Object.keys(expected.sessions).length;
  const bad = differing(actual, expected.sessions);
  if (bad.length === 0) return `${kind} usage: all ${n} sessions match the generator (ccusage's reading)`;
  let alt = '';
  if (kind === 'gemini') {
    // Thoughts counted as output (as they are billed) rather than apart, as ccusage reports them.
    const withThoughts = Object.fromEntries(
      Object.entries(expected.sessions).map(([id, t]) => [id, { ...t, outputTokens: t.outputTokens + (expected.raw[id] as GeminiTokens).thoughts }]),
    );
    const altBad = differing(actual, withThoughts);
    alt = altBad.length === 0 ? '; all match with thoughts counted in outputTokens (ccusage leaves them out)' : '';
  }
  const id = bad[0];
  const got = actual.get(id);
  const detail = KEYS.filter((k) => (got?.[k] ?? 0) !== expected.sessions[id][k])
    .map((k) => `${k} ${got?.[k] ?? 'missing'}≠${expected.sessions[id][k]}`)
    .join(', ');
  return `${kind} usage: ${bad.length}/${n} sessions differ from the generator (ccusage's reading), e.g. ${id}: ${detail}${alt}`;
}
