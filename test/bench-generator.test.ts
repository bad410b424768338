import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_USAGE_FILE, generateCorpus, type CorpusStats, type ExpectedUsage } from '../bench/generate';
import type { UsageTotals } from '../bench/usage-model';

type Rec = Record<string, unknown>;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.jsonl')) out.push(p);
  }
  return out;
}

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const tokens = (u: Rec): number => Number(u.input_tokens) + Number(u.output_tokens) + Number(u.cache_creation_input_tokens) + Number(u.cache_read_input_tokens);

describe('bench corpus generator', () => {
  let dir: string;
  let stats: CorpusStats;
  let files: string[];
  const records = new Map<string, Rec[]>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-test-'));
    stats = await generateCorpus(dir, { bytes: 2_000_000, seed: 7 });
    files = walk(path.join(dir, 'projects'));
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      expect(lines.pop()).toBe(''); // every line is complete
      records.set(f, lines.map((l) => JSON.parse(l) as Rec));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the size and counts it reports', () => {
    expect(stats.bytes).toBeGreaterThanOrEqual(2_000_000);
    expect(files.length).toBe(stats.files);
    expect(files.reduce((n, f) => n + statSync(f).size, 0)).toBe(stats.bytes);
    expect([...records.values()].reduce((n, r) => n + r.length, 0)).toBe(stats.lines);
  });

  it('writes only JSON objects with a type, in the Claude Code layout', () => {
    const types = new Set<string>();
    for (const [f, recs] of records) {
      const rel = path.relative(path.join(dir, 'projects'), f).split(path.sep);
      expect(rel.length === 2 || (rel.length === 4 && rel[2] === 'subagents')).toBe(true);
      for (const r of recs) {
        expect(typeof r.type).toBe('string');
        types.add(r.type as string);
      }
    }
    for (const t of ['user', 'assistant', 'system', 'file-history-snapshot']) expect(types).toContain(t);
  });

  it('writes one assistant record per content block, sharing message.id and requestId', () => {
    for (const recs of records.values()) {
      for (const r of recs) {
        if (r.type !== 'assistant' || !isRec(r.message)) continue;
        expect((r.message.content as unknown[]).length).toBe(1);
      }
    }
  });

  it('writes sub-agent files whose sessions exist, with the parent session id', () => {
    const subs = files.filter((f) => f.includes(`${path.sep}subagents${path.sep}`));
    expect(subs.length).toBeGreaterThan(0);
    for (const f of subs) {
      const sessionId = path.basename(path.dirname(path.dirname(f)));
      expect(files).toContain(path.join(path.dirname(path.dirname(path.dirname(f))), `${sessionId}.jsonl`));
      const agentId = path.basename(f).slice('agent-'.length, -'.jsonl'.length);
      for (const r of records.get(f) ?? []) {
        expect(r.sessionId).toBe(sessionId);
        expect(r.agentId).toBe(agentId);
        expect(r.isSidechain).toBe(true);
      }
    }
  });

  it('writes expected-usage.json that matches the files (dedup by message.id + requestId keeping the largest)', () => {
    const expected = JSON.parse(readFileSync(path.join(dir, EXPECTED_USAGE_FILE), 'utf8')) as ExpectedUsage;
    const best = new Map<string, { sessionId: string; usage: Rec }>();
    for (const recs of records.values()) {
      for (const r of recs) {
        if (r.type !== 'assistant' || !isRec(r.message) || !isRec(r.message.usage) || r.message.model === '<synthetic>') continue;
        const key = `${String(r.message.id)}:${String(r.requestId)}`;
        const prev = best.get(key);
        if (!prev || tokens(r.message.usage) > tokens(prev.usage)) best.set(key, { sessionId: r.sessionId as string, usage: r.message.usage });
      }
    }
    const actual: Record<string, UsageTotals> = {};
    for (const { sessionId, usage } of best.values()) {
      const t = (actual[sessionId] ??= { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 });
      t.inputTokens += Number(usage.input_tokens);
      t.outputTokens += Number(usage.output_tokens);
      t.cacheCreationTokens += Number(usage.cache_creation_input_tokens);
      t.cacheReadTokens += Number(usage.cache_read_input_tokens);
    }
    expect(actual).toEqual(expected.sessions);
    expect(Object.keys(expected.sessions).length).toBe(expected.stats.sessions);
  });

  it('is deterministic for a seed', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-test-'));
    try {
      const second = await generateCorpus(again, { bytes: 300_000, seed: 7 });
      const third = await generateCorpus(path.join(again, 'b'), { bytes: 300_000, seed: 7 });
      expect(third).toEqual(second);
      expect(readFileSync(path.join(again, EXPECTED_USAGE_FILE), 'utf8')).toBe(readFileSync(path.join(again, 'b', EXPECTED_USAGE_FILE), 'utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
