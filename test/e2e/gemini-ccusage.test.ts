/**
 * Done-when of the Gemini adapter: `lantern serve --gemini-dir … --no-default-dirs` on a copy of the real
 * Gemini CLI files (../shared/corpus/gemini, third-party, never committed) and on our own fixtures gives, per
 * session, the token totals and cost `ccusage gemini session --json` gives on the same files.
 *
 * How the figures line up (src/engine/adapters/gemini/README.md): ccusage's `outputTokens` leaves thoughts out but
 * its `totalTokens` and cost count them; Lantern's `outputTokens` includes them (the shared contract) and
 * `reasoningTokens` says how many. So: input, cache reads and the sum of all tokens are equal, and output minus
 * reasoning equals ccusage's output. One deliberate difference: a session copied into a second project folder
 * (gemini-cli's hash → slug migration) counts once here and twice in ccusage, so the fixtures are compared with
 * ccusage run without the stale hash folder, and the doubling is asserted as such.
 * Skips itself where ccusage (`npm run peer:ccusage`) or the corpus is absent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSummary, Health } from '../../src/shared/agents';
import { startServe, type Served } from '../helpers/cli-process';
import { ccusageJson, haveCcusage, type CcusageSessionTokens } from '../helpers/ccusage';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const corpus = path.resolve(__dirname, '../../../shared/corpus/gemini');
const fixtures = path.resolve(__dirname, '../fixtures/gemini/home');
if (!haveCcusage) console.warn('Gemini ccusage comparison skipped: run `npm run peer:ccusage` first');

/** The fixtures' migrated session: its stale copy sits in a folder named sha256('/home/dev/api'). */
const HASH_FOLDER = 'cc2b75052e4faa5654d762961bf89567edf5657f98c533e6fb34528f450b2602';

interface CcusageSession extends CcusageSessionTokens {
  totalTokens: number;
  totalCost: number;
}

function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
  for (const f of fs.readdirSync(to, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644); // the corpus is read-only
  }
}

/** `ccusage gemini session --json` over the chats under `<home>/tmp` (its GEMINI_DATA_DIR). */
function ccusage(home: string): Map<string, CcusageSession> {
  const { sessions } = ccusageJson(['gemini', 'session'], { ...process.env, GEMINI_DATA_DIR: path.join(home, 'tmp') }) as { sessions: CcusageSession[] };
  return new Map(sessions.map((s) => [s.sessionId, s]));
}

/** Serves `home` as a Gemini dir (nothing else) and returns its Gemini agents once indexed. */
async function lanternAgents(home: string, dataDir: string): Promise<{ agents: Map<string, AgentSummary>; served: Served }> {
  const served = await startServe(['--no-default-dirs', '--gemini-dir', home, '--data-dir', dataDir, '--port', '0']);
  const token = fs.readFileSync(path.join(dataDir, 'token'), 'utf8').trim();
  const get = async <T,>(p: string): Promise<T> => {
    const res = await fetch(served.url + p, { headers: { 'X-Token': token } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  await waitFor(async () => (await get<Health>('/api/health')).indexing.done, 15_000, 'the index');
  const list = (await get<{ agents: AgentSummary[] }>('/api/agents')).agents.filter((a) => a.source === 'gemini');
  return { agents: new Map(list.map((a) => [a.sessionId ?? a.id, a])), served };
}

function expectSameUsage(ours: AgentSummary | undefined, theirs: CcusageSession): void {
  const what = theirs.sessionId;
  expect(ours, what).toBeDefined();
  const u = ours!.usage;
  expect(u.inputTokens, `${what} input`).toBe(theirs.inputTokens);
  expect(u.cacheReadTokens, `${what} cache reads`).toBe(theirs.cacheReadTokens);
  expect(u.cacheCreationTokens, `${what} cache writes`).toBe(theirs.cacheCreationTokens);
  expect(u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens, `${what} all tokens`).toBe(theirs.totalTokens);
  // Output without the thoughts (reasoning) is ccusage's output.
  expect(u.outputTokens - u.reasoningTokens, `${what} output`).toBe(theirs.outputTokens);
  expect(Math.abs((u.costUsd ?? NaN) - theirs.totalCost), `${what} cost`).toBeLessThan(1e-9);
}

describe.skipIf(!haveCcusage || !fs.existsSync(corpus))('Gemini: lantern against ccusage on the real corpus', () => {
  const tmp = tempDir('lantern-gemini-corpus-');
  const home = path.join(tmp.path, 'gemini');
  let served: Served | undefined;
  let agents: Map<string, AgentSummary>;

  beforeAll(async () => {
    copyTree(corpus, home);
    ({ agents, served } = await lanternAgents(home, path.join(tmp.path, 'data')));
  });
  afterAll(async () => {
    await served?.stop();
    tmp.cleanup();
  });

  it('has one agent per session, with the tokens and cost of ccusage gemini session', () => {
    const theirs = ccusage(home);
    expect(theirs.size).toBeGreaterThan(0);
    expect(new Set(agents.keys())).toEqual(new Set(theirs.keys()));
    for (const s of theirs.values()) expectSameUsage(agents.get(s.sessionId), s);
  });
});

describe.skipIf(!haveCcusage)('Gemini: lantern against ccusage on the fixtures', () => {
  const tmp = tempDir('lantern-gemini-fixtures-');
  const home = path.join(tmp.path, 'gemini');
  let served: Served | undefined;
  let agents: Map<string, AgentSummary>;

  beforeAll(async () => {
    copyTree(fixtures, home);
    ({ agents, served } = await lanternAgents(home, path.join(tmp.path, 'data')));
  });
  afterAll(async () => {
    await served?.stop();
    tmp.cleanup();
  });

  it('matches ccusage per session once the stale migrated copy is left out of ccusage', () => {
    const withoutCopy = path.join(tmp.path, 'without-copy');
    fs.cpSync(home, withoutCopy, { recursive: true });
    fs.rmSync(path.join(withoutCopy, 'tmp', HASH_FOLDER), { recursive: true });
    const theirs = ccusage(withoutCopy);
    expect(new Set(agents.keys())).toEqual(new Set(theirs.keys()));
    for (const s of theirs.values()) expectSameUsage(agents.get(s.sessionId), s);
  });

  it('counts the migrated session once where ccusage counts its stale copy again', () => {
    const theirs = ccusage(home).get('dddd4444-4444-4444-8444-444444444444')!;
    const ours = agents.get('dddd4444-4444-4444-8444-444444444444')!;
    // The stale copy holds one answer: 9000 input tokens, 25 output, 80 thoughts.
    expect(theirs.inputTokens - ours.usage.inputTokens).toBe(9000);
    expect(theirs.totalTokens - (ours.usage.inputTokens + ours.usage.outputTokens + ours.usage.cacheReadTokens)).toBe(9105);
  });
});
