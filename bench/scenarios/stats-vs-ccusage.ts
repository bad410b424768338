/**
 * (h) `lantern stats --json` against `ccusage <agent> daily --json --offline` on the same corpus: each
 * as a child process (the built CLI on the index from (a), ccusage re-reading every transcript, as it
 * does for each report), best of 3, same TZ, HOME a temp dir. ccusage runs once per agent of the mix
 * whose files the index holds (`claude`, `codex` with CODEX_HOME, `gemini` with GEMINI_DATA_DIR), its
 * days summed. Checks the daily token totals are equal. Also times the report in-process, to show
 * how much of the CLI's time is Node starting up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { statsReport } from '../../src/cli/stats-report';
import type { CorpusLayout } from '../layout';
import type { AgentKind } from '../mix';
import type { ScenarioResult } from '../result';
import { round } from '../stats';

const RUNS = 3;
const GOAL_RATIO = 10;
// Relative to dist/bench.js, where this is bundled.
const LANTERN_BIN = fileURLToPath(new URL('../bin/lantern.js', import.meta.url));
const CCUSAGE_BIN = fileURLToPath(new URL('../node_modules/.bin/ccusage', import.meta.url));
const KEYS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

type DayTokens = Record<(typeof KEYS)[number], number> & { date: string; cost: number | null };

function timed(run: () => string): { ms: number; out: string } {
  const t = performance.now();
  const out = run();
  return { ms: performance.now() - t, out };
}

function best(run: () => string): { ms: number; out: string } {
  let top: { ms: number; out: string } | null = null;
  for (let i = 0; i < RUNS; i++) {
    const r = timed(run);
    if (!top || r.ms < top.ms) top = r;
  }
  return top as { ms: number; out: string };
}

function compareDays(ours: DayTokens[], theirs: DayTokens[]): { ok: boolean; detail: string; maxCostDiff: number } {
  const mine = new Map(ours.map((d) => [d.date, d]));
  const diffs: string[] = [];
  const keys = new Set<string>();
  let maxCostDiff = 0;
  for (const t of theirs) {
    const o = mine.get(t.date);
    mine.delete(t.date);
    const wrong = KEYS.filter((k) => o?.[k] !== t[k]);
    for (const k of wrong) keys.add(k);
    if (wrong.length) diffs.push(`${t.date}: ${wrong.map((k) => `${k} ${o?.[k] ?? 'missing'}≠${t[k]}`).join(', ')}`);
    if (o && o.cost !== null && t.cost !== null) maxCostDiff = Math.max(maxCostDiff, Math.abs(o.cost - t.cost));
  }
  for (const date of mine.keys()) diffs.push(`${date}: only in lantern stats`);
  if (diffs.length === 0) return { ok: true, detail: `OK: tokens of all ${theirs.length} days equal ccusage daily`, maxCostDiff };
  const which = keys.size ? ` (differing: ${[...keys].join(', ')})` : '';
  return { ok: false, detail: `MISMATCH on ${diffs.length} days${which}: ${diffs.slice(0, 3).join('; ')}`, maxCostDiff };
}

type CcusageDay = DayTokens & { totalCost?: number; costUSD?: number; totalTokens?: number };

/**
 * ccusage's Gemini days show output without thoughts, though its totalTokens and cost include
 * them; Lantern counts thoughts inside outputTokens (and apart as reasoning). Read theirs the same
 * way: output = total − input − cache reads − cache writes.
 */
function withThoughts(d: CcusageDay): CcusageDay {
  if (d.totalTokens === undefined) return d;
  return { ...d, outputTokens: d.totalTokens - d.inputTokens - d.cacheReadTokens - d.cacheCreationTokens };
}

/** ccusage's days of several agents added up per date. */
function sumDays(reports: CcusageDay[][]): DayTokens[] {
  const days = new Map<string, DayTokens>();
  for (const d of reports.flat()) {
    const t = days.get(d.date) ?? { date: d.date, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, cost: 0 };
    for (const k of KEYS) t[k] += d[k] ?? 0;
    t.cost = (t.cost ?? 0) + (d.totalCost ?? d.costUSD ?? 0);
    days.set(d.date, t);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * `agents`: the agents of the mix whose files the index holds (the others are left out of ccusage's
 * side too, so a missing adapter shows as a note, not a mismatch).
 */
export function runStatsVsCcusage(layout: CorpusLayout, dataDir: string, agents: AgentKind[]): ScenarioResult {
  if (!existsSync(CCUSAGE_BIN)) throw new Error(`ccusage is not installed (${CCUSAGE_BIN}): run \`npm run peer:ccusage\``);
  if (agents.length === 0) throw new Error(`the index holds none of the corpus's agents (${layout.agents.join(', ')}): nothing to compare`);
  const home = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-home-'));
  try {
    const env = { ...process.env, HOME: home, CLAUDE_CONFIG_DIR: layout.homes.claude, CODEX_HOME: layout.homes.codex, GEMINI_DATA_DIR: layout.homes.gemini, NO_COLOR: '1' };
    const opts = { env, encoding: 'utf8' as const, maxBuffer: 256 * 1024 * 1024 };
    const lantern = best(() => execFileSync(process.execPath, [LANTERN_BIN, 'stats', '--json', '--data-dir', dataDir], opts));
    const runs = agents.map((agent) => best(() => execFileSync(CCUSAGE_BIN, [agent, 'daily', '--json', '--offline'], opts)));
    const ccusage = { ms: runs.reduce((n, r) => n + r.ms, 0) };
    const query = best(() => statsReport(dataDir, undefined, true));

    const ours = (JSON.parse(lantern.out) as { daily: Array<DayTokens & { costUsd: number | null }> }).daily.map((d) => ({ ...d, cost: d.costUsd }));
    const theirs = sumDays(runs.map((r, i) => (JSON.parse(r.out) as { daily: CcusageDay[] }).daily.map((d) => (agents[i] === 'gemini' ? withThoughts(d) : d))));
    const check = compareDays(ours, theirs);
    const ratio = ccusage.ms / lantern.ms;
    const left = layout.agents.filter((k) => !agents.includes(k));
    return {
      id: 'stats',
      title: 'lantern stats vs ccusage daily',
      figures: [
        { label: 'lantern stats --json', value: Math.round(lantern.ms), unit: 'ms' },
        { label: 'ccusage daily', value: Math.round(ccusage.ms), unit: 'ms' },
        { label: 'report in-process', value: round(query.ms, 1), unit: 'ms' },
      ],
      ratio: { value: round(ratio, 1), baseline: `ccusage ${agents.join(' + ')} daily --json --offline on the same files (ccusage ÷ lantern)` },
      goal: `≥ ${GOAL_RATIO}× faster`,
      withinGoal: ratio >= GOAL_RATIO,
      check,
      notes: [
        `both child processes, best of ${RUNS}, TZ ${process.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone}; ${theirs.length} days; ccusage ${agents.map((a, i) => `${a} ${Math.round(runs[i].ms)} ms`).join(', ')}`,
        ...(left.length ? [`left out (the index holds none of their files): ${left.join(', ')}`] : []),
        `largest cost difference on a day: $${maxCost(check.maxCostDiff)} (price tables may differ on a model; tokens must not)`,
        `the CLI's time is mostly Node starting and loading its bundle; the report itself takes ${round(query.ms, 1)} ms`,
      ],
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const maxCost = (d: number) => (d === 0 ? '0' : d.toExponential(2));
