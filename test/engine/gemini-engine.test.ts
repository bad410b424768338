/**
 * The Gemini source end to end inside the engine, on real temp dirs and real SQLite: a copy of our fixture home
 * indexed (sessions, sub-agent, a session migrated to a second folder, a resumed legacy session), then live: lines
 * appended to a `.jsonl` (with an upsert) and a legacy `.json` rewritten whole, through the watcher, and a
 * restart. Waits are bounded polls, never timing assertions.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine';
import { fileContext } from '../../src/engine/adapters/gemini/project';
import { classifyGeminiPath } from '../../src/engine/adapters/gemini';
import type { AgentSummary } from '../../src/shared/agents';
import type { LanternEvent } from '../../src/shared/events';
import { tempDir } from '../helpers/temp-dir';
import { createTestEngine } from '../helpers/test-engine';
import { waitFor } from '../helpers/wait-for';

const FIXTURES = fileURLToPath(new URL('../fixtures/gemini/home', import.meta.url));
const SHOP = 'aaaa1111-1111-4111-8111-111111111111';
const SUB = 'eeee5555-5555-4555-8555-555555555555';
const API = 'dddd4444-4444-4444-8444-444444444444';
const LEGACY = 'cccc3333-3333-4333-8333-333333333333';
const SHOP_FILE = 'tmp/shop/chats/session-2026-05-01T10-00-aaaa1111.jsonl';
const LEGACY_FILE = 'tmp/legacy-app/chats/session-2026-02-01T12-00-cccc3333.json';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(): { home: string; dataDir: string } {
  const tmp = tempDir('lantern-gemini-');
  cleanups.push(tmp.cleanup);
  const home = path.join(tmp.path, 'gemini');
  fs.cpSync(FIXTURES, home, { recursive: true });
  return { home, dataDir: path.join(tmp.path, 'data') };
}

function start(home: string, dataDir: string): Engine {
  return createTestEngine({ dataDir, claudeDirs: [], discoverRoots: false, taskDirs: [], geminiDirs: [home], role: 'test' }, cleanups);
}

async function agents(engine: Engine): Promise<Map<string, AgentSummary>> {
  const { agents: list } = await engine.api.listAgents();
  return new Map(list.filter((a) => a.source === 'gemini').map((a) => [a.id, a]));
}

async function events(engine: Engine, agentId: string): Promise<LanternEvent[]> {
  return (await engine.api.getEvents(agentId, { limit: 1000 })).events;
}

const count = (list: LanternEvent[], kind: string, pred: (e: LanternEvent) => boolean = () => true) => list.filter((e) => e.kind === kind && pred(e)).length;
const line = (o: unknown) => `${JSON.stringify(o)}\n`;

describe('gemini in the engine', () => {
  it('indexes a Gemini home: one agent per session, copies counted once, projects from projects.json', async () => {
    const { home, dataDir } = setup();
    const engine = start(home, dataDir);
    await engine.index();
    const all = await agents(engine);
    expect([...all.keys()].sort()).toEqual([API, LEGACY, SHOP, SUB].map((s) => `gemini:${s}`).sort());

    const shop = all.get(`gemini:${SHOP}`)!;
    expect(shop).toMatchObject({ cwd: '/home/dev/shop', title: 'Checkout button on the cart page', models: ['gemini-2.5-pro', 'gemini-2.5-flash'] });
    expect(shop.transcript).toBe(path.join(home, SHOP_FILE));
    // Output includes the thoughts (300 + 10), kept apart as reasoning; ccusage shows 390 as output.
    expect(shop.usage).toMatchObject({ inputTokens: 28525, outputTokens: 700, reasoningTokens: 310, cacheReadTokens: 20000, cacheCreationTokens: 0 });
    expect(shop.counts).toMatchObject({ toolCalls: 4, toolErrors: 2, unparsed: 1 });
    expect(all.get(`gemini:${SUB}`)).toMatchObject({ parentId: `gemini:${SHOP}`, cwd: '/home/dev/shop' });

    // The migrated session: usage once, events once, the stale hash-folder copy noted.
    const api = all.get(`gemini:${API}`)!;
    expect(api).toMatchObject({ cwd: '/home/dev/api', transcript: path.join(home, 'tmp/api/chats/session-2026-03-10T08-00-dddd4444.jsonl') });
    expect(api.usage).toMatchObject({ inputTokens: 10400, cacheReadTokens: 8000 });
    const apiEvents = await events(engine, `gemini:${API}`);
    expect(count(apiEvents, 'prompt')).toBe(2);
    expect(count(apiEvents, 'system', (e) => e.kind === 'system' && e.subtype === 'duplicate_copy')).toBe(1);

    // The resumed legacy session: the .json and the .jsonl carrying its history are one agent, each prompt once.
    const legacy = all.get(`gemini:${LEGACY}`)!;
    expect(legacy).toMatchObject({ cwd: '/home/dev/legacy-app', usage: { inputTokens: 9400, cacheReadTokens: 13000 } });
    expect(count(await events(engine, `gemini:${LEGACY}`), 'prompt')).toBe(2);

    // Tool durations from the call's message time to the call's own time.
    expect(engine.store.getToolCall('rf-1')).toMatchObject({ agentId: `gemini:${SHOP}`, durationMs: 1500, durationSource: 'timestamps', isError: false });
    expect(engine.store.getToolCall('sh-1')).toMatchObject({ isError: true, interrupted: true });
  });

  it('follows appends (with upserts) and whole rewrites live, without duplicates', async () => {
    const { home, dataDir } = setup();
    const engine = start(home, dataDir);
    await engine.index();
    await engine.watch();
    const seen: LanternEvent[] = [];
    engine.bus.on('events', (evs) => seen.push(...evs));
    const before = (await agents(engine)).get(`gemini:${SHOP}`)!.usage.inputTokens;

    // Appended: a prompt, an answer that calls a tool, then the same answer again with the call finished.
    const answer = { id: 'live-g1', timestamp: '2026-05-01T11:00:03.000Z', type: 'gemini', content: '', model: 'gemini-2.5-pro', tokens: { input: 3000, output: 10, cached: 0, thoughts: 5, tool: 0, total: 3015 } };
    const call = { id: 'live-1', name: 'run_shell_command', args: { command: 'npm test' }, timestamp: '2026-05-01T11:00:04.000Z' };
    fs.appendFileSync(path.join(home, SHOP_FILE), line({ id: 'live-u1', timestamp: '2026-05-01T11:00:00.000Z', type: 'user', content: [{ text: 'run the tests' }] }) + line({ ...answer, toolCalls: [{ ...call, status: 'executing' }] }));
    await waitFor(() => seen.some((e) => e.kind === 'tool_call' && e.toolUseId === 'live-1'), 5000, 'the appended tool call');
    fs.appendFileSync(path.join(home, SHOP_FILE), line({ ...answer, toolCalls: [{ ...call, status: 'success', timestamp: '2026-05-01T11:00:09.000Z', result: [{ functionResponse: { id: 'live-1', name: 'run_shell_command', response: { output: 'all tests passed' } } }] }] }));
    await waitFor(() => seen.some((e) => e.kind === 'tool_result' && e.toolUseId === 'live-1'), 5000, 'the upserted tool result');
    expect(count(seen, 'tool_call', (e) => e.kind === 'tool_call' && e.toolUseId === 'live-1')).toBe(1);
    expect(count(seen, 'usage')).toBe(1);
    expect((await agents(engine)).get(`gemini:${SHOP}`)!.usage.inputTokens).toBe(before + 3000);
    expect(engine.store.getToolCall('live-1')).toMatchObject({ durationMs: 6000 });

    // Rewritten whole: the legacy session gets a new prompt and answer; the earlier messages come again unchanged.
    const file = path.join(home, LEGACY_FILE);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { messages: unknown[] };
    doc.messages.push(
      { id: 'c-u9', timestamp: '2026-02-01T12:01:00.000Z', type: 'user', content: 'And the tests?' },
      { id: 'c-g9', timestamp: '2026-02-01T12:01:05.000Z', type: 'gemini', content: 'live legacy answer', model: 'gemini-2.5-pro', tokens: { input: 2000, output: 7, cached: 0, thoughts: 0, tool: 0, total: 2007 } },
    );
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));
    await waitFor(() => seen.some((e) => e.kind === 'assistant_text' && e.text === 'live legacy answer'), 5000, 'the rewritten document');
    const legacyEvents = await events(engine, `gemini:${LEGACY}`);
    expect(count(legacyEvents, 'prompt')).toBe(3);
    expect(count(legacyEvents, 'tool_call')).toBe(1);
    expect(count(legacyEvents, 'usage')).toBe(4);
    expect((await agents(engine)).get(`gemini:${LEGACY}`)!.usage.inputTokens).toBe(9400 + 2000);
  });

  it('a half-written legacy document is a file error until its rewrite completes; an empty one is not', async () => {
    const { home, dataDir } = setup();
    const file = path.join(home, LEGACY_FILE);
    const full = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, full.slice(0, 200));
    // An emptied document (truncated, about to be written) is no error: it is read on its next change.
    fs.writeFileSync(path.join(home, 'tmp/legacy-app/chats/session-2026-07-01T00-00-ffff6666.json'), '');
    const engine = start(home, dataDir);
    await engine.index();
    await engine.watch();
    expect((await engine.api.health()).fileErrors).toEqual([{ path: file, error: expect.stringMatching(/not a complete document/) as unknown as string }]);
    fs.writeFileSync(file, full);
    await waitFor(async () => (await engine.api.health()).fileErrors.length === 0, 5000, 'the error to clear');
    expect(count(await events(engine, `gemini:${LEGACY}`), 'prompt')).toBe(2);
  });

  it('after a restart reads only what changed, and nothing twice', async () => {
    const { home, dataDir } = setup();
    const first = start(home, dataDir);
    await first.index();
    const total = first.store.totals().events;
    await first.stop();

    const file = path.join(home, LEGACY_FILE);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { messages: unknown[] };
    doc.messages.push({ id: 'c-u8', timestamp: '2026-02-01T12:02:00.000Z', type: 'user', content: 'One more question' });
    fs.writeFileSync(file, JSON.stringify(doc, null, 2));

    const second = start(home, dataDir);
    const r = await second.index();
    expect(r.events).toBe(1);
    expect(second.store.totals().events).toBe(total + 1);
    expect((await agents(second)).get(`gemini:${LEGACY}`)!.usage.inputTokens).toBe(9400);
    await second.stop();

    const third = start(home, dataDir);
    expect((await third.index()).events).toBe(0);
  });
});

describe('gemini file context', () => {
  it('finds the project root in projects.json by slug or by hash, else keeps the slug', () => {
    const { home } = setup();
    const at = (rel: string) => {
      const p = path.join(home, rel);
      return fileContext(p, classifyGeminiPath(p)!);
    };
    expect(at(SHOP_FILE).cwd).toBe('/home/dev/shop');
    const hash = createHash('sha256').update('/home/dev/api').digest('hex');
    expect(at(`tmp/${hash}/chats/session-2026-03-10T08-00-dddd4444.jsonl`)).toEqual({
      cwd: '/home/dev/api',
      duplicateOf: path.join(home, 'tmp/api/chats/session-2026-03-10T08-00-dddd4444.jsonl'),
    });
    expect(at('tmp/legacy-app/chats/session-2026-02-01T12-00-cccc3333.jsonl')).toEqual({ cwd: '/home/dev/legacy-app', legacyTwin: true });
    expect(at('tmp/unknown-slug/chats/session-x.jsonl').cwd).toBe('unknown-slug');
    expect(at('tmp/0123456789abcdef/chats/session-x.jsonl').cwd).toBeUndefined();
  });
});
