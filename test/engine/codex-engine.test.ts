/**
 * The Codex adapter through the real engine: a temp CODEX_HOME holding the fixtures (sessions and
 * archived_sessions), real SQLite. Agents, events, usage with reasoning tokens and rate limits, tool
 * durations; a restart and appended lines never count a request twice; the store migrates to 5+.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { tempDir } from '../helpers/temp-dir';
import { createTestEngine } from '../helpers/test-engine';
import { waitFor } from '../helpers/wait-for';

const FIXTURES = path.resolve(__dirname, '../fixtures/codex/home');
const MAIN = '0199e1a2-7b3c-7d4e-8f50-6a7b8c9d0e1f';
const SUB = '0199e1a3-1c2d-7e3f-9a40-5b6c7d8e9f00';
const PARENT = '0199e1a0-aaaa-7bbb-8ccc-dddddddddddd';
const LEGACY = '5f1c2a9e-3b7d-4c1e-9a2b-0c4d5e6f7a81';
const ARCHIVED = '0199d0f0-1111-7222-8333-444455556666';
const FALLBACK = '0199e0ff-2222-7333-8444-555566667777';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const tmp = tempDir('lantern-codex-');
  cleanups.push(tmp.cleanup);
  const codexHome = path.join(tmp.path, 'codex');
  fs.cpSync(FIXTURES, codexHome, { recursive: true });
  return { codexHome, dataDir: path.join(tmp.path, 'data') };
}

function start(codexHome: string, dataDir: string): Engine {
  return createTestEngine({ dataDir, claudeDirs: [], discoverRoots: false, taskDirs: [], codexDirs: [codexHome], role: 'test' }, cleanups);
}

const mainFile = (home: string) => path.join(home, `sessions/2025/10/14/rollout-2025-10-14T10-00-00-${MAIN}.jsonl`);

describe('codex through the engine', () => {
  it('indexes every rollout into agents with usage, reasoning tokens, rate limits and links', async () => {
    const { codexHome, dataDir } = setup();
    const engine = start(codexHome, dataDir);
    const r = await engine.index();
    expect(r.files).toBe(5);
    const health = await engine.api.health();
    expect(health.sources.filter((s) => s.kind === 'codex').map((s) => [path.basename(s.root), s.exists])).toEqual([
      ['sessions', true],
      ['archived_sessions', true],
    ]);
    expect(health.totals.unparsed).toBe(1);

    const { agents } = await engine.api.listAgents();
    expect(agents.map((a) => a.id).sort()).toEqual([ARCHIVED, FALLBACK, MAIN, SUB, LEGACY].map((id) => `codex:${id}`).sort());
    const byId = new Map(agents.map((a) => [a.id, a]));
    const main = byId.get(`codex:${MAIN}`)!;
    expect(main).toMatchObject({
      source: 'codex',
      sessionId: MAIN,
      parentId: null,
      cwd: '/home/dev/lantern-demo',
      title: 'Fix the failing date test in src/date.ts',
      models: ['gpt-5-codex'],
      counts: { toolCalls: 5, toolErrors: 1, unparsed: 1 },
      rateLimits: { primaryPct: 15, secondaryPct: 3.5, primaryWindowMin: 300, secondaryWindowMin: 10080 },
    });
    expect(main.usage).toMatchObject({ inputTokens: 9000, cacheReadTokens: 22000, outputTokens: 1300, cacheCreationTokens: 0, reasoningTokens: 300, costSource: 'estimate' });
    // gpt-5-codex: $1.25 input, $0.125 cached input, $10 output per million
    expect(main.usage.costUsd).toBeCloseTo((9000 * 1.25 + 22000 * 0.125 + 1300 * 10) / 1e6, 12);

    // The sub-agent's parent rollout is not here: the link stands anyway, to an id that may come later.
    expect(byId.get(`codex:${SUB}`)).toMatchObject({ parentId: `codex:${PARENT}`, usage: { inputTokens: 2000, cacheReadTokens: 4500, outputTokens: 270, reasoningTokens: 40 } });
    expect(byId.has(`codex:${PARENT}`)).toBe(false);
    expect(byId.get(`codex:${LEGACY}`)).toMatchObject({ cwd: '/home/dev/legacy-app', title: 'List the TODO comments', counts: { toolCalls: 3 }, usage: { inputTokens: 0 } });
    expect(byId.get(`codex:${ARCHIVED}`)).toMatchObject({ models: ['gpt-5.1-codex-mini'], usage: { inputTokens: 1000, cacheReadTokens: 200, outputTokens: 80, reasoningTokens: 20 }, rateLimits: { primaryPct: 40 } });
    expect(byId.get(`codex:${FALLBACK}`)!.usage).toMatchObject({ inputTokens: 500, outputTokens: 50 });
    await engine.stop();

    // Migration 5: reasoning per usage row and per agent, the agent's the sum of its rows.
    const db = new Database(path.join(dataDir, 'lantern.db'), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
      const [sum] = db.prepare("SELECT sum(reasoning_tokens) AS r FROM usage WHERE agent_key = (SELECT key FROM agents WHERE id = ?)").all(`codex:${MAIN}`) as { r: number }[];
      const [agent] = db.prepare('SELECT reasoning_tokens AS r FROM agents WHERE id = ?').all(`codex:${MAIN}`) as { r: number }[];
      expect([sum.r, agent.r]).toEqual([300, 300]);
    } finally {
      db.close();
    }
  });

  it('keeps the durations Codex measured, and interrupted calls apart', async () => {
    const { codexHome, dataDir } = setup();
    const engine = start(codexHome, dataDir);
    await engine.index();
    expect(engine.store.getToolCall('call_AAAAAAAAAAAAAAAAAAAAAAA1')).toMatchObject({ agentId: `codex:${MAIN}`, name: 'shell', durationMs: 2500, durationSource: 'reported', isError: true });
    expect(engine.store.getToolCall('call_AAAAAAAAAAAAAAAAAAAAAAA2')).toMatchObject({ name: 'mcp__docs__search', durationMs: 1250, durationSource: 'reported', isError: false });
    expect(engine.store.getToolCall('call_AAAAAAAAAAAAAAAAAAAAAAA4')).toMatchObject({ name: 'shell_command', interrupted: true });
    expect(engine.store.getToolCall('call_CCCCCCCCCCCCCCCCCCCCCCC3')).toMatchObject({ endedAt: null }); // the legacy file ends waiting

    const page = await engine.api.getEvents(`codex:${MAIN}`, { limit: 500 });
    const kinds = page.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'tool_call')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'usage')).toHaveLength(5);
    expect(page.events.find((e) => e.kind === 'system' && e.subtype === 'unknown:mystery_record')).toBeDefined();
  });

  it('never counts a request twice across a restart, a re-read and appended repeats', async () => {
    const { codexHome, dataDir } = setup();
    let engine = start(codexHome, dataDir);
    await engine.index();
    const before = (await engine.api.getAgent(`codex:${MAIN}`))!;
    await engine.stop();

    // Codex keeps writing: a repeat of the last total (counts nothing), then one new request.
    const last = { input_tokens: 31000, cached_input_tokens: 22000, output_tokens: 1300, reasoning_output_tokens: 300, total_tokens: 32300 };
    const next = { input_tokens: 33000, cached_input_tokens: 23000, output_tokens: 1400, reasoning_output_tokens: 350, total_tokens: 34400 };
    const tc = (ts: string, total: object) => JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total } } });
    fs.appendFileSync(mainFile(codexHome), `${tc('2025-10-14T08:02:00.000Z', last)}\n${tc('2025-10-14T08:02:05.000Z', next)}\n`);

    engine = start(codexHome, dataDir);
    await engine.index();
    const after = (await engine.api.getAgent(`codex:${MAIN}`))!;
    expect(after.usage.inputTokens - before.usage.inputTokens).toBe(1000);
    expect(after.usage.cacheReadTokens - before.usage.cacheReadTokens).toBe(1000);
    expect(after.usage.outputTokens - before.usage.outputTokens).toBe(100);
    expect(after.usage.reasoningTokens - before.usage.reasoningTokens).toBe(50);
    await engine.stop();

    // The same file under a new name (a copy, or a re-read from 0): the usage keys are the requests themselves.
    const copy = path.join(codexHome, 'archived_sessions', path.basename(mainFile(codexHome)));
    fs.copyFileSync(mainFile(codexHome), copy);
    engine = start(codexHome, dataDir);
    await engine.index();
    expect((await engine.api.getAgent(`codex:${MAIN}`))!.usage).toMatchObject({ inputTokens: after.usage.inputTokens, reasoningTokens: after.usage.reasoningTokens });
  });

  it('follows a rollout Codex archives (moved, same inode): its row moves, nothing is read twice', async () => {
    const { codexHome, dataDir } = setup();
    let engine = start(codexHome, dataDir);
    await engine.index();
    const before = (await engine.api.getAgent(`codex:${MAIN}`))!;
    expect(before.transcript).toBe(mainFile(codexHome));
    await engine.stop();

    // Archived while Lantern was not running.
    const archived = path.join(codexHome, 'archived_sessions', path.basename(mainFile(codexHome)));
    fs.renameSync(mainFile(codexHome), archived);
    engine = start(codexHome, dataDir);
    const r = await engine.index();
    expect(r.events, 'nothing read again').toBe(0);
    const after = (await engine.api.getAgent(`codex:${MAIN}`))!;
    expect(after.counts.events).toBe(before.counts.events);
    expect(after.usage).toEqual(before.usage);
    expect(after.transcript).toBe(archived);
    expect(engine.store.getFile(archived)).toMatchObject({ deleted: false, offset: fs.statSync(archived).size });
    expect(engine.store.getFile(mainFile(codexHome))).toBeNull();

    // Moved back while watching, then appended to: only the new line is read.
    await engine.watch();
    fs.renameSync(archived, mainFile(codexHome));
    fs.appendFileSync(mainFile(codexHome), JSON.stringify({ timestamp: '2025-10-14T08:03:00.000Z', type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'moved back' }] } }) + '\n');
    await waitFor(async () => (await engine.api.getAgent(`codex:${MAIN}`))!.counts.events > before.counts.events, 10_000, 'the appended line');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second read of the whole file would land by now
    const moved = (await engine.api.getAgent(`codex:${MAIN}`))!;
    expect(moved.counts.events).toBe(before.counts.events + 1);
    expect(moved.transcript).toBe(mainFile(codexHome));
  });

  it('gives Codex agents a state from their markers (liveness no longer skips them)', async () => {
    const { codexHome, dataDir } = setup();
    const engine = start(codexHome, dataDir);
    await engine.index();
    engine.liveness.evaluate();
    const main = (await engine.api.getAgent(`codex:${MAIN}`))!;
    // Written just now (the copy's mtime): running; the rest of the rules are derive-state's.
    expect(main.state).toBe('running');
    const events = await engine.api.getEvents(`codex:${MAIN}`, { limit: 500 });
    expect(events.events.some((e) => e.kind === 'status')).toBe(true);
  });
});
