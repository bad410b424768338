import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCodexHome, generateGeminiHome, type AgentExpectedUsage } from '../bench/agent-homes';
import { codexUsageTotals, type CodexTokenUsage } from '../bench/codex-rollout';
import { generateMixedCorpus } from '../bench/corpus';
import { geminiUsageTotals, type GeminiTokens } from '../bench/gemini-chat';
import { EXPECTED_USAGE_FILE, generateCorpus, type CorpusStats, type ExpectedUsage } from '../bench/generate';
import { corpusLayout, transcriptRoots } from '../bench/layout';
import { DEFAULT_MIX, mixKey, parseMix } from '../bench/mix';
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

const hashTree = (dir: string): string => {
  const h = createHash('sha256');
  for (const f of walk(dir).sort()) h.update(path.relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
};

const readLines = (f: string): Rec[] => {
  const lines = readFileSync(f, 'utf8').split('\n');
  expect(lines.pop()).toBe(''); // every line is complete
  return lines.map((l) => JSON.parse(l) as Rec);
};

describe('bench Codex rollouts', () => {
  let home: string;
  let stats: CorpusStats;
  const files = new Map<string, Rec[]>();

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-codex-'));
    // Seed 7 at this size has an archived thread, a compaction and interrupted turns.
    stats = await generateCodexHome(home, { bytes: 3_000_000, seed: 7 });
    for (const f of [...walk(path.join(home, 'sessions')), ...walk(path.join(home, 'archived_sessions'))]) files.set(f, readLines(f));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('writes enveloped JSON lines in sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl (or archived_sessions/)', () => {
    expect(files.size).toBe(stats.files);
    expect([...files.values()].reduce((n, r) => n + r.length, 0)).toBe(stats.lines);
    expect(stats.bytes).toBeGreaterThanOrEqual(3_000_000);
    const kinds = new Set<string>();
    let archived = 0;
    for (const [f, recs] of files) {
      const rel = path.relative(home, f).split(path.sep);
      const m = /^rollout-(\d{4})-(\d\d)-(\d\d)T\d\d-\d\d-\d\d-([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.jsonl$/.exec(rel[rel.length - 1]);
      expect(m).not.toBeNull();
      if (rel[0] === 'archived_sessions') {
        archived++;
        expect(rel.length).toBe(2);
      } else {
        expect(rel.slice(0, 4)).toEqual(['sessions', m?.[1], m?.[2], m?.[3]]);
      }
      expect(recs[0].type).toBe('session_meta');
      expect((recs[0].payload as Rec).id).toBe(m?.[4]);
      for (const r of recs) {
        if (r.record_type === 'state') continue;
        expect(Object.keys(r)).toEqual(['timestamp', 'type', 'payload']);
        expect(Number.isNaN(Date.parse(String(r.timestamp)))).toBe(false);
        expect(isRec(r.payload)).toBe(true);
        kinds.add(`${String(r.type)}:${String((r.payload as Rec).type ?? '')}`);
      }
    }
    expect(archived).toBeGreaterThan(0);
    expect(archived).toBeLessThan(files.size);
    for (const k of ['compacted:', 'event_msg:turn_aborted', 'turn_context:', 'response_item:message', 'response_item:reasoning', 'response_item:function_call', 'response_item:function_call_output', 'event_msg:token_count', 'event_msg:exec_command_end', 'event_msg:task_started', 'event_msg:task_complete']) {
      expect(kinds).toContain(k);
    }
  });

  it('links every tool output and exec_command_end to an earlier call by call_id', () => {
    for (const recs of files.values()) {
      const calls = new Set<string>();
      const answered = new Set<string>();
      let turnContext = 0;
      let turnStarted = 0;
      for (const r of recs) {
        const p = r.payload as Rec | undefined;
        if (!p) continue;
        if (r.type === 'turn_context') {
          turnContext++;
          expect(typeof p.model).toBe('string');
        }
        if (p.type === 'task_started') turnStarted++;
        if (p.type === 'function_call' || p.type === 'custom_tool_call') {
          expect(calls.has(String(p.call_id))).toBe(false);
          calls.add(String(p.call_id));
          if (p.type === 'function_call') expect(() => JSON.parse(String(p.arguments))).not.toThrow();
        }
        if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output' || p.type === 'exec_command_end' || p.type === 'patch_apply_end') {
          expect(calls.has(String(p.call_id))).toBe(true);
          if (p.type.endsWith('_output')) answered.add(String(p.call_id));
        }
      }
      expect(turnContext).toBe(turnStarted);
      // Only an interrupted turn leaves calls unanswered.
      const aborted = recs.filter((r) => (r.payload as Rec | undefined)?.type === 'turn_aborted').length;
      if (aborted === 0) expect(answered.size).toBe(calls.size);
    }
  });

  it('writes cumulative token_count totals that never decrease, grow by last_token_usage, and end at the expected usage', () => {
    const expected = JSON.parse(readFileSync(path.join(home, EXPECTED_USAGE_FILE), 'utf8')) as AgentExpectedUsage;
    const keys = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'] as const;
    let repeats = 0;
    for (const recs of files.values()) {
      const id = String((recs[0].payload as Rec).id);
      let prev: Record<string, number> = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
      for (const r of recs) {
        const p = r.payload as Rec | undefined;
        if (p?.type !== 'token_count' || p.info === null) continue;
        const info = p.info as Rec;
        const total = info.total_token_usage as Record<string, number>;
        const last = info.last_token_usage as Record<string, number>;
        expect(total.total_tokens).toBe(total.input_tokens + total.output_tokens);
        expect(last.cached_input_tokens).toBeLessThanOrEqual(last.input_tokens);
        expect(last.reasoning_output_tokens).toBeLessThanOrEqual(last.output_tokens);
        for (const k of keys) expect(total[k]).toBeGreaterThanOrEqual(prev[k]);
        if (keys.every((k) => total[k] === prev[k])) repeats++;
        else for (const k of keys) expect(total[k] - prev[k]).toBe(last[k]);
        prev = total;
      }
      expect(expected.raw[id]).toEqual(prev);
      expect(expected.sessions[id]).toEqual(codexUsageTotals(prev as unknown as CodexTokenUsage));
    }
    expect(repeats).toBeGreaterThan(0); // totals are repeated, as Codex does after tool output
    expect(Object.keys(expected.sessions).length).toBe(files.size);
  });

  it('is deterministic for a seed', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-codex-'));
    try {
      await generateCodexHome(path.join(again, 'a'), { bytes: 400_000, seed: 11 });
      await generateCodexHome(path.join(again, 'b'), { bytes: 400_000, seed: 11 });
      await generateCodexHome(path.join(again, 'c'), { bytes: 400_000, seed: 12 });
      expect(hashTree(path.join(again, 'a'))).toBe(hashTree(path.join(again, 'b')));
      expect(hashTree(path.join(again, 'a'))).not.toBe(hashTree(path.join(again, 'c')));
      expect(readFileSync(path.join(again, 'a', EXPECTED_USAGE_FILE), 'utf8')).toBe(readFileSync(path.join(again, 'b', EXPECTED_USAGE_FILE), 'utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('bench Gemini CLI chats', () => {
  let home: string;
  let stats: CorpusStats;
  const files = new Map<string, Rec[]>();

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-gemini-'));
    stats = await generateGeminiHome(home, { bytes: 1_000_000, seed: 13 });
    for (const f of walk(path.join(home, 'tmp'))) files.set(f, readLines(f));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('writes a header and then messages or $set lines in tmp/<project>/chats/session-<time>-<id8>.jsonl', () => {
    expect(files.size).toBe(stats.files);
    expect([...files.values()].reduce((n, r) => n + r.length, 0)).toBe(stats.lines);
    const registry = (JSON.parse(readFileSync(path.join(home, 'projects.json'), 'utf8')) as { projects: Record<string, string> }).projects;
    const slugs = new Map(Object.entries(registry).map(([cwd, slug]) => [slug, cwd]));
    const types = new Set<string>();
    for (const [f, recs] of files) {
      const rel = path.relative(path.join(home, 'tmp'), f).split(path.sep);
      expect(rel.length).toBe(3);
      expect(rel[1]).toBe('chats');
      const header = recs[0];
      expect(Object.keys(header).slice(0, 5)).toEqual(['sessionId', 'projectHash', 'startTime', 'lastUpdated', 'kind']);
      expect(rel[2]).toMatch(new RegExp(`^session-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-${String(header.sessionId).slice(0, 8)}\\.jsonl$`));
      expect(header.projectHash).toMatch(/^[0-9a-f]{64}$/);
      // The folder is the registry's slug for the project, or (older projects) its hash.
      const cwd = slugs.get(rel[0]);
      if (cwd) expect(header.projectHash).toBe(createHash('sha256').update(cwd).digest('hex'));
      else expect(rel[0]).toBe(header.projectHash);
      for (const r of recs.slice(1)) {
        if ('$set' in r) {
          expect(Object.keys(r)).toEqual(['$set']);
          continue;
        }
        expect(typeof r.id).toBe('string');
        expect(Number.isNaN(Date.parse(String(r.timestamp)))).toBe(false);
        expect(['user', 'gemini', 'info', 'error']).toContain(r.type);
        types.add(String(r.type));
      }
    }
    for (const t of ['user', 'gemini']) expect(types).toContain(t);
  });

  it('appends the same id again only to add tool calls to a gemini message, with their results', () => {
    let upserts = 0;
    for (const recs of files.values()) {
      const seen = new Map<string, Rec>();
      for (const r of recs.slice(1)) {
        if ('$set' in r) continue;
        const id = String(r.id);
        const prev = seen.get(id);
        if (prev) {
          upserts++;
          expect(r.type).toBe('gemini');
          expect(prev.toolCalls).toBeUndefined();
          expect({ ...r, toolCalls: undefined }).toEqual({ ...prev, toolCalls: undefined });
          for (const call of r.toolCalls as Rec[]) {
            const response = ((call.result as Rec[])[0] as { functionResponse: Rec }).functionResponse;
            expect(response.id).toBe(call.id);
            expect(response.name).toBe(call.name);
            expect(['success', 'error', 'cancelled']).toContain(call.status);
          }
        } else {
          expect(r.toolCalls).toBeUndefined();
        }
        seen.set(id, r);
        if (r.type === 'gemini') {
          const t = r.tokens as Record<string, number>;
          expect(t.total).toBe(t.input + t.output + t.thoughts + t.tool);
          expect(t.cached).toBeLessThanOrEqual(t.input);
          expect(typeof r.model).toBe('string');
        }
      }
    }
    expect(upserts).toBeGreaterThan(0);
  });

  it('writes expected usage that counts each message id once (last write wins)', () => {
    const expected = JSON.parse(readFileSync(path.join(home, EXPECTED_USAGE_FILE), 'utf8')) as AgentExpectedUsage;
    for (const recs of files.values()) {
      const byId = new Map<string, Record<string, number>>();
      for (const r of recs.slice(1)) if (r.type === 'gemini') byId.set(String(r.id), r.tokens as Record<string, number>);
      const sum: Record<string, number> = { input: 0, output: 0, cached: 0, thoughts: 0, tool: 0, total: 0 };
      for (const t of byId.values()) for (const k of Object.keys(sum)) sum[k] += t[k];
      const id = String(recs[0].sessionId);
      expect(expected.raw[id]).toEqual(sum);
      expect(expected.sessions[id]).toEqual(geminiUsageTotals(sum as unknown as GeminiTokens));
    }
    expect(Object.keys(expected.sessions).length).toBe(files.size);
  });

  it('is deterministic for a seed', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-gemini-'));
    try {
      await generateGeminiHome(path.join(again, 'a'), { bytes: 300_000, seed: 13 });
      await generateGeminiHome(path.join(again, 'b'), { bytes: 300_000, seed: 13 });
      await generateGeminiHome(path.join(again, 'c'), { bytes: 300_000, seed: 14 });
      expect(hashTree(path.join(again, 'a'))).toBe(hashTree(path.join(again, 'b')));
      expect(hashTree(path.join(again, 'a'))).not.toBe(hashTree(path.join(again, 'c')));
      expect(readFileSync(path.join(again, 'a', 'projects.json'), 'utf8')).toBe(readFileSync(path.join(again, 'b', 'projects.json'), 'utf8'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('bench mixed corpus', () => {
  it('parses --mix', () => {
    expect(parseMix('mixed')).toEqual(DEFAULT_MIX);
    expect(parseMix('claude')).toEqual({ claude: 100, codex: 0, gemini: 0 });
    expect(parseMix('claude=7,codex=2,gemini=1')).toEqual(DEFAULT_MIX);
    expect(parseMix('codex:1, gemini:2')).toEqual({ claude: 0, codex: 33, gemini: 67 });
    expect(() => parseMix('claude=70,cursor=30')).toThrow(/--mix/);
    expect(() => parseMix('claude=0')).toThrow(/--mix/);
    expect(mixKey(DEFAULT_MIX)).toBe('claude70-codex20-gemini10');
  });

  it('lays out one home per agent with its share of the bytes, and --mix claude writes the Claude-only corpus', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-gen-mixed-'));
    try {
      const stats = await generateMixedCorpus(path.join(dir, 'mixed'), { bytes: 2_000_000, seed: 5, mix: DEFAULT_MIX });
      const layout = corpusLayout(path.join(dir, 'mixed'), DEFAULT_MIX);
      const roots = transcriptRoots(layout);
      expect(roots.map((r) => path.relative(layout.dir, r.dir))).toEqual([
        path.join('claude', 'projects'),
        path.join('codex', 'sessions'),
        path.join('codex', 'archived_sessions'),
        path.join('gemini', 'tmp'),
      ]);
      for (const agent of layout.agents) {
        const got = stats.agents[agent] as CorpusStats;
        const onDisk = roots.filter((r) => r.agent === agent).flatMap((r) => walk(r.dir));
        expect(got.bytes).toBeGreaterThanOrEqual((2_000_000 * DEFAULT_MIX[agent]) / 100);
        expect(got.bytes).toBe(onDisk.reduce((n, f) => n + statSync(f).size, 0));
        expect(got.files).toBe(onDisk.length);
      }
      expect(stats.bytes).toBe(Object.values(stats.agents).reduce((n, a) => n + a.bytes, 0));

      const claudeOnly = await generateMixedCorpus(path.join(dir, 'claude-only'), { bytes: 600_000, seed: 5, mix: parseMix('claude') });
      const plain = await generateCorpus(path.join(dir, 'plain'), { bytes: 600_000, seed: 5 });
      expect(claudeOnly.agents.claude).toEqual(plain);
      expect(hashTree(path.join(dir, 'claude-only', 'claude'))).toBe(hashTree(path.join(dir, 'plain')));
      expect(readdirSync(path.join(dir, 'claude-only'))).toEqual(['claude']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
