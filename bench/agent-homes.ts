/**
 * The Codex and Gemini CLI homes of a mixed corpus, next to the Claude tree `generate.ts` writes:
 *
 * - Codex: `<home>/sessions/YYYY/MM/DD/rollout-<time>-<uuidv7>.jsonl` (`codex-rollout.ts`), about one
 *   thread in twenty archived flat in `<home>/archived_sessions/`;
 * - Gemini: `<home>/tmp/<project>/chats/session-<time>-<id8>.jsonl` (`gemini-chat.ts`), the project
 *   folder a short slug registered in `<home>/projects.json` or, for older projects, sha256 of the root;
 *
 * each with `<home>/expected-usage.json`: per session, Lantern's four counters as ccusage reads the
 * agent's tokens (`sessions`) and the agent's own figures (`raw`). Sizes are long-tailed like the
 * Claude sessions; everything follows from the seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { codexUsageTotals, generateRollout, rolloutPath, uuidV7, type CodexTokenUsage } from './codex-rollout';
import { createFileWriter, gaussian } from './file-writer';
import { chatFileName, generateChat, geminiUsageTotals, projectHash, type GeminiTokens } from './gemini-chat';
import { EXPECTED_USAGE_FILE, projectCwd, type CorpusStats } from './generate';
import { createRng, type Rng } from './prng';
import { createTextPool } from './text-pool';
import { zeroTotals, type UsageTotals } from './usage-model';

export interface AgentExpectedUsage {
  agent: 'codex' | 'gemini';
  seed: number;
  /** Per session id, in Lantern's counters as ccusage reports them (input without cached; Gemini output without thoughts). */
  sessions: Record<string, UsageTotals>;
  /** Per session id, the agent's own figures: Codex's last `total_token_usage`, Gemini's tokens summed over message ids. */
  raw: Record<string, CodexTokenUsage | GeminiTokens>;
  totals: UsageTotals;
  stats: CorpusStats & { sessions: number };
}

const START = Date.UTC(2026, 9, 1);
const SPAN_MS = 45 * 24 * 3600 * 1000;
const MAX_SESSION = 12_000_000;

interface Shape {
  median: number;
  sigma: number;
}

const CODEX: Shape = { median: 150_000, sigma: 1.4 };
const GEMINI: Shape = { median: 60_000, sigma: 1.3 };
/** Share of Codex threads archived (moved, flat, to `archived_sessions/`). */
const ARCHIVED = 0.05;

function drawTarget(rng: Rng, shape: Shape, remaining: number): number {
  const drawn = Math.round(Math.exp(Math.log(shape.median) + shape.sigma * gaussian(() => rng.next())));
  return Math.max(2000, Math.min(drawn, MAX_SESSION, remaining));
}

function addTotals(into: UsageTotals, t: UsageTotals): void {
  for (const k of Object.keys(into) as Array<keyof UsageTotals>) into[k] += t[k];
}

async function finish(home: string, expected: AgentExpectedUsage): Promise<CorpusStats> {
  await writeFile(path.join(home, EXPECTED_USAGE_FILE), JSON.stringify(expected, null, 1));
  const { files, bytes, lines } = expected.stats;
  return { files, bytes, lines };
}

export async function generateCodexHome(home: string, opts: { bytes: number; seed: number }): Promise<CorpusStats> {
  const rng = createRng(opts.seed);
  const pool = createTextPool(rng.fork());
  const projects = Array.from({ length: Math.max(2, Math.ceil(opts.bytes / 150_000 / 6)) }, () => projectCwd(rng));
  const writer = createFileWriter();
  const expected: AgentExpectedUsage = { agent: 'codex', seed: opts.seed, sessions: {}, raw: {}, totals: zeroTotals(), stats: { files: 0, bytes: 0, lines: 0, sessions: 0 } };
  const { stats } = expected;
  await mkdir(path.join(home, 'archived_sessions'), { recursive: true });
  while (stats.bytes < opts.bytes) {
    const cwd = rng.pick(projects);
    const srng = rng.fork();
    const target = drawTarget(srng, CODEX, opts.bytes - stats.bytes);
    const startMs = START + Math.floor(srng.next() * SPAN_MS);
    const threadId = uuidV7(srng, startMs);
    const archived = srng.chance(ARCHIVED);
    const r = generateRollout(srng, pool, { threadId, cwd, startMs, target });
    const text = r.lines.join('\n') + '\n';
    stats.bytes += Buffer.byteLength(text);
    stats.lines += r.lines.length;
    stats.files++;
    stats.sessions++;
    await writer.queue(path.join(home, rolloutPath(startMs, threadId, archived)), text, r.endMs);
    const totals = codexUsageTotals(r.total);
    expected.sessions[threadId] = totals;
    expected.raw[threadId] = r.total;
    addTotals(expected.totals, totals);
  }
  await writer.flush();
  return finish(home, expected);
}

export async function generateGeminiHome(home: string, opts: { bytes: number; seed: number }): Promise<CorpusStats> {
  const rng = createRng(opts.seed);
  const pool = createTextPool(rng.fork());
  const cwds = Array.from({ length: Math.max(2, Math.ceil(opts.bytes / 60_000 / 8)) }, () => projectCwd(rng));
  // Current CLIs name the folder by a slug from projects.json; older ones by sha256 of the root.
  const folders = new Map<string, string>();
  const used = new Set<string>();
  for (const cwd of cwds) {
    if (folders.has(cwd)) continue;
    let folder = rng.chance(0.7) ? path.posix.basename(cwd).replace(/\.git$/, '') : projectHash(cwd);
    for (let n = 1; used.has(folder); n++) folder = `${path.posix.basename(cwd)}-${n}`;
    used.add(folder);
    folders.set(cwd, folder);
  }
  const writer = createFileWriter();
  const expected: AgentExpectedUsage = { agent: 'gemini', seed: opts.seed, sessions: {}, raw: {}, totals: zeroTotals(), stats: { files: 0, bytes: 0, lines: 0, sessions: 0 } };
  const { stats } = expected;
  while (stats.bytes < opts.bytes) {
    const cwd = rng.pick(cwds);
    const srng = rng.fork();
    const target = drawTarget(srng, GEMINI, opts.bytes - stats.bytes);
    const startMs = START + Math.floor(srng.next() * SPAN_MS);
    const sessionId = srng.uuid();
    const chat = generateChat(srng, pool, { sessionId, cwd, startMs, target });
    const text = chat.lines.join('\n') + '\n';
    stats.bytes += Buffer.byteLength(text);
    stats.lines += chat.lines.length;
    stats.files++;
    stats.sessions++;
    await writer.queue(path.join(home, 'tmp', folders.get(cwd) as string, 'chats', chatFileName(startMs, sessionId)), text, chat.endMs);
    const totals = geminiUsageTotals(chat.tokens);
    expected.sessions[sessionId] = totals;
    expected.raw[sessionId] = chat.tokens;
    addTotals(expected.totals, totals);
  }
  await writer.flush();
  const registry = Object.fromEntries([...folders].filter(([cwd, f]) => f !== projectHash(cwd)));
  await writer.queue(path.join(home, 'projects.json'), JSON.stringify({ projects: registry }, null, 2), null);
  await writer.flush();
  return finish(home, expected);
}
