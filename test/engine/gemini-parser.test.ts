/**
 * The Gemini CLI parser line by line and document by document (test/fixtures/gemini, our own files modelled on
 * FORMATS.md §6 and the real ones in ../shared/corpus/gemini): upserts, `$set`, rewinds, legacy documents read
 * again whole, copies of a session, usage as ccusage counts it, and state that survives a restart.
 */
import { describe, expect, it } from 'vitest';
import { classifyGeminiPath, defaultGeminiHomes, geminiUsage } from '../../src/engine/adapters/gemini';
import { geminiDirs } from '../../src/engine/adapters/gemini/index';
import { MESSAGE_LIMIT } from '../../src/engine/adapters/gemini/state';
import type { NewEvent } from '../../src/engine/adapters/types';
import { fixturePath, fixtureText, kinds, linesOf, ofKind, parseDoc, parseJsonl } from '../fixtures/gemini/harness';

const SHOP = 'tmp/shop/chats/session-2026-05-01T10-00-aaaa1111.jsonl';
const SHOP_ID = 'gemini:aaaa1111-1111-4111-8111-111111111111';
const LEGACY = 'tmp/legacy-app/chats/session-2026-02-01T12-00-cccc3333.json';
const TWIN = 'tmp/legacy-app/chats/session-2026-02-01T12-00-cccc3333.jsonl';
const SUB = 'tmp/shop/chats/aaaa1111-1111-4111-8111-111111111111/eeee5555-5555-4555-8555-555555555555.jsonl';

const toolCallIds = (events: NewEvent[]) => ofKind(events, 'tool_call').map((e) => e.data.toolUseId);
const toolResultIds = (events: NewEvent[]) => ofKind(events, 'tool_result').map((e) => e.data.toolUseId);

describe('gemini paths', () => {
  it('claims session chats (appended .jsonl, rewritten .json) and sub-agent chats, nothing else', () => {
    expect(classifyGeminiPath('/h/.gemini/tmp/shop/chats/session-2026-05-01T10-00-aaaa1111.jsonl')).toMatchObject({ kind: 'session', project: 'shop', format: 'jsonl', tmpRoot: '/h/.gemini/tmp' });
    expect(classifyGeminiPath('/h/.gemini/tmp/0123456789abcdef/chats/session-x.json')).toMatchObject({ kind: 'session', project: '0123456789abcdef', format: 'json' });
    expect(classifyGeminiPath('/h/.gemini/tmp/shop/chats/parent-id/child-id.jsonl')).toMatchObject({ kind: 'subagent', parentSessionId: 'parent-id', name: 'child-id.jsonl' });
    expect(classifyGeminiPath('C:\\Users\\me\\.gemini\\tmp\\shop\\chats\\session-a.jsonl')).toMatchObject({ kind: 'session', tmpRoot: 'C:\\Users\\me\\.gemini\\tmp' });
    for (const p of ['/h/.gemini/tmp/shop/logs.json', '/h/.gemini/tmp/shop/chats/notes.txt', '/h/.gemini/tmp/shop/checkpoint-a.json', '/h/.claude/projects/p/x.jsonl', '/h/.gemini/tmp/shop/chats/.jsonl']) {
      expect(classifyGeminiPath(p), p).toBeNull();
    }
  });

  it('reads $GEMINI_CLI_HOME/.gemini and ~/.gemini unless told not to, plus every --gemini-dir', () => {
    expect(defaultGeminiHomes({}, '/home/me')).toEqual(['/home/me/.gemini']);
    expect(defaultGeminiHomes({ GEMINI_CLI_HOME: '/profiles/work' }, '/home/me')).toEqual(['/profiles/work/.gemini', '/home/me/.gemini']);
    expect(geminiDirs({ env: {}, home: '/home/me', geminiDirs: ['/backup/.gemini'] })).toEqual(['/home/me/.gemini/tmp', '/backup/.gemini/tmp']);
    expect(geminiDirs({ env: {}, home: '/home/me', geminiDirs: ['/backup/.gemini'], discoverRoots: false })).toEqual(['/backup/.gemini/tmp']);
  });
});

describe('gemini usage (ccusage 20.0.24 arithmetic)', () => {
  it('takes cached out of input when total counts it inside, and bills thoughts as output', () => {
    expect(geminiUsage({ input: 12000, output: 40, cached: 8000, thoughts: 300, tool: 0, total: 12340 })).toEqual({ inputTokens: 4000, outputTokens: 340, cacheReadTokens: 8000, reasoningTokens: 300 });
  });
  it('leaves input alone when total counts cached on top', () => {
    expect(geminiUsage({ input: 4600, output: 120, cached: 8000, thoughts: 0, tool: 0, total: 12720 })).toEqual({ inputTokens: 4600, outputTokens: 120, cacheReadTokens: 8000, reasoningTokens: 0 });
  });
  it('counts tool-use prompt tokens as input', () => {
    expect(geminiUsage({ input: 5200, output: 60, cached: 4000, thoughts: 0, tool: 25, total: 5285 })).toEqual({ inputTokens: 1225, outputTokens: 60, cacheReadTokens: 4000, reasoningTokens: 0 });
  });
  it('gives a total above the parts to output when output is 0, else to thoughts', () => {
    expect(geminiUsage({ input: 700, output: 0, cached: 0, thoughts: 0, tool: 0, total: 820 })).toEqual({ inputTokens: 700, outputTokens: 120, cacheReadTokens: 0, reasoningTokens: 0 });
    expect(geminiUsage({ input: 700, output: 10, cached: 0, thoughts: 5, tool: 0, total: 730 })).toEqual({ inputTokens: 700, outputTokens: 30, cacheReadTokens: 0, reasoningTokens: 20 });
    expect(geminiUsage({ total: 654 })).toEqual({ inputTokens: 0, outputTokens: 654, cacheReadTokens: 0, reasoningTokens: 0 });
  });
  it('accepts the other spellings, and has no usage for nothing', () => {
    expect(geminiUsage({ prompt_tokens: 10, candidates_tokens: 2, cached_tokens: 0, reasoning_tokens: 1 })).toEqual({ inputTokens: 10, outputTokens: 3, cacheReadTokens: 0, reasoningTokens: 1 });
    expect(geminiUsage({ input: 0, output: 0, cached: 0, thoughts: 0, tool: 0, total: 0 })).toBeNull();
    expect(geminiUsage(null)).toBeNull();
    expect(geminiUsage({ input: -5, output: 'x' })).toBeNull();
  });
});

describe('gemini .jsonl', () => {
  const path = fixturePath(SHOP);
  const text = fixtureText(SHOP);
  const { out } = parseJsonl(path, text);

  it('turns each message into events once, however often it is appended again', () => {
    expect(kinds(out.events)).toEqual([
      'system:info',
      'prompt',
      'thinking',
      'usage', // m-g1, first write (no tool calls yet)
      'tool_call', // m-g1 written again with its finished call
      'tool_result',
      'unparsed', // a line cut short
      'tool_call', // m-g2 with its call still executing
      'usage',
      'tool_result', // m-g2 written again: the first call failed, a second one was cancelled
      'tool_call',
      'tool_result',
      'system:info',
      'prompt',
      'assistant_text',
      'usage',
      'system:rewind',
      'prompt',
      'tool_call',
      'tool_result',
      'usage',
      'assistant_text',
      'usage',
      'system:summary',
      'usage',
    ]);
    expect(toolCallIds(out.events)).toEqual(['rf-1', 'ed-1', 'sh-1', 'ed-2']);
    expect(toolResultIds(out.events)).toEqual(['rf-1', 'ed-1', 'sh-1', 'ed-2']);
    expect(new Set(out.events.map((e) => e.agentId))).toEqual(new Set([SHOP_ID]));
  });

  it('maps prompts, thoughts, answers, calls and results with their own times', () => {
    const prompt = ofKind(out.events, 'prompt')[0];
    expect(prompt.data.text).toBe('Add a checkout button to the cart page');
    expect(new Date(prompt.ts).toISOString()).toBe('2026-05-01T10:00:05.000Z');
    const thought = ofKind(out.events, 'thinking')[0];
    expect(thought.data.text).toBe('Finding the cart\n\nLooking for the cart component first.');
    expect(new Date(thought.ts).toISOString()).toBe('2026-05-01T10:00:07.000Z');
    const call = ofKind(out.events, 'tool_call')[0];
    expect(call.data).toEqual({ toolUseId: 'rf-1', name: 'read_file', input: { file_path: 'src/cart.tsx' } });
    expect(new Date(call.ts).toISOString()).toBe('2026-05-01T10:00:09.000Z'); // the message's time: the call's start
    const [ok, failed, cancelled] = ofKind(out.events, 'tool_result');
    expect(ok.data).toEqual({ toolUseId: 'rf-1', isError: false, text: 'export function Cart() {\n  return <div>cart</div>;\n}' });
    expect(new Date(ok.ts).toISOString()).toBe('2026-05-01T10:00:10.500Z'); // the call's own time: its end
    expect(failed.data).toEqual({ toolUseId: 'ed-1', isError: true, text: 'old_string not found in src/cart.tsx' });
    expect(cancelled.data).toEqual({ toolUseId: 'sh-1', isError: true, interrupted: true, text: '[Operation Cancelled] Reason: User denied execution.' });
    const answer = ofKind(out.events, 'assistant_text').at(-1)!;
    expect(answer.data).toEqual({ text: 'Done: the checkout button now sits next to the total.', model: 'gemini-2.5-flash', messageId: 'm-g5' });
    const unparsed = ofKind(out.events, 'unparsed')[0];
    expect(unparsed.data).toMatchObject({ reason: 'invalid JSON', offset: linesOf(text)[7].offset });
  });

  it('names what a rewind removed, and keeps its usage (billed; ccusage counts it too)', () => {
    const rewind = out.events.find((e) => e.kind === 'system' && e.data.subtype === 'rewind')!;
    expect(rewind.data).toMatchObject({ subtype: 'rewind', data: { to: 'm-u2', removedCount: 2, removed: ['m-u2', 'm-g3'] } });
    expect(out.usage.map((u) => u.messageId)).toContain('m-g3');
  });

  it('reports usage per message the way ccusage counts it, keyed by session and message', () => {
    const last = new Map(out.usage.map((u) => [u.key, u]));
    expect([...last.keys()]).toEqual(['m-g1', 'm-g2', 'm-g3', 'm-g4', 'm-g5', 'm-g6'].map((m) => `${SHOP_ID}:${m}`));
    expect(last.get(`${SHOP_ID}:m-g1`)).toMatchObject({ model: 'gemini-2.5-pro', inputTokens: 4000, outputTokens: 340, cacheReadTokens: 8000, cacheCreationTokens: 0, reasoningTokens: 300 });
    // m-g5 names no model: the last one a record named (ccusage's rule).
    expect(last.get(`${SHOP_ID}:m-g5`)).toMatchObject({ model: 'gemini-2.5-flash', inputTokens: 1225, outputTokens: 60, cacheReadTokens: 4000 });
    const sum = [...last.values()].reduce((n, u) => n + u.inputTokens, 0);
    expect(sum).toBe(28525); // ccusage gemini session on the fixture
  });

  it('patches the agent: session, project, times, models, title (summary over first prompt), marker', () => {
    const p = out.agents.get(SHOP_ID)!;
    expect(p).toMatchObject({ source: 'gemini', sessionId: 'aaaa1111-1111-4111-8111-111111111111', transcript: path, startedAt: Date.parse('2026-05-01T10:00:00.000Z'), marker: 'responding' });
    expect(p.models).toEqual(['gemini-2.5-pro', 'gemini-2.5-flash']);
    expect(p.title).toEqual({ text: 'Checkout button on the cart page', priority: 1 });
    const before = parseJsonl(path, linesOf(text).slice(0, 4).map((l) => l.text).join('\n') + '\n').out.agents.get(SHOP_ID)!;
    expect(before.title).toEqual({ text: 'Add a checkout button to the cart page', priority: 0 });
    expect(before.marker).toBe('prompt');
  });

  it('resumes from saved state at any line without emitting anything twice', () => {
    const all = linesOf(text);
    for (let cut = 1; cut < all.length; cut++) {
      const head = all.slice(0, cut).map((l) => l.text).join('\n') + '\n';
      const first = parseJsonl(path, head);
      const second = parseJsonl(path, text, first.state, {}, cut);
      expect(kinds([...first.out.events, ...second.out.events]), `cut at line ${cut}`).toEqual(kinds(out.events));
    }
  });

  it('marks tool_pending while a call runs and the message is the last one', () => {
    const upToExecuting = linesOf(text).slice(0, 9).map((l) => l.text).join('\n') + '\n';
    expect(parseJsonl(path, upToExecuting).out.agents.get(SHOP_ID)!.marker).toBe('tool_pending');
  });

  it('links a sub-agent chat to its parent session', () => {
    const sub = parseJsonl(fixturePath(SUB), fixtureText(SUB)).out;
    expect(sub.agents.get('gemini:eeee5555-5555-4555-8555-555555555555')).toMatchObject({ parentId: SHOP_ID, sessionId: 'eeee5555-5555-4555-8555-555555555555' });
  });
});

describe('gemini $set.messages, copies and twins', () => {
  const path = fixturePath(SHOP);
  const meta = JSON.stringify({ sessionId: 's-1', projectHash: 'p', startTime: '2026-05-01T10:00:00.000Z' });
  const msg = (id: string, type: string, content: string, extra: object = {}) => ({ id, timestamp: '2026-05-01T10:00:01.000Z', type, content, ...extra });

  it('replaces the history on $set.messages: removed ones named, kept ones not repeated, new ones emitted', () => {
    const lines = [
      meta,
      JSON.stringify(msg('u1', 'user', 'first')),
      JSON.stringify(msg('g1', 'gemini', 'answer one', { model: 'gemini-2.5-pro', tokens: { input: 10, output: 1, cached: 0, total: 11 } })),
      JSON.stringify(msg('u2', 'user', 'second')),
      JSON.stringify({ $set: { messages: [msg('sum', 'user', 'Summary of the conversation so far'), msg('g1', 'gemini', 'answer one', { model: 'gemini-2.5-pro', tokens: { input: 10, output: 1, cached: 0, total: 11 } })] } }),
    ];
    const { out } = parseJsonl(path, lines.join('\n') + '\n');
    expect(kinds(out.events)).toEqual(['prompt', 'assistant_text', 'usage', 'prompt', 'system:history_replaced', 'prompt']);
    expect(out.events[4].data).toMatchObject({ data: { removedCount: 2, removed: ['u1', 'u2'], kept: 2 } });
    expect(new Set(out.usage.map((u) => u.key))).toEqual(new Set(['gemini:s-1:g1']));
  });

  it('an unknown rewind target clears every message', () => {
    const lines = [meta, JSON.stringify(msg('u1', 'user', 'a')), JSON.stringify(msg('u2', 'user', 'b')), JSON.stringify({ $rewindTo: 'nope' })];
    const { out } = parseJsonl(path, lines.join('\n') + '\n');
    expect(out.events.at(-1)!.data).toMatchObject({ subtype: 'rewind', data: { removedCount: 2, targetUnknown: true } });
  });

  it('a stale copy of a session (hash folder beside its slug folder) emits no events, only its usage', () => {
    const text = fixtureText(SHOP);
    const { out } = parseJsonl(path, text, null, { duplicateOf: '/elsewhere/session.jsonl' });
    expect(kinds(out.events)).toEqual(['system:duplicate_copy', 'unparsed']);
    expect(new Set(out.usage.map((u) => u.key)).size).toBe(6);
    expect(out.agents.get(SHOP_ID)!.transcript).toBeUndefined();
  });

  it('a resumed session leaves the history it carries to its legacy .json twin and emits only what follows', () => {
    const { out } = parseJsonl(fixturePath(TWIN), fixtureText(TWIN), null, { legacyTwin: true });
    expect(kinds(out.events)).toEqual(['prompt', 'assistant_text', 'usage']);
    // The carried answers still land as usage, under the keys the .json gives them: they collapse.
    expect(out.usage.map((u) => u.key)).toEqual(['c-g1', 'c-g2', 'c-g3'].map((m) => `gemini:cccc3333-3333-4333-8333-333333333333:${m}`));
    const alone = parseJsonl(fixturePath(TWIN), fixtureText(TWIN)).out;
    expect(ofKind(alone.events, 'prompt')).toHaveLength(2);
  });

  it('lines that are not records are unparsed, with a reason', () => {
    const { out } = parseJsonl(path, ['[1,2]', '"text"', '{"hello":"world"}', '   '].join('\n') + '\n');
    expect(ofKind(out.events, 'unparsed').map((e) => e.data.reason)).toEqual(['not an object', 'not an object', 'unknown record (no id, type, $set, $rewindTo or sessionId)']);
  });
});

describe('gemini legacy .json (rewritten whole)', () => {
  const path = fixturePath(LEGACY);
  const doc = JSON.parse(fixtureText(LEGACY)) as { messages: Array<Record<string, unknown>> } & Record<string, unknown>;
  const write = (messages: Array<Record<string, unknown>>, extra: object = {}) => JSON.stringify({ ...doc, ...extra, messages }, null, 2);

  it('reads a document whole', () => {
    const r = parseDoc(path, fixtureText(LEGACY));
    expect(r.complete).toBe(true);
    expect(kinds(r.out.events)).toEqual(['prompt', 'thinking', 'tool_call', 'tool_result', 'usage', 'assistant_text', 'usage']);
    expect(r.out.agents.get('gemini:cccc3333-3333-4333-8333-333333333333')).toMatchObject({ title: { text: 'What does this project do?', priority: 0 }, marker: 'turn_end' });
  });

  it('emits only what a rewrite added or changed', () => {
    const first = parseDoc(path, write(doc.messages.slice(0, 2)));
    expect(kinds(first.out.events)).toEqual(['prompt', 'thinking', 'tool_call', 'tool_result', 'usage']);
    // The last message gains a second tool call, and a new answer follows.
    const g1 = { ...doc.messages[1], toolCalls: [...(doc.messages[1].toolCalls as unknown[]), { id: 'rd-1', name: 'read_file', args: { file_path: 'README.md' }, status: 'success', timestamp: '2026-02-01T12:00:12.000Z', result: [{ functionResponse: { id: 'rd-1', name: 'read_file', response: { output: '# Invoices' } } }] }] };
    const second = parseDoc(path, write([doc.messages[0], g1, doc.messages[2]]), first.state);
    expect(kinds(second.out.events)).toEqual(['tool_call', 'tool_result', 'assistant_text', 'usage']);
    const third = parseDoc(path, write([doc.messages[0], g1, doc.messages[2]]), second.state);
    expect(third.out.events).toEqual([]);
    expect(third.out.usage).toHaveLength(2); // same keys again: the store keeps one of each
  });

  it('says which messages a rewrite dropped', () => {
    const first = parseDoc(path, fixtureText(LEGACY));
    const second = parseDoc(path, write([doc.messages[0], { id: 'c-g9', timestamp: '2026-02-01T12:05:00.000Z', type: 'gemini', content: 'A different answer.', model: 'gemini-2.5-pro' }]), first.state);
    expect(kinds(second.out.events)).toEqual(['system:messages_removed', 'assistant_text']);
    expect(second.out.events[0].data).toMatchObject({ data: { removedCount: 2, removed: ['c-g1', 'c-g2'] } });
  });

  it('a half-written document is not complete and emits nothing; other shapes are unparsed', () => {
    const half = fixtureText(LEGACY).slice(0, 300);
    const r = parseDoc(path, half);
    expect(r.complete).toBe(false);
    expect(r.out.events).toEqual([]);
    expect(parseDoc(path, '').complete).toBe(false);
    expect(kinds(parseDoc(path, '[]').out.events)).toEqual(['unparsed']);
    expect(ofKind(parseDoc(path, '{"sessionId":"x"}').out.events, 'unparsed')[0].data.reason).toMatch(/no messages/);
  });

  it('keeps its state bounded and still recognises forgotten messages', () => {
    const many = Array.from({ length: MESSAGE_LIMIT + 20 }, (_, i) => ({ id: `u${i}`, timestamp: new Date(Date.parse('2026-02-01T00:00:00Z') + i * 1000).toISOString(), type: 'user', content: `prompt ${i}` }));
    const first = parseDoc(path, write(many));
    expect(ofKind(first.out.events, 'prompt')).toHaveLength(many.length);
    expect((first.state.marks as unknown[]).length).toBe(MESSAGE_LIMIT);
    const next = { id: 'u-new', timestamp: '2026-03-01T00:00:00.000Z', type: 'user', content: 'one more' };
    const second = parseDoc(path, write([...many, next]), first.state);
    expect(ofKind(second.out.events, 'prompt').map((e) => e.data.text)).toEqual(['one more']);
  });
});
