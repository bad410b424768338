import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newParseOutput, type NewEvent, type ParseOutput, type UsageRecord } from '../../src/engine/adapters/types';
import { openStore } from '../../src/engine/store/store';
import { testStoreOptions, useTempStores } from '../helpers/store-options';
import { createPricing } from '../../src/engine/pricing';

const { tmp, open } = useTempStores('lantern-store-');

const A = 'claude:s1';
function output(events: NewEvent[] = [], usage: UsageRecord[] = []): ParseOutput {
  const out = newParseOutput();
  out.agents.set(A, { id: A, source: 'claude', sessionId: 's1', cwd: '/w', title: { text: 'first prompt', priority: 0 } });
  out.events.push(...events);
  out.usage.push(...usage);
  return out;
}
const ev = (ts: number, text: string): NewEvent => ({ agentId: A, kind: 'prompt', ts, source: 'transcript', data: { text } });
function usage(key: string, input: number, output: number, agentId = A): UsageRecord {
  return {
    key,
    agentId,
    messageId: key,
    requestId: 'r',
    model: 'claude-sonnet-4-6',
    ts: 1,
    inputTokens: input,
    outputTokens: output,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cache5mTokens: 0,
    cache1hTokens: 0,
    placeholderOutput: false,
  };
}

describe('store', () => {
  it('assigns increasing ids and returns events in the API shape', () => {
    const s = open();
    const r = s.commit(output([ev(1000, 'a'), ev(2000, 'b')]));
    expect(r.events.map((e) => e.id)).toEqual([1, 2]);
    expect(r.events[0]).toEqual({ id: 1, agentId: A, kind: 'prompt', ts: new Date(1000).toISOString(), source: 'transcript', text: 'a' });
    const agent = s.getAgent(A)!;
    expect(agent.counts.events).toBe(2);
    expect(agent.cwd).toBe('/w');
    expect(agent.lastEventAt).toBe(new Date(2000).toISOString());
  });

  it('keeps the largest usage record per key and moves totals by the difference', () => {
    const s = open();
    s.commit(output([], [usage('m1', 10, 1)]));
    s.commit(output([], [usage('m1', 10, 500), usage('m1', 10, 3)])); // placeholder then final then a smaller echo
    s.commit(output([], [usage('m2', 5, 5)]));
    expect(s.getAgent(A)!.usage).toMatchObject({ inputTokens: 15, outputTokens: 505, cacheCreationTokens: 0, cacheReadTokens: 0 });
  });

  it('attributes a deduplicated message to the agent that first reported it', () => {
    const s = open();
    s.commit(output([], [usage('m1', 10, 10)]));
    const other = newParseOutput();
    other.agents.set('claude:s2', { id: 'claude:s2', source: 'claude' });
    other.usage.push(usage('m1', 10, 20, 'claude:s2'));
    s.commit(other);
    expect(s.getAgent(A)!.usage.outputTokens).toBe(20);
    expect(s.getAgent('claude:s2')!.usage.outputTokens).toBe(0);
  });

  it('links a tool result to its call and derives the duration', () => {
    const s = open();
    const call: NewEvent = { agentId: A, kind: 'tool_call', ts: 1000, source: 'transcript', data: { toolUseId: 't1', name: 'Bash', input: { command: 'ls' } } };
    const res: NewEvent = { agentId: A, kind: 'tool_result', ts: 1750, source: 'transcript', data: { toolUseId: 't1', isError: true, text: 'boom' } };
    const r = s.commit(output([call, res]));
    expect(r.events[1]).toMatchObject({ kind: 'tool_result', durationMs: 750, isError: true });
    expect(s.getAgent(A)!.counts).toMatchObject({ toolCalls: 1, toolErrors: 1 });
  });

  it('lets a higher-priority title replace a first prompt, but not the reverse', () => {
    const s = open();
    s.commit(output());
    expect(s.getAgent(A)!.title).toBe('first prompt');
    const named = output();
    named.agents.get(A)!.title = { text: 'My session', priority: 3 };
    s.commit(named);
    s.commit(output()); // priority 0 again
    expect(s.getAgent(A)!.title).toBe('My session');
  });

  it('pages events forwards and backwards', () => {
    const s = open();
    s.commit(output(Array.from({ length: 7 }, (_, i) => ev(i + 1, `e${i + 1}`))));
    const p1 = s.getEvents(A, { limit: 3 })!;
    expect(p1.events.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(p1.next).toBe(3);
    const p3 = s.getEvents(A, { after: 6, limit: 3 })!;
    expect(p3.events.map((e) => e.id)).toEqual([7]);
    expect(p3.next).toBeNull();
    const back = s.getEvents(A, { before: 7, limit: 4 })!;
    expect(back.events.map((e) => e.id)).toEqual([3, 4, 5, 6]);
    expect(back.next).toBe(3);
    expect(s.getEvents('claude:nope', {})).toBeNull();
    expect(s.eventsAfter(5, 10).map((e) => e.id)).toEqual([6, 7]);
    expect(s.maxEventId()).toBe(7);
  });

  it('records state changes as status events, once per change', () => {
    const s = open();
    s.commit(output([ev(1, 'a')]));
    const first = s.setState(A, 'running', null, 'mtime', 5000)!;
    expect(first.events[0]).toMatchObject({ kind: 'status', state: 'running', evidence: 'mtime', source: 'engine' });
    expect(s.setState(A, 'running', null, 'registry', 6000)).toBeNull();
    const blocked = s.setState(A, 'blocked', 'permission', 'registry', 7000)!;
    expect(blocked.events[0]).toMatchObject({ state: 'blocked', prev: 'running', reason: 'permission' });
    expect(s.getAgent(A)!.state).toBe('blocked');
    // Lantern's own observations are not agent activity.
    expect(s.getAgent(A)!.lastEventAt).toBe(new Date(1).toISOString());
  });

  it('commits the file offset with the events and keeps everything across a reopen', () => {
    const dir = tmp();
    const s = open(dir);
    const file = { path: '/x.jsonl', adapter: 'claude', offset: 120, size: 120, ino: '7', mtimeMs: 5, head: 'ab', linesAdded: 2, unparsedAdded: 0, parserState: { k: 1 } };
    s.commit(output([ev(1, 'a')], [usage('m1', 1, 2)]), file);
    s.commit(output([ev(2, 'b')]), { ...file, offset: 200, linesAdded: 1 });
    s.close();
    const again = open(dir);
    expect(again.getFile('/x.jsonl')).toMatchObject({ offset: 200, lines: 3, parserState: { k: 1 }, deleted: false });
    expect(again.getAgent(A)!.usage.outputTokens).toBe(2);
    expect(again.totals()).toMatchObject({ agents: 1, events: 2, files: 1 });
    const next = again.commit(output([ev(3, 'c')]));
    expect(next.events[0].id).toBe(3);
  });

  it('refuses a store written by a newer schema', () => {
    const dir = tmp();
    open(dir).close();
    const Database = BetterSqlite3;
    const db = new Database(path.join(dir, 'lantern.db'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStore(dir, testStoreOptions())).toThrow(/newer Lantern/);
  });

  it('prices each record as it lands, keeps unknown models unpriced, and moves the rollup when a record grows', () => {
    const dir = tmp();
    const s = open(dir);
    const sonnet = (key: string, output: number): UsageRecord => ({ ...usage(key, 1000, output), model: 'claude-sonnet-4-20250514', ts: Date.UTC(2026, 0, 5, 10, 7) });
    s.commit(output([], [sonnet('m1', 1)]));
    s.commit(output([], [sonnet('m1', 2000)])); // the final count replaces the placeholder
    s.commit(output([], [{ ...usage('m2', 500, 500), model: 'mystery-model-9' }]));
    const a = s.getAgent(A)!;
    // sonnet 4: $3 in, $15 out per million
    expect(a.usage.costUsd).toBeCloseTo((1000 * 3 + 2000 * 15) / 1e6, 12);
    expect(a.usage).toMatchObject({ costSource: 'estimate', unpricedModels: ['mystery-model-9'], unpricedTokens: 1000 });
    s.close();
    const db = new BetterSqlite3(path.join(dir, 'lantern.db'), { readonly: true });
    const rollup = db.prepare('SELECT bucket, model, requests, output_tokens, cost_usd, unpriced_requests FROM usage_rollup WHERE requests != 0 ORDER BY model').all();
    db.close();
    expect(rollup).toEqual([
      // 10:07 falls in the 10:00 quarter-hour bucket; the placeholder's share was taken back.
      { bucket: Date.UTC(2026, 0, 5, 10, 0), model: 'claude-sonnet-4-20250514', requests: 1, output_tokens: 2000, cost_usd: expect.closeTo(0.033, 12), unpriced_requests: 0 },
      { bucket: 0, model: 'mystery-model-9', requests: 1, output_tokens: 500, cost_usd: 0, unpriced_requests: 1 },
    ]);
  });

  it('prices the stored history again when the price table changes', () => {
    const dir = tmp();
    const s = openStore(dir, { ...testStoreOptions(), pricingSignature: 'v1' });
    s.commit(output([], [{ ...usage('m1', 1_000_000, 0), model: 'custom-model' }]));
    expect(s.getAgent(A)!.usage.costUsd).toBeNull();
    s.close();
    const overrides = path.join(dir, 'prices.json');
    fs.writeFileSync(overrides, JSON.stringify({ models: { 'custom-model': { input: 2, output: 10 } } }));
    const custom = createPricing({ overridesFile: overrides });
    const again = open(dir, { pricing: custom, pricingSignature: 'v2' });
    expect(again.getAgent(A)!.usage).toMatchObject({ costUsd: 2, unpricedModels: [], unpricedTokens: 0 });
  });

  it('keeps permission wait, interrupts and the source of each duration', () => {
    const s = open();
    s.commit(output());
    const call = (id: string, ts: number): NewEvent => ({ agentId: A, kind: 'tool_call', ts, source: 'transcript', data: { toolUseId: id, name: 'Bash', input: {} } });
    const result = (id: string, ts: number, extra: Partial<{ interrupted: boolean; durationMs: number }> = {}): NewEvent => ({
      agentId: A,
      kind: 'tool_result',
      ts,
      source: 'transcript',
      data: { toolUseId: id, isError: false, text: '', ...extra },
    });
    // Hook path: PreToolUse, a permission prompt, PostToolUse with the agent's own duration.
    s.recordToolTiming(A, { toolUseId: 't1', name: 'Bash', startedAt: 1000 });
    s.markPermissionRequested(A, 'Bash', 1200);
    s.recordToolTiming(A, { toolUseId: 't1', endedAt: 9000, durationMs: 300 });
    s.commit(output([call('t1', 1000), result('t1', 9100)]));
    expect(s.getToolCall('t1')).toMatchObject({ permissionRequestedAt: 1200, durationMs: 300, durationSource: 'hook', endedAt: 9000 });
    // Transcript only: timestamps, or the tool's own reported duration; an interrupt is marked.
    s.commit(output([call('t2', 2000), result('t2', 2500, { interrupted: true })]));
    expect(s.getToolCall('t2')).toMatchObject({ durationMs: 500, durationSource: 'timestamps', interrupted: true, permissionRequestedAt: null });
    s.commit(output([call('t3', 3000), result('t3', 3900, { durationMs: 850 })]));
    expect(s.getToolCall('t3')).toMatchObject({ durationMs: 850, durationSource: 'reported' });
  });
});
