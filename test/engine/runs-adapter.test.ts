import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine';
import { createRunsAdapter, RUNS_AGENT_ID } from '../../src/engine/adapters/lantern-runs';
import { newParseOutput } from '../../src/engine/adapters/types';
import type { RunOutcome } from '../../src/shared/sessions';
import { sessionLines } from '../helpers/claude-lines';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const S1 = '11111111-1111-4111-8111-111111111111';
const outcome: RunOutcome = {
  exitCode: 0,
  signal: null,
  kind: 'success',
  endedAt: '2026-11-01T10:05:00.000Z',
  result: {
    subtype: 'success',
    isError: false,
    totalCostUsd: 0.0421,
    numTurns: 3,
    durationMs: 41250,
    modelUsage: { 'claude-sonnet-4-5': { inputTokens: 32, outputTokens: 49, cacheReadInputTokens: 8100, cacheCreationInputTokens: 0, costUSD: 0.0421 } },
    permissionDenials: [{ toolName: 'Edit', toolUseId: 'toolu_02' }],
  },
};
const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ sessionId: S1, tag: 'nightly', attempt: 1, command: ['claude', '-p', 'x'], cwd: '/w', pid: 42, startedAt: '2026-11-01T10:00:00.000Z', outcome, ...over });

describe('lantern-runs parser', () => {
  const adapter = createRunsAdapter('/data');

  it('claims exactly <data dir>/run/runs.jsonl', () => {
    expect(adapter.claims('/data/run/runs.jsonl')).toEqual({ path: '/data/run/runs.jsonl', adapter: 'lantern-runs', mode: 'append' });
    expect(adapter.claims('/data/run/../run/runs.jsonl')).not.toBeNull();
    for (const p of ['/other/run/runs.jsonl', '/data/runs.jsonl', '/data/run/sidecars/1.json', '/data/run/old-runs.jsonl']) expect(adapter.claims(p)).toBeNull();
  });

  it('turns a line into the outcome on claude:<session> and a run_outcome event', () => {
    const file = adapter.claims('/data/run/runs.jsonl')!;
    const parser = adapter.createParser(file, null);
    const out = newParseOutput();
    parser.parseLine(line(), 0, out);
    expect(out.agents.get(`claude:${S1}`)).toEqual({
      id: `claude:${S1}`,
      source: 'claude',
      sessionId: S1,
      startedAt: Date.parse('2026-11-01T10:00:00.000Z'),
      meta: { outcome, tag: 'nightly' },
      hook: { state: 'done', reason: null, at: Date.parse(outcome.endedAt) },
      models: undefined,
    });
    expect(out.events).toEqual([
      {
        agentId: `claude:${S1}`,
        kind: 'system',
        ts: Date.parse(outcome.endedAt),
        source: 'sidecar',
        data: { subtype: 'run_outcome', text: 'nightly: run success, $0.0421, 3 turns', data: outcome },
      },
    ]);
  });

  it('reports malformed lines as unparsed on lantern:runs and skips blank ones', () => {
    const parser = adapter.createParser(adapter.claims('/data/run/runs.jsonl')!, null);
    const out = newParseOutput();
    const bad = ['{not json', '[1,2]', line({ sessionId: '../etc/passwd' }), line({ outcome: { kind: 'exploded', endedAt: 'x' } }), line({ outcome: null })];
    let offset = 0;
    for (const l of [...bad, '   ']) {
      parser.parseLine(l, offset, out);
      offset += l.length + 1;
    }
    expect(out.agents.size).toBe(0);
    expect(out.events.map((e) => [e.agentId, e.kind, e.kind === 'unparsed' ? e.data.reason : ''])).toEqual([
      [RUNS_AGENT_ID, 'unparsed', 'invalid JSON'],
      [RUNS_AGENT_ID, 'unparsed', 'not an object'],
      [RUNS_AGENT_ID, 'unparsed', 'no valid sessionId'],
      [RUNS_AGENT_ID, 'unparsed', 'no valid outcome'],
      [RUNS_AGENT_ID, 'unparsed', 'no valid outcome'],
    ]);
  });

  it('rebuilds the outcome from what is valid, without a tag when there is none', () => {
    const parser = adapter.createParser(adapter.claims('/data/run/runs.jsonl')!, null);
    const out = newParseOutput();
    parser.parseLine(line({ tag: null, outcome: { kind: 'killed', signal: 'SIGTERM', exitCode: 'x', endedAt: '2026-11-01T10:05:00.000Z', extra: 1 } }), 0, out);
    expect(out.agents.get(`claude:${S1}`)?.meta).toEqual({ outcome: { kind: 'killed', signal: 'SIGTERM', exitCode: null, endedAt: '2026-11-01T10:05:00.000Z' } });
    expect(out.agents.get(`claude:${S1}`)?.hook).toEqual({ state: 'failed', reason: 'killed (SIGTERM)', at: Date.parse('2026-11-01T10:05:00.000Z') });
    const [e] = out.events;
    expect(e.kind === 'system' && e.data.text).toBe('run killed (SIGTERM)');
  });
});

describe('lantern-runs in the engine', () => {
  function start(claudeDir: string, dataDir: string): Engine {
    const engine = createEngine({ dataDir, claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], role: 'test' });
    cleanups.push(() => engine.stop());
    return engine;
  }

  it('indexes runs.jsonl into the session agent and picks up new runs live', async () => {
    const home = tempDir('lantern-runs-');
    cleanups.push(home.cleanup);
    const claudeDir = path.join(home.path, 'claude');
    const project = path.join(claudeDir, 'projects', '-home-dev-project');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, `${S1}.jsonl`), sessionLines(S1, 1).join('\n') + '\n');
    const dataDir = path.join(home.path, 'data');
    fs.mkdirSync(path.join(dataDir, 'run'), { recursive: true });
    const runs = path.join(dataDir, 'run', 'runs.jsonl');
    fs.writeFileSync(runs, line() + '\n' + 'garbage\n');

    const engine = start(claudeDir, dataDir);
    await engine.index();
    const agent = await engine.api.getAgent(`claude:${S1}`);
    expect(agent).toMatchObject({ sessionId: S1, cwd: '/home/dev/project', outcome, tag: 'nightly' });
    expect(agent?.transcript).toBe(path.join(project, `${S1}.jsonl`));
    const { events } = await engine.api.getEvents(`claude:${S1}`, { limit: 500 });
    expect(events.filter((e) => e.kind === 'system' && e.subtype === 'run_outcome')).toHaveLength(1);
    expect((await engine.api.getAgent(RUNS_AGENT_ID))?.counts.unparsed).toBe(1);
    const health = await engine.api.health();
    expect(health.sources).toContainEqual({ kind: 'lantern-runs', root: path.join(dataDir, 'run'), exists: true });

    await engine.watch();
    const failed: RunOutcome = { exitCode: 3, signal: null, kind: 'failed', endedAt: '2026-11-01T11:00:00.000Z' };
    fs.appendFileSync(runs, line({ tag: 'retry', outcome: failed }) + '\n');
    await waitFor(async () => (await engine.api.getAgent(`claude:${S1}`))?.outcome?.kind === 'failed', 10_000, 'live run outcome');
    expect((await engine.api.getAgent(`claude:${S1}`))?.tag).toBe('retry');
    // A run that just ended is not "running" because its outcome is recent: the exit is first-party evidence.
    const fresh: RunOutcome = { exitCode: 2, signal: null, kind: 'failed', endedAt: new Date().toISOString() };
    fs.appendFileSync(runs, line({ outcome: fresh }) + '\n');
    await waitFor(async () => (await engine.api.getAgent(`claude:${S1}`))?.outcome?.exitCode === 2, 10_000, 'fresh run outcome');
    await waitFor(async () => (await engine.api.getAgent(`claude:${S1}`))?.state === 'failed', 10_000, 'failed state');
    expect((await engine.api.getAgent(`claude:${S1}`))?.stateReason).toBe('exit 2');
  });

  it('watches the run dir even when no run happened before the engine started', async () => {
    const home = tempDir('lantern-runs-');
    cleanups.push(home.cleanup);
    const dataDir = path.join(home.path, 'data');
    const engine = start(path.join(home.path, 'claude'), dataDir);
    await engine.index();
    await engine.watch();
    fs.appendFileSync(path.join(dataDir, 'run', 'runs.jsonl'), line() + '\n');
    await waitFor(async () => (await engine.api.getAgent(`claude:${S1}`))?.outcome?.kind === 'success', 10_000, 'first run outcome');
  });
});
