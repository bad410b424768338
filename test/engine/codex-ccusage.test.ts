/**
 * Lantern's Codex totals against ccusage's on the same files (test/fixtures/codex, copied to a temp
 * CODEX_HOME): per session (tokens, reasoning, cost) and per local day through `lantern stats --json`,
 * both with the same TZ. Skips itself where ccusage is absent (`npm run peer:ccusage` installs it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine';
import { LANTERN_BIN } from '../helpers/cli-process';
import { ccusageJson, haveCcusage } from '../helpers/ccusage';
import { tempDir } from '../helpers/temp-dir';

const fixtures = path.resolve(__dirname, '../fixtures/codex/home');
const present = haveCcusage;
const TZ = 'America/New_York';

interface CcusageRow {
  inputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
  costUSD: number;
}
interface CcusageSession extends CcusageRow {
  sessionFile: string;
  models: Record<string, unknown>;
}
interface CcusageDay extends CcusageRow {
  date: string;
}
interface OurDay {
  date: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number | null;
}

describe.skipIf(!present)('codex totals against ccusage codex', () => {
  const tmp = tempDir('lantern-codex-ccusage-');
  const codexHome = path.join(tmp.path, 'codex');
  const dataDir = path.join(tmp.path, 'data');
  const env = { ...process.env, TZ, HOME: tmp.path, NO_COLOR: '1', CODEX_HOME: codexHome };
  const ccusage = (...args: string[]) => ccusageJson(['codex', ...args], env);

  beforeAll(() => {
    fs.cpSync(fixtures, codexHome, { recursive: true });
    execFileSync(process.execPath, [LANTERN_BIN, 'index', '--no-default-dirs', '--codex-dir', codexHome, '--data-dir', dataDir], { env });
  });
  afterAll(() => tmp.cleanup());

  it('has the same tokens, reasoning tokens and cost per session as ccusage codex session', async () => {
    const theirs = (ccusage('session') as { sessions: CcusageSession[] }).sessions;
    expect(theirs.length).toBe(4); // the legacy rollout has no usage
    const engine = createEngine({ dataDir, claudeDirs: [], discoverRoots: false, taskDirs: [], codexDirs: [codexHome], role: 'test' });
    try {
      const { agents } = await engine.api.listAgents();
      for (const s of theirs) {
        const id = `codex:${s.sessionFile.slice(-36)}`;
        const a = agents.find((x) => x.id === id);
        expect(a, id).toBeDefined();
        const u = a!.usage;
        expect([u.inputTokens, u.cacheReadTokens, u.cacheCreationTokens, u.outputTokens, u.reasoningTokens], id).toEqual([
          s.inputTokens,
          s.cacheReadTokens,
          s.cacheCreationTokens,
          s.outputTokens,
          s.reasoningOutputTokens,
        ]);
        expect(Math.abs((u.costUsd ?? NaN) - s.costUSD), `cost of ${id}`).toBeLessThan(1e-9);
      }
    } finally {
      await engine.stop();
    }
  });

  it('has the same tokens and cost per local day as ccusage codex daily', () => {
    const theirs = (ccusage('daily') as { daily: CcusageDay[] }).daily;
    const ours = (JSON.parse(execFileSync(process.execPath, [LANTERN_BIN, 'stats', '--json', '--data-dir', dataDir], { env, encoding: 'utf8' })) as { daily: OurDay[] }).daily;
    expect(ours.map((d) => d.date)).toEqual(theirs.map((d) => d.date));
    for (const [i, day] of theirs.entries()) {
      const o = ours[i];
      expect([o.inputTokens, o.cacheReadTokens, o.cacheCreationTokens, o.outputTokens], day.date).toEqual([day.inputTokens, day.cacheReadTokens, day.cacheCreationTokens, day.outputTokens]);
      expect(Math.abs((o.costUsd ?? NaN) - day.costUSD), `cost on ${day.date}`).toBeLessThan(1e-9);
    }
  });
});
