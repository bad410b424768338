import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, PRICE_TABLE_DATE, cleanModelId, createPricing, pricingSignature, type PricedTokens } from '../../src/engine/pricing';
import { tempDir } from '../helpers/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tokens(model: string, over: Partial<PricedTokens> = {}): PricedTokens {
  return { model, inputTokens: 0, outputTokens: 0, cache5mTokens: 0, cache1hTokens: 0, cacheReadTokens: 0, ...over };
}

function overridesFile(content: string): string {
  const dir = tempDir('lantern-prices-');
  cleanups.push(dir.cleanup);
  const file = path.join(dir.path, 'prices.json');
  fs.writeFileSync(file, content);
  return file;
}

describe('pricing: reproduces ccusage 20.0.24 on the Claude corpus', () => {
  // `ccusage claude session --json --offline --breakdown` on ../shared/corpus/claude. Token sums per
  // (session, model) after ccusage's dedupe; the 5m/1h split of cache creation read from the same records
  // (ccusage reports only the total). Each sum's prompt stays under 200k, so it prices like its requests.
  const cases: Array<{ session: string; model: string; input: number; output: number; c5m: number; c1h: number; read: number; usd: number }> = [
    { session: 'f6f74d81', model: 'claude-haiku-4-5-20251001', input: 15, output: 5, c5m: 0, c1h: 19399, read: 19379, usd: 0.0407759 },
    { session: 'f6f74d81', model: 'claude-opus-4-6', input: 10, output: 215, c5m: 0, c1h: 10503, read: 72553, usd: 0.1467315 },
    { session: '3f9394bc', model: 'claude-opus-4-6', input: 3, output: 3, c5m: 1406, c1h: 0, read: 167460, usd: 0.0926075 },
    { session: '0b903f4a', model: 'claude-sonnet-4-6', input: 4, output: 134, c5m: 0, c1h: 10024, read: 22316, usd: 0.0688608 },
    { session: 'd4892c33', model: 'claude-sonnet-4-5-20250929', input: 3, output: 1, c5m: 8530, c1h: 0, read: 5432, usd: 0.0336411 },
    { session: 'cc268fb1', model: 'claude-sonnet-4-6', input: 3, output: 1, c5m: 0, c1h: 1005, read: 18245, usd: 0.0115275 },
  ];
  const pricing = createPricing();

  it('5c0375b4 claude-sonnet-4-20250514 = $0.33115095, request by request', () => {
    // The session's 20 deduplicated requests [input, output, cache creation (all 5m), cache read]. Its sums
    // exceed 200k, so unlike ccusage's per-type tiering the long-context rule needs the single requests.
    const requests = [
      [4, 263, 18764, 0], [7, 302, 255, 18764], [8, 625, 422, 19019], [4, 107, 12802, 0], [7, 70, 133, 12802],
      [7, 308, 501, 12935], [8, 207, 901, 19441], [4, 179, 1334, 11454], [7, 86, 592, 12788], [7, 102, 335, 13380],
      [8, 92, 4890, 13715], [7, 70, 304, 18605], [7, 92, 501, 18909], [7, 520, 281, 19410], [6, 24, 737, 20342],
      [6, 1, 228, 21079], [7, 67, 265, 21307], [6, 26, 1317, 21572], [6, 184, 2959, 22889], [6, 304, 226, 25848],
    ];
    let usd = 0;
    for (const [input, output, c5m, read] of requests) {
      usd += pricing.cost(tokens('claude-sonnet-4-20250514', { inputTokens: input, outputTokens: output, cache5mTokens: c5m, cacheReadTokens: read })) as number;
    }
    expect(Math.abs(usd - 0.33115095)).toBeLessThan(1e-9);
  });

  for (const c of cases) {
    it(`${c.session} ${c.model} = $${c.usd}`, () => {
      const usd = pricing.cost(tokens(c.model, { inputTokens: c.input, outputTokens: c.output, cache5mTokens: c.c5m, cache1hTokens: c.c1h, cacheReadTokens: c.read }));
      expect(usd).not.toBeNull();
      expect(Math.abs((usd as number) - c.usd)).toBeLessThan(1e-9);
    });
  }
});

describe('pricing: model id resolution', () => {
  const pricing = createPricing();
  const id = (model: string) => pricing.resolve(model)?.id ?? null;

  it('takes exact ids and strips dates', () => {
    expect(id('claude-opus-4-6')).toBe('claude-opus-4-6');
    expect(id('claude-sonnet-4-5-20250929')).toBe('claude-sonnet-4-5');
    expect(id('claude-opus-4-1-20250805')).toBe('claude-opus-4-1');
    expect(id('claude-opus-4-20250514')).toBe('claude-opus-4');
    expect(id('claude-3-5-haiku-20241022')).toBe('claude-3-5-haiku');
    expect(id('claude-3-7-sonnet-latest')).toBe('claude-3-7-sonnet');
    expect(id('gpt-5-mini-2025-08-07')).toBe('gpt-5-mini');
  });

  it('strips provider prefixes and version suffixes', () => {
    expect(id('anthropic/claude-sonnet-4-5')).toBe('claude-sonnet-4-5');
    expect(id('anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('claude-haiku-4-5');
    expect(id('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5');
    expect(id('bedrock/eu.anthropic.claude-opus-4-1-20250805-v1:0')).toBe('claude-opus-4-1');
    expect(id('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5');
    expect(id('apac.anthropic.claude-sonnet-4-20250514-v1:0')).toBe('claude-sonnet-4');
    expect(id('vertex_ai/claude-sonnet-4@20250514')).toBe('claude-sonnet-4');
    expect(id('claude-opus-4-6:thinking')).toBe('claude-opus-4-6');
    expect(id('openai/gpt-5.1-codex')).toBe('gpt-5.1-codex');
    expect(id('gemini/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(id('models/gemini-2.5-flash')).toBe('gemini-2.5-flash');
    expect(id('google/gemini-3-pro-preview')).toBe('gemini-3-pro');
    expect(id('Claude-Opus-4-6')).toBe('claude-opus-4-6');
    expect(id('claude-opus-4.7')).toBe('claude-opus-4-7');
    expect(id('claude-4-opus-20250514')).toBe('claude-opus-4');
  });

  it('takes the longest table id at a dash boundary', () => {
    expect(id('claude-sonnet-4-5-20250929-foo')).toBe('claude-sonnet-4-5');
    expect(id('claude-opus-4-1-20250805-foo')).toBe('claude-opus-4-1');
    expect(id('gemini-2.5-flash-lite-preview-09-2025')).toBe('gemini-2.5-flash-lite');
    expect(id('gemini-2.5-pro-preview-06-05')).toBe('gemini-2.5-pro');
    expect(id('gemini-3-flash-preview')).toBe('gemini-3-flash');
  });

  it('leaves unknown versions and variants unpriced instead of borrowing a neighbour', () => {
    for (const unknown of ['claude-opus-4-9', 'claude-opus-4-9-20270101', 'claude-sonnet-4-7', 'claude-opus-5-5', 'claude-haiku-5', 'gpt-5.9', 'gpt-5.4-turbo', 'gpt-5-codex-fast', 'o3-pro', 'gemini-2.5-flash-image', 'glm-5.1', 'claude-opus-4-6-fast']) {
      expect(pricing.resolve(unknown), unknown).toBeNull();
      expect(pricing.cost(tokens(unknown, { inputTokens: 1000 })), unknown).toBeNull();
    }
  });

  it('never prices <synthetic> or an empty id', () => {
    for (const none of ['<synthetic>', '', '   ']) {
      expect(pricing.resolve(none)).toBeNull();
      expect(pricing.cost(tokens(none, { outputTokens: 10 }))).toBeNull();
    }
    expect(cleanModelId('<synthetic>')).toBeNull();
  });

  it('adds the 10% regional Bedrock premium only where the model carries one', () => {
    const regional = pricing.resolve('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(regional?.regional).toBe(true);
    expect(regional?.price.input).toBeCloseTo(3.3, 12);
    expect(regional?.price.longContext?.input).toBeCloseTo(6.6, 12);
    expect(pricing.resolve('global.anthropic.claude-sonnet-4-5-20250929-v1:0')?.price.input).toBe(3);
    expect(pricing.resolve('anthropic.claude-sonnet-4-5-20250929-v1:0')?.price.input).toBe(3);
    // Sonnet 4 predates the regional premium.
    expect(pricing.resolve('us.anthropic.claude-sonnet-4-20250514-v1:0')?.price.input).toBe(3);
  });
});

describe('pricing: long context, as Anthropic bills it', () => {
  const pricing = createPricing();

  it('bills every token of a 250k-token request at the long-context rates', () => {
    const t = tokens('claude-sonnet-4-5-20250929', { inputTokens: 10_000, cache5mTokens: 40_000, cacheReadTokens: 200_000, outputTokens: 1_000 });
    // 10k·6 + 1k·22.5 + 40k·7.5 + 200k·0.6 (ccusage's per-type tiering would say 0.255 here).
    expect(pricing.cost(t)).toBeCloseTo(0.5025, 12);
  });

  it('bills a 150k-token request at the base rates', () => {
    const t = tokens('claude-sonnet-4-5-20250929', { inputTokens: 10_000, cache5mTokens: 40_000, cacheReadTokens: 100_000, outputTokens: 1_000 });
    expect(pricing.cost(t)).toBeCloseTo(0.225, 12);
  });

  it('switches only strictly above the threshold, and only for models that have long-context rates', () => {
    const at = tokens('claude-sonnet-4', { inputTokens: 200_000 });
    expect(pricing.cost(at)).toBeCloseTo(0.6, 12);
    expect(pricing.cost({ ...at, inputTokens: 200_001 })).toBeCloseTo((200_001 * 6) / 1e6, 12);
    expect(pricing.cost(tokens('claude-opus-4-6', { inputTokens: 300_000 }))).toBeCloseTo(1.5, 12);
  });

  it('uses the 272k threshold of GPT-5.4 and the 200k tier of Gemini 2.5 Pro', () => {
    expect(pricing.cost(tokens('gpt-5.4', { inputTokens: 100_000, cacheReadTokens: 172_001, outputTokens: 1_000 }))).toBeCloseTo((100_000 * 5 + 172_001 * 0.5 + 1_000 * 22.5) / 1e6, 12);
    expect(pricing.cost(tokens('gemini-2.5-pro', { inputTokens: 150_000, cacheReadTokens: 60_000, outputTokens: 2_000 }))).toBeCloseTo((150_000 * 2.5 + 60_000 * 0.25 + 2_000 * 15) / 1e6, 12);
  });
});

describe('pricing: other rules', () => {
  const pricing = createPricing();

  it('applies the fast-mode multiplier when the request says speed "fast"', () => {
    const t = tokens('claude-opus-4-6', { inputTokens: 1_000, outputTokens: 1_000 });
    expect(pricing.cost(t)).toBeCloseTo(0.03, 12);
    expect(pricing.cost({ ...t, speed: 'fast' })).toBeCloseTo(0.18, 12);
    expect(pricing.cost({ ...t, model: 'claude-opus-4-8', speed: 'fast' })).toBeCloseTo(0.06, 12);
    expect(pricing.cost({ ...t, model: 'claude-sonnet-4-6', speed: 'fast' })).toBeCloseTo(0.018, 12);
  });

  it('prices Codex-style records (input without cache, cached as reads, output with reasoning)', () => {
    const t = tokens('gpt-5-codex', { inputTokens: 8_000, cacheReadTokens: 92_000, outputTokens: 3_000 });
    expect(pricing.cost(t)).toBeCloseTo((8_000 * 1.25 + 92_000 * 0.125 + 3_000 * 10) / 1e6, 12);
  });

  it('counts a zero-token request as $0, and garbage counts as 0 tokens', () => {
    expect(pricing.cost(tokens('claude-haiku-4-5'))).toBe(0);
    expect(pricing.cost(tokens('claude-haiku-4-5', { inputTokens: Number.NaN, outputTokens: -5 }))).toBe(0);
  });

  it('has positive OpenAI and Gemini entries with no cache writes', () => {
    const ids = ['gpt-5', 'gpt-5-codex', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1', 'gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.2', 'gpt-5.3-codex', 'gpt-5.4', 'o3', 'o4-mini', 'gpt-4.1', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-3-pro', 'gemini-3-flash'];
    for (const id of ids) {
      const p = BUNDLED_PRICES[id];
      expect(p, id).toBeDefined();
      expect(p.input, id).toBeGreaterThan(0);
      expect(p.output, id).toBeGreaterThan(p.input);
      expect(p.cacheRead, id).toBeGreaterThan(0);
      expect(p.cacheRead, id).toBeLessThanOrEqual(p.input);
      expect(p.cacheWrite5m + p.cacheWrite1h, id).toBe(0);
    }
  });

  it('keeps every Claude entry on Anthropic multipliers (5m 1.25x, 1h 2x, read 0.1x)', () => {
    for (const [id, p] of Object.entries(BUNDLED_PRICES)) {
      if (!id.startsWith('claude-')) continue;
      expect(p.cacheWrite5m, id).toBeCloseTo(p.input * 1.25, 12);
      expect(p.cacheWrite1h, id).toBeCloseTo(p.input * 2, 12);
      expect(p.cacheRead, id).toBeCloseTo(p.input * 0.1, 12);
    }
  });

  it('describes the bundled table', () => {
    const d = pricing.describe();
    expect(d.tableDate).toBe(PRICE_TABLE_DATE);
    expect(d.overrides).toBeNull();
    expect(d.models).toBe(Object.keys(BUNDLED_PRICES).length);
    expect(d.warnings).toEqual([]);
  });
});

describe('pricing: overrides file', () => {
  it('adds a model, with Anthropic cache multipliers for claude-* ids and none for others', () => {
    const file = overridesFile(JSON.stringify({ models: { 'claude-opus-5-5': { input: 8, output: 40 }, 'glm-5.1': { input: 1, output: 4 } } }));
    const pricing = createPricing({ overridesFile: file });
    expect(pricing.describe()).toMatchObject({ overrides: file, warnings: [], models: Object.keys(BUNDLED_PRICES).length + 2 });
    expect(pricing.resolve('claude-opus-5-5-20270101')?.price).toEqual({ input: 8, output: 40, cacheWrite5m: 10, cacheWrite1h: 16, cacheRead: 0.8 });
    expect(pricing.resolve('glm-5.1')?.price).toEqual({ input: 1, output: 4, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 1 });
    expect(pricing.cost(tokens('glm-5.1', { inputTokens: 1_000_000, outputTokens: 1_000_000 }))).toBeCloseTo(5, 12);
  });

  it('replaces a bundled model', () => {
    const file = overridesFile(JSON.stringify({ models: { 'claude-sonnet-4-5': { input: 2, output: 10, cacheRead: 0.25, longContext: { threshold: 100_000, input: 4, output: 20 } } } }));
    const pricing = createPricing({ overridesFile: file });
    const p = pricing.resolve('claude-sonnet-4-5-20250929')?.price;
    expect(p).toEqual({ input: 2, output: 10, cacheWrite5m: 2.5, cacheWrite1h: 4, cacheRead: 0.25, longContext: { threshold: 100_000, input: 4, output: 20, cacheWrite5m: 5, cacheWrite1h: 8, cacheRead: 0.4 } });
    expect(pricing.cost(tokens('claude-sonnet-4-5', { inputTokens: 150_000 }))).toBeCloseTo(0.6, 12);
    // Other entries are untouched.
    expect(pricing.resolve('claude-sonnet-4-6')?.price.input).toBe(3);
  });

  it('keeps the bundled table with a warning naming the file when the file is malformed', () => {
    const bad = [
      '{ "models": { "x": { "input": 1, ',
      JSON.stringify({ models: { 'claude-sonnet-4-5': { input: '3', output: 15 } } }),
      JSON.stringify({ models: { 'claude-sonnet-4-5': { input: 1, output: 5, cacheread: 0.1 } } }),
      JSON.stringify({ models: { 'claude-sonnet-4-5': { input: -1, output: 5 } } }),
      JSON.stringify({ prices: {} }),
      JSON.stringify([1, 2]),
    ];
    for (const content of bad) {
      const file = overridesFile(content);
      const pricing = createPricing({ overridesFile: file });
      const d = pricing.describe();
      expect(d.overrides, content).toBeNull();
      expect(d.warnings, content).toHaveLength(1);
      expect(d.warnings[0], content).toContain(file);
      expect(d.warnings[0], content).toContain('using the bundled price table');
      expect(pricing.resolve('claude-sonnet-4-5')?.price.input, content).toBe(3);
    }
  });

  it('names the offending field', () => {
    const file = overridesFile(JSON.stringify({ models: { 'claude-sonnet-4-5': { input: 'three', output: 15 } } }));
    expect(createPricing({ overridesFile: file }).describe().warnings[0]).toMatch(/models\.claude-sonnet-4-5\.input/);
  });

  it('treats a missing override file as no overrides, silently', () => {
    const dir = tempDir('lantern-prices-');
    cleanups.push(dir.cleanup);
    const pricing = createPricing({ overridesFile: path.join(dir.path, 'prices.json') });
    expect(pricing.describe()).toMatchObject({ overrides: null, warnings: [] });
  });
});

describe('pricing: signature', () => {
  it('changes with the merged override file and ignores a malformed one', () => {
    const bundled = pricingSignature(createPricing(), null);
    const good = overridesFile(JSON.stringify({ models: { 'glm-5.1': { input: 1, output: 4 } } }));
    const bad = overridesFile('{');
    expect(pricingSignature(createPricing({ overridesFile: good }), good)).not.toBe(bundled);
    expect(pricingSignature(createPricing({ overridesFile: bad }), bad)).toBe(bundled);
    expect(pricingSignature(createPricing(), null)).toBe(bundled);
  });
});
