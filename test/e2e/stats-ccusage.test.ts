/**
 * `lantern stats --json` against ccusage on the same files (a copy of ../shared/corpus/claude, never
 * committed), both run with the same TZ and a temp HOME: tokens per local day and per model equal,
 * costs per day and per model equal to 1e-6 USD. New York puts some requests on other dates than
 * UTC would. Also: stats reads the index while `lantern serve` holds the data dir, and says what to do
 * when there is no index. Skips itself where the corpus or ccusage is absent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANTERN_BIN, runCli, startServe } from '../helpers/cli-process';
import { ccusageJson, haveCcusage } from '../helpers/ccusage';
import { tempDir } from '../helpers/temp-dir';

const corpus = path.resolve(__dirname, '../../../shared/corpus/claude');
const present = fs.existsSync(corpus) && haveCcusage;
const TZ = 'America/New_York';
const KEYS = ['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens'] as const;

type Tokens = Record<(typeof KEYS)[number], number>;
interface CcusageModel extends Tokens {
  modelName: string;
  cost: number;
}
interface CcusageDay extends Tokens {
  date: string;
  totalCost: number;
  modelBreakdowns: CcusageModel[];
}
interface OurReport {
  timeZone: string;
  daily: Array<Tokens & { date: string; costUsd: number | null }>;
  models: Array<Tokens & { model: string; costUsd: number | null }>;
  projects: Array<Tokens & { project: string }>;
  tools: Array<{ name: string; count: number }>;
}

const pick = (r: Tokens): Tokens => Object.fromEntries(KEYS.map((k) => [k, r[k]])) as Tokens;

describe.skipIf(!present)('lantern stats against ccusage on the real corpus', () => {
  const tmp = tempDir('lantern-stats-e2e-');
  const claudeDir = path.join(tmp.path, 'claude');
  const dataDir = path.join(tmp.path, 'data');
  const env = { ...process.env, TZ, HOME: tmp.path, NO_COLOR: '1' };
  let ours: OurReport;
  const ccusage = (...args: string[]) => ccusageJson(['claude', ...args], { ...env, CLAUDE_CONFIG_DIR: claudeDir });

  beforeAll(() => {
    fs.cpSync(corpus, claudeDir, { recursive: true });
    for (const f of fs.readdirSync(claudeDir, { recursive: true, withFileTypes: true })) {
      fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644); // the corpus is read-only
    }
    execFileSync(process.execPath, [LANTERN_BIN, 'index', '--no-default-dirs', '--claude-dir', claudeDir, '--data-dir', dataDir], { env });
    ours = JSON.parse(execFileSync(process.execPath, [LANTERN_BIN, 'stats', '--json', '--data-dir', dataDir], { env, encoding: 'utf8' })) as OurReport;
  });
  afterAll(() => tmp.cleanup());

  it('has the same tokens per local day as ccusage daily, and the same cost to 1e-6 USD', () => {
    expect(ours.timeZone).toBe(TZ);
    const theirs = (ccusage('daily') as { daily: CcusageDay[] }).daily;
    expect(theirs.length).toBeGreaterThan(1);
    expect(ours.daily.map((d) => d.date)).toEqual(theirs.map((d) => d.date));
    for (const [i, day] of theirs.entries()) {
      expect(pick(ours.daily[i]), day.date).toEqual(pick(day));
      expect(Math.abs((ours.daily[i].costUsd ?? NaN) - day.totalCost), `cost on ${day.date}`).toBeLessThan(1e-6);
    }
  });

  it('has the same tokens per model as ccusage (session --breakdown), and the same cost to 1e-6 USD', () => {
    const sessions = (ccusage('session', '--breakdown') as { sessions: Array<{ modelBreakdowns: CcusageModel[] }> }).sessions;
    const theirs = new Map<string, CcusageModel>();
    for (const m of sessions.flatMap((s) => s.modelBreakdowns)) {
      const t = theirs.get(m.modelName) ?? { modelName: m.modelName, cost: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
      for (const k of KEYS) t[k] += m[k];
      t.cost += m.cost;
      theirs.set(m.modelName, t);
    }
    expect(new Set(ours.models.map((m) => m.model))).toEqual(new Set(theirs.keys()));
    for (const m of ours.models) {
      const t = theirs.get(m.model)!;
      expect(pick(m), m.model).toEqual(pick(t));
      expect(Math.abs((m.costUsd ?? NaN) - t.cost), `cost of ${m.model}`).toBeLessThan(1e-6);
    }
  });

  it('reads the index while lantern serve holds the data dir', async () => {
    const served = await startServe(['--no-default-dirs', '--claude-dir', claudeDir, '--data-dir', dataDir, '--port', '0'], { TZ, HOME: tmp.path });
    try {
      const r = await runCli(['stats', '--json', '--data-dir', dataDir], { TZ, HOME: tmp.path });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as OurReport).daily).toEqual(ours.daily);
      const text = await runCli(['stats', '--data-dir', dataDir], { TZ, HOME: tmp.path });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^Cost by day \(America\/New_York\)$/m);
      expect(text.stdout).toMatch(/^Tool latency/m);
    } finally {
      await served.stop();
    }
  });

  it('says to run lantern index when there is no index', async () => {
    const r = await runCli(['stats', '--data-dir', path.join(tmp.path, 'empty')], { HOME: tmp.path });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no index in .*empty: run `lantern index` first/);
    expect(fs.existsSync(path.join(tmp.path, 'empty'))).toBe(false); // reading never creates a data dir
  });
});
