import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine';
import type { LanternEvent } from '../../src/shared/events';
import { assistantTextLine, promptLine, sessionLines } from '../helpers/claude-lines';
import { tempDir } from '../helpers/temp-dir';
import { createTestEngine } from '../helpers/test-engine';
import { waitFor } from '../helpers/wait-for';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const home = tempDir('lantern-engine-');
  cleanups.push(home.cleanup);
  const claudeDir = path.join(home.path, 'claude');
  const dataDir = path.join(home.path, 'data');
  const project = path.join(claudeDir, 'projects', '-home-dev-project');
  fs.mkdirSync(project, { recursive: true });
  return { claudeDir, dataDir, project, home: home.path };
}

function start(claudeDir: string, dataDir: string, now?: () => number): Engine {
  return createTestEngine({ dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], clock: now ? { now } : undefined, role: 'test' }, cleanups);
}

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';

describe('engine', () => {
  it('indexes sessions with their sub-agents and totals', async () => {
    const { claudeDir, dataDir, project } = setup();
    fs.writeFileSync(path.join(project, `${S1}.jsonl`), sessionLines(S1, 1).join('\n') + '\n');
    fs.mkdirSync(path.join(project, S1, 'subagents'), { recursive: true });
    const sub = sessionLines(S1, 2).map((l) => JSON.stringify({ ...JSON.parse(l), isSidechain: true, agentId: 'a1b2c3d' }));
    fs.writeFileSync(path.join(project, S1, 'subagents', 'agent-a1b2c3d.jsonl'), sub.join('\n') + '\n');
    const engine = start(claudeDir, dataDir);
    const r = await engine.index();
    expect(r.files).toBe(2);
    const { agents } = await engine.api.listAgents();
    const main = agents.find((a) => a.id === `claude:${S1}`)!;
    const child = agents.find((a) => a.id === `claude:${S1}/a1b2c3d`)!;
    expect(main).toMatchObject({ source: 'claude', sessionId: S1, parentId: null, cwd: '/home/dev/project', title: `task 1 for ${S1}` });
    expect(child.parentId).toBe(main.id);
    expect(main.usage).toMatchObject({ inputTokens: 6, outputTokens: 31, cacheCreationTokens: 100, cacheReadTokens: 1500, costSource: 'estimate' });
    // claude-sonnet-4-6: $3 in, $15 out, $3.75 cache write (5 min), $0.30 cache read per million
    expect(main.usage.costUsd).toBeCloseTo((6 * 3 + 31 * 15 + 100 * 3.75 + 1500 * 0.3) / 1e6, 12);
    expect(main.counts).toMatchObject({ toolCalls: 1, toolErrors: 0, unparsed: 0 });
    expect(main.models).toEqual(['claude-sonnet-4-6']);
    const health = await engine.api.health();
    expect(health.indexing).toMatchObject({ done: true, files: 2, filesDone: 2 });
  });

  it('picks up appends, new project folders and new files live, and keeps history after deletion', async () => {
    const { claudeDir, dataDir, project } = setup();
    const file = path.join(project, `${S1}.jsonl`);
    fs.writeFileSync(file, promptLine({ session: S1 }, 'hello') + '\n');
    const engine = start(claudeDir, dataDir);
    await engine.index();
    await engine.watch();
    const seen: LanternEvent[] = [];
    engine.bus.on('events', (evs) => seen.push(...evs));

    fs.appendFileSync(file, assistantTextLine({ session: S1 }, 'live answer', { id: 'm1', requestId: 'r1' }) + '\n');
    await waitFor(() => seen.find((e) => e.kind === 'assistant_text' && e.text === 'live answer'), 5000, 'the appended line');

    // A partial line is not read until its newline arrives.
    const partial = assistantTextLine({ session: S1 }, 'second', { id: 'm2', requestId: 'r2' });
    fs.appendFileSync(file, partial.slice(0, 40));
    fs.appendFileSync(file, partial.slice(40) + '\n');
    await waitFor(() => seen.find((e) => e.kind === 'assistant_text' && e.text === 'second'), 5000, 'the completed line');

    const newProject = path.join(claudeDir, 'projects', '-home-dev-other');
    fs.mkdirSync(newProject);
    fs.writeFileSync(path.join(newProject, `${S2}.jsonl`), promptLine({ session: S2, cwd: '/home/dev/other' }, 'in a new folder') + '\n');
    await waitFor(() => engine.store.getAgent(`claude:${S2}`), 5000, 'the new session');

    fs.rmSync(file);
    await waitFor(() => engine.store.getFile(file)?.deleted, 5000, 'the deletion to be noticed');
    const page = await engine.api.getEvents(`claude:${S1}`, {});
    expect(page.events.map((e) => e.kind)).toContain('assistant_text');
    expect(engine.store.getAgent(`claude:${S1}`)!.counts.events).toBeGreaterThanOrEqual(3);
  });

  it('reads a file again from the start when it is truncated or replaced, without losing the old events', async () => {
    const { claudeDir, dataDir, project } = setup();
    const file = path.join(project, `${S1}.jsonl`);
    fs.writeFileSync(file, sessionLines(S1, 1).join('\n') + '\n');
    const engine = start(claudeDir, dataDir);
    await engine.index();
    const before = engine.store.getAgent(`claude:${S1}`)!.counts.events;
    fs.writeFileSync(file, promptLine({ session: S1 }, 'rewritten') + '\n');
    await engine.index();
    const after = engine.store.getAgent(`claude:${S1}`)!;
    expect(after.counts.events).toBe(before + 1);
    expect(engine.store.getFile(file)!.lines).toBe(1);
  });

  it('counts malformed lines, shows them, and loads the rest', async () => {
    const { claudeDir, dataDir, project } = setup();
    const lines = sessionLines(S1, 1);
    const bad = ['{"type": "user", "message": {', 'not json at all', '[1,2,3]', '\u0000\u0001garbage'];
    fs.writeFileSync(path.join(project, `${S1}.jsonl`), [lines[0], bad[0], lines[1], bad[1], lines[2], bad[2], bad[3], lines[3]].join('\r\n') + '\r\n');
    const engine = start(claudeDir, dataDir);
    await engine.index();
    const agent = engine.store.getAgent(`claude:${S1}`)!;
    expect(agent.counts.unparsed).toBe(4);
    expect(agent.counts.toolCalls).toBe(1);
    expect(agent.usage.outputTokens).toBe(31);
    const health = await engine.api.health();
    expect(health.totals.unparsed).toBe(4);
  });

  it('derives running from recent writes and decays it on the clock', async () => {
    const { claudeDir, dataDir, project } = setup();
    const file = path.join(project, `${S1}.jsonl`);
    fs.writeFileSync(file, sessionLines(S1, 1).join('\n') + '\n');
    const mtime = fs.statSync(file).mtimeMs;
    let now = mtime + 10_000;
    const engine = start(claudeDir, dataDir, () => now);
    await engine.index();
    expect(engine.store.getAgent(`claude:${S1}`)!.state).toBe('running');
    now = mtime + 120_000;
    engine.liveness.evaluate();
    expect(engine.store.getAgent(`claude:${S1}`)!.state).toBe('idle');
    const events = (await engine.api.getEvents(`claude:${S1}`, {})).events.filter((e) => e.kind === 'status');
    expect(events.map((e) => (e.kind === 'status' ? e.state : ''))).toEqual(['running', 'idle']);
  });

  it('lets Claude Code\'s session registry override the mtime guess', async () => {
    const { claudeDir, dataDir, project } = setup();
    const file = path.join(project, `${S1}.jsonl`);
    fs.writeFileSync(file, sessionLines(S1, 1).join('\n') + '\n');
    const old = Date.now() / 1000 - 3600;
    fs.utimesSync(file, old, old);
    fs.mkdirSync(path.join(claudeDir, 'sessions'));
    fs.writeFileSync(
      path.join(claudeDir, 'sessions', `${process.pid}.json`),
      JSON.stringify({ pid: process.pid, sessionId: S1, cwd: '/home/dev/project', status: 'waiting', waitingFor: 'permission to use Bash' }),
    );
    const engine = start(claudeDir, dataDir);
    await engine.index();
    expect(engine.store.getAgent(`claude:${S1}`)).toMatchObject({ state: 'blocked', stateReason: 'permission' });
  });

  it('starts watching a Claude dir that appears after start', async () => {
    const home = tempDir('lantern-late-');
    cleanups.push(home.cleanup);
    const claudeDir = path.join(home.path, 'not-yet');
    const engine = createEngine({ dataDir: path.join(home.path, 'data'), claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], rootRecheckMs: 50 });
    cleanups.push(() => engine.stop());
    await engine.index();
    await engine.watch();
    const project = path.join(claudeDir, 'projects', '-home-dev-late');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, `${S1}.jsonl`), promptLine({ session: S1 }, 'late') + '\n');
    await waitFor(() => engine.store.getAgent(`claude:${S1}`), 5000, 'the session in a root created after start');
  });

  it('refuses a second engine on the same data dir', async () => {
    const { claudeDir, dataDir } = setup();
    start(claudeDir, dataDir);
    expect(() => createEngine({ dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [] })).toThrow(/already owns/);
  });
});
