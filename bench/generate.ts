/**
 * Deterministic Claude Code corpus: `dir/projects/<encoded-cwd>/<session>.jsonl` plus
 * `<session>/subagents/agent-<id>.jsonl` for about a fifth of the sessions, sized from a long-tailed
 * distribution (many small sessions, a few multi-MB ones), and `dir/expected-usage.json` with the
 * per-session usage an indexer must arrive at (dedup by message.id + requestId keeping the largest,
 * sub-agents folded into their parent session).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createFileWriter, gaussian } from './file-writer';
import { createRng, type Rng } from './prng';
import { generateSession } from './session';
import { createTextPool } from './text-pool';
import { zeroTotals, type UsageTotals } from './usage-model';

export interface CorpusStats {
  files: number;
  bytes: number;
  lines: number;
}

export interface ExpectedUsage {
  seed: number;
  sessions: Record<string, UsageTotals>;
  totals: UsageTotals;
  stats: CorpusStats & { sessions: number; subagentFiles: number };
}

export const EXPECTED_USAGE_FILE = 'expected-usage.json';

const MEDIAN_SESSION = 110_000;
const SESSION_SIGMA = 1.5;
const MAX_SESSION = 12_000_000;
const START = Date.UTC(2026, 9, 1);
const SPAN_MS = 45 * 24 * 3600 * 1000;

/** Claude Code's project folder name: every non-alphanumeric character becomes `-` (FORMATS.md §1.1). */
export const encodeCwd = (cwd: string): string => cwd.replace(/[^A-Za-z0-9]/g, '-');

/** A made-up project directory (also used for the Codex and Gemini sessions). */
export function projectCwd(rng: Rng): string {
  const user = rng.pick(['alice', 'bob', 'dev', 'j.doe', 'mmazur']);
  const root = rng.pick([`/Users/${user}`, `/home/${user}`, `/Users/${user}/Documents`]);
  return `${root}/${rng.pick(['code', 'src', 'work', 'projects'])}/${rng.pick(['api', 'web', 'cli', 'infra', 'lantern', 'site'])}-${rng.hex(4)}${rng.chance(0.2) ? '.git' : ''}`;
}

export async function generateCorpus(dir: string, opts: { bytes: number; seed?: number }): Promise<CorpusStats> {
  const seed = opts.seed ?? 1;
  const rng = createRng(seed);
  const pool = createTextPool(rng.fork());
  const projectsDir = path.join(dir, 'projects');
  await mkdir(projectsDir, { recursive: true });
  const estimatedSessions = Math.max(1, Math.round(opts.bytes / 300_000));
  const projects = Array.from({ length: Math.max(2, Math.ceil(estimatedSessions / 8)) }, () => projectCwd(rng));
  const { queue, flush } = createFileWriter();
  const expected: ExpectedUsage = { seed, sessions: {}, totals: zeroTotals(), stats: { files: 0, bytes: 0, lines: 0, sessions: 0, subagentFiles: 0 } };
  const stats = expected.stats;

  while (stats.bytes < opts.bytes) {
    const cwd = rng.pick(projects);
    const srng = rng.fork();
    const remaining = opts.bytes - stats.bytes;
    const drawn = Math.round(Math.exp(Math.log(MEDIAN_SESSION) + SESSION_SIGMA * gaussian(() => srng.next())));
    const target = Math.max(2000, Math.min(drawn, MAX_SESSION, remaining));
    const plan = { sessionId: srng.uuid(), cwd, startMs: START + Math.floor(srng.next() * SPAN_MS), target, subagents: srng.chance(0.25) ? srng.int(1, 3) : 0 };
    const session = generateSession(srng, pool, plan);
    const sessionDir = path.join(projectsDir, encodeCwd(cwd));
    const files: Array<{ file: string; lines: string[] }> = [{ file: path.join(sessionDir, `${plan.sessionId}.jsonl`), lines: session.main }];
    for (const sub of session.subagents) {
      const subDir = path.join(sessionDir, plan.sessionId, 'subagents');
      files.push({ file: path.join(subDir, `agent-${sub.agentId}.jsonl`), lines: sub.lines });
      if (sub.meta) await queue(path.join(subDir, `agent-${sub.agentId}.meta.json`), JSON.stringify(sub.meta), null);
    }
    for (const f of files) {
      const text = f.lines.join('\n') + '\n';
      stats.bytes += Buffer.byteLength(text);
      stats.lines += f.lines.length;
      stats.files++;
      await queue(f.file, text, session.endMs);
    }
    stats.sessions++;
    stats.subagentFiles += session.subagents.length;
    expected.sessions[plan.sessionId] = session.totals;
    for (const k of Object.keys(expected.totals) as Array<keyof UsageTotals>) expected.totals[k] += session.totals[k];
  }
  await flush();
  await writeFile(path.join(dir, EXPECTED_USAGE_FILE), JSON.stringify(expected, null, 1));
  return { files: stats.files, bytes: stats.bytes, lines: stats.lines };
}
