/**
 * The store's rules for usage that arrives through OpenTelemetry next to transcript usage
 * (store/usage-merge.ts, docs/remote.md): every request counted once whatever the order, reported
 * costs shown instead of the estimates of their requests, session-level and metric usage only as a
 * fallback, and the host every agent carries.
 */
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newParseOutput, type AgentPatch, type UsageRecord } from '../../src/engine/adapters/types';
import type { Store } from '../../src/engine/store/store';
import { useTempStores } from '../helpers/store-options';

const { tmp, open } = useTempStores('lantern-otel-merge-');

const MAIN = 'claude:s1';
const SUB = 'claude:s1/agent-a1';

function usage(over: Partial<UsageRecord> & Pick<UsageRecord, 'key'>): UsageRecord {
  return {
    agentId: MAIN,
    messageId: '',
    requestId: '',
    model: 'claude-sonnet-4-6',
    ts: Date.parse('2026-11-01T10:00:00Z'),
    inputTokens: 100,
    outputTokens: 10,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
    ...over,
  };
}
const transcript = (n: number, over: Partial<UsageRecord> = {}) =>
  usage({ key: `msg_${n}:req_${n}`, messageId: `msg_${n}`, requestId: `req_${n}`, ...over });
const logged = (n: number, cost: number, over: Partial<UsageRecord> = {}) =>
  usage({ key: `otel:r:req_${n}`, requestId: `req_${n}`, telemetry: 'request', reportedCostUsd: cost, inputTokens: 99, ...over });

function commit(store: Store, records: UsageRecord[], patches: AgentPatch[] = []) {
  const out = newParseOutput();
  out.agents.set(MAIN, { id: MAIN, source: 'claude', sessionId: 's1' });
  for (const p of patches) out.agents.set(p.id, p);
  out.usage.push(...records);
  return store.commit(out);
}

/** A read-only look at the store's file (WAL lets a second reader in). */
function query<T>(store: Store, sql: string): T[] {
  const db = new BetterSqlite3(store.path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const keys = (store: Store) => query<{ key: string }>(store, 'SELECT key FROM usage ORDER BY key').map((r) => r.key);

describe('one request, counted once', () => {
  it('a log after the transcript adds only its cost', () => {
    const s = open();
    commit(s, [transcript(1), transcript(2)]);
    const estimate = s.getAgent(MAIN)!.usage.costUsd!;
    commit(s, [logged(1, 0.5)]);
    const u = s.getAgent(MAIN)!.usage;
    expect(u).toMatchObject({ inputTokens: 200, outputTokens: 20, costSource: 'reported', reportedCostUsd: 0.5 });
    expect(u.costUsd).toBeCloseTo(estimate, 12);
    expect(u.displayCostUsd).toBeCloseTo(0.5 + estimate / 2, 12);
    expect(keys(s)).toEqual(['msg_1:req_1', 'msg_2:req_2']);
  });

  it('a log before the transcript is replaced by it and hands over its cost', () => {
    const s = open();
    commit(s, [logged(1, 0.5)]);
    expect(s.getAgent(MAIN)!.usage.inputTokens).toBe(99);
    commit(s, [transcript(1)]);
    const u = s.getAgent(MAIN)!.usage;
    expect(u).toMatchObject({ inputTokens: 100, reportedCostUsd: 0.5, displayCostUsd: 0.5, costSource: 'reported' });
    expect(keys(s)).toEqual(['msg_1:req_1']);
  });

  it('the same holds for a sub-agent: its transcript row takes over its session log', () => {
    const s = open();
    commit(s, [logged(1, 0.5)]);
    const sub: AgentPatch = { id: SUB, source: 'claude', sessionId: 's1', parentId: MAIN };
    commit(s, [transcript(1, { agentId: SUB })], [sub]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ inputTokens: 0, reportedCostUsd: null, displayCostUsd: 0 });
    expect(s.getAgent(SUB)!.usage).toMatchObject({ inputTokens: 100, reportedCostUsd: 0.5, displayCostUsd: 0.5 });
    // And a log for a request a sub-agent's transcript has puts its cost there.
    commit(s, [transcript(2, { agentId: SUB })], [sub]);
    commit(s, [logged(2, 0.25)]);
    expect(s.getAgent(SUB)!.usage.reportedCostUsd).toBeCloseTo(0.75, 12);
  });

  it('a resent log changes nothing; a corrected cost replaces the first', () => {
    const s = open();
    commit(s, [transcript(1)]);
    commit(s, [logged(1, 0.5), logged(1, 0.5)]);
    expect(s.getAgent(MAIN)!.usage.reportedCostUsd).toBe(0.5);
    commit(s, [logged(1, 0.6)]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ reportedCostUsd: 0.6, inputTokens: 100 });
  });

  it('keeps the reported cost when the transcript record of the request grows (largest record wins)', () => {
    const s = open();
    commit(s, [transcript(1, { outputTokens: 1 })]);
    commit(s, [logged(1, 0.5)]);
    commit(s, [transcript(1, { outputTokens: 500 })]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ outputTokens: 500, reportedCostUsd: 0.5, displayCostUsd: 0.5 });
  });
});

describe('fallbacks: session-level logs and metrics', () => {
  const session = (n: number) => usage({ key: `otel:s:${MAIN}:${n}`, telemetry: 'session', inputTokens: 40 });
  const metric = (n: number, cost = 0.01) => usage({ key: `otel:m:${MAIN}:m:${n}`, telemetry: 'metric', inputTokens: 7, reportedCostUsd: cost });

  it('metrics count only while nothing better exists, and are taken back when it arrives', () => {
    const s = open();
    commit(s, [metric(1), metric(2)]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ inputTokens: 14, reportedCostUsd: 0.02 });
    commit(s, [session(1)]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ inputTokens: 40, reportedCostUsd: null });
    commit(s, [metric(3)]);
    expect(s.getAgent(MAIN)!.usage.inputTokens).toBe(40);
    commit(s, [transcript(1)]);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ inputTokens: 100 });
    commit(s, [session(2), metric(4)]);
    expect(s.getAgent(MAIN)!.usage.inputTokens).toBe(100);
    expect(keys(s)).toEqual(['msg_1:req_1']);
  });

  it('a sub-agent transcript of the session outranks them too', () => {
    const s = open();
    commit(s, [transcript(1, { agentId: SUB })], [{ id: SUB, source: 'claude', sessionId: 's1', parentId: MAIN }]);
    commit(s, [metric(1), session(1)]);
    expect(s.getAgent(MAIN)!.usage.inputTokens).toBe(0);
  });

  it('the rollup follows what counts', () => {
    const s = open();
    commit(s, [metric(1), metric(2)]);
    commit(s, [transcript(1)]);
    expect(query(s, 'SELECT sum(requests) AS r, sum(input_tokens) AS i FROM usage_rollup')).toEqual([{ r: 1, i: 100 }]);
  });
});

describe('reported cost and repricing', () => {
  it('display = reported figures + estimates of the other requests, also after a reprice', () => {
    const dir = tmp();
    let s = open(dir);
    commit(s, [transcript(1), transcript(2, { model: 'claude-unknown-9' })]);
    commit(s, [logged(1, 0.5), logged(2, 0.25)]);
    let u = s.getAgent(MAIN)!.usage;
    expect(u).toMatchObject({ reportedCostUsd: 0.75, displayCostUsd: 0.75, unpricedModels: ['claude-unknown-9'] });
    s.close();
    s = open(dir, { pricingSignature: 'another table' });
    u = s.getAgent(MAIN)!.usage;
    expect(u.displayCostUsd).toBeCloseTo(0.75, 12);
    expect(u.reportedCostUsd).toBeCloseTo(0.75, 12);
  });

  it('a run outcome total still wins over per-request figures', () => {
    const s = open();
    commit(s, [transcript(1)]);
    commit(s, [logged(1, 0.5)]);
    const out = newParseOutput();
    out.agents.set(MAIN, {
      id: MAIN,
      source: 'claude',
      meta: { outcome: { exitCode: 0, signal: null, kind: 'success', endedAt: '2026-11-01T10:05:00Z', result: { subtype: 'success', isError: false, totalCostUsd: 1.25, numTurns: 1, durationMs: 1, modelUsage: {}, permissionDenials: [] } } },
    });
    s.commit(out);
    expect(s.getAgent(MAIN)!.usage).toMatchObject({ reportedCostUsd: 1.25, displayCostUsd: 1.25, costSource: 'reported' });
  });
});

describe('host', () => {
  it('new agents are this machine; telemetry names the host of agents without a transcript only', () => {
    const s = open(tmp(), { hostname: 'hub' });
    commit(s, [], [{ id: 'claude:remote', source: 'claude', host: 'laptop-2' }]);
    expect(s.getAgent(MAIN)!.host).toBe('hub');
    expect(s.getAgent('claude:remote')!.host).toBe('laptop-2');
    commit(s, [], [{ id: MAIN, source: 'claude', transcript: '/t/s1.jsonl' }]);
    commit(s, [], [{ id: MAIN, source: 'claude', host: 'elsewhere' }]);
    expect(s.getAgent(MAIN)!.host).toBe('hub');
  });

  it('agents stored before the column existed get this machine\'s name, stored', () => {
    const dir = tmp();
    let s = open(dir, { hostname: 'old-box' });
    commit(s, []);
    s.close();
    const db = new BetterSqlite3(path.join(dir, 'lantern.db'));
    db.prepare('UPDATE agents SET host = NULL').run();
    db.close();
    s = open(dir, { hostname: 'new-box' });
    expect(s.getAgent(MAIN)!.host).toBe('new-box');
    const check = new BetterSqlite3(path.join(dir, 'lantern.db'), { readonly: true });
    expect(check.prepare('SELECT host FROM agents').all()).toEqual([{ host: 'new-box' }]);
    check.close();
  });
});
