/**
 * (a) Cold index throughput: a fresh data dir, `index()` over the whole corpus (every agent's home
 * of the mix), then `stop()`. MB/s against the JSON.parse-only baseline over the same files (goal
 * ≥ 0.8×); the Claude usage per session in the store checked against what the generator wrote;
 * events per agent source reported, and the Codex / Gemini usage compared (informative).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createEngine } from '../../src/engine';
import type { AgentSummary, UsageTotals } from '../../src/shared/agents';
import type { BaselineResult } from '../baseline';
import type { MixedCorpusStats } from '../corpus';
import { EXPECTED_USAGE_FILE, type ExpectedUsage } from '../generate';
import { engineSources, type CorpusLayout } from '../layout';
import type { ScenarioResult } from '../result';
import { compareAgentUsage, readsBySource } from '../source-check';
import { formatBytes, round } from '../stats';

const GOAL_RATIO = 0.8;
const KEYS: Array<keyof UsageTotals> = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'];

/** Claude store totals per session id (sub-agents share their parent's session id) against the expected file. */
export function compareUsage(agents: AgentSummary[], expected: ExpectedUsage): { ok: boolean; detail: string } {
  const actual = new Map<string, UsageTotals>();
  for (const a of agents) {
    if (!a.sessionId || a.source !== 'claude') continue;
    const t = actual.get(a.sessionId) ?? { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
    for (const k of KEYS) t[k] += a.usage[k];
    actual.set(a.sessionId, t);
  }
  const diffs: string[] = [];
  let bad = 0;
  for (const [sessionId, want] of Object.entries(expected.sessions)) {
    const got = actual.get(sessionId);
    const wrong = KEYS.filter((k) => (got?.[k] ?? 0) !== want[k]);
    if (wrong.length === 0) continue;
    bad++;
    if (diffs.length < 3) diffs.push(`${sessionId}: ${wrong.map((k) => `${k} ${got?.[k] ?? 'missing'}≠${want[k]}`).join(', ')}`);
  }
  const extra = [...actual.keys()].filter((s) => !(s in expected.sessions));
  const n = Object.keys(expected.sessions).length;
  if (bad === 0 && extra.length === 0) return { ok: true, detail: `OK: usage of all ${n} Claude sessions matches expected-usage.json` };
  return {
    ok: false,
    detail: `MISMATCH: ${bad}/${n} sessions differ${extra.length ? `, ${extra.length} unexpected sessions` : ''}. ${diffs.join('; ')}`,
  };
}

export async function runColdIndex(layout: CorpusLayout, corpus: MixedCorpusStats, dataDir: string, baseline: BaselineResult): Promise<ScenarioResult> {
  const started = performance.now();
  const engine = createEngine({ dataDir, ...engineSources(layout), role: 'bench' });
  const r = await engine.index();
  const ms = performance.now() - started;
  const agents = engine.store.listAgents();
  const check = layout.agents.includes('claude')
    ? compareUsage(agents, JSON.parse(readFileSync(path.join(layout.homes.claude, EXPECTED_USAGE_FILE), 'utf8')) as ExpectedUsage)
    : undefined;
  const sources = readsBySource(agents, layout.agents, corpus.agents);
  const others = layout.agents.filter((k) => k !== 'claude').map((k) => compareAgentUsage(k as 'codex' | 'gemini', agents, layout));
  const totals = engine.store.totals();
  const stopStarted = performance.now();
  await engine.stop();
  const stopMs = performance.now() - stopStarted;
  const mbPerSec = r.bytes / 1e6 / (ms / 1000);
  const ratio = mbPerSec / baseline.mbPerSec;
  return {
    id: 'cold-index',
    title: 'cold index throughput',
    figures: [
      { label: 'throughput', value: round(mbPerSec), unit: 'MB/s' },
      { label: 'time', value: Math.round(ms), unit: 'ms' },
      { label: 'baseline', value: round(baseline.mbPerSec), unit: 'MB/s' },
      { label: 'stop', value: Math.round(stopMs), unit: 'ms' },
    ],
    ratio: { value: round(ratio, 2), baseline: 'read + split + JSON.parse of every transcript, 1 thread' },
    goal: `≥ ${GOAL_RATIO}× baseline`,
    withinGoal: ratio >= GOAL_RATIO,
    check,
    sources,
    notes: [
      `files ${r.filesDone}/${r.files}, bytes ${r.bytesDone}/${r.bytes}, lines ${r.lines}, events ${r.events}`,
      ...(r.bytes < corpus.bytes ? [`the engine took ${formatBytes(r.bytes)} of the ${formatBytes(corpus.bytes)} corpus (${r.files} of ${corpus.files} files); the rest is in no adapter's claim`] : []),
      `store: ${totals.agents} agents, ${totals.events} events, ${totals.unparsed} unparsed, ${totals.fileErrors} file errors`,
      ...others.map((o) => `${o} (informative)`),
    ],
  };
}
