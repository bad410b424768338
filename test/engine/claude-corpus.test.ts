/**
 * Conformance against the real Claude Code files in ../shared/corpus/claude (third-party data, read in
 * place, never copied). Skips itself when the corpus is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { claudeAdapter, classifyClaudePath } from '../../src/engine/adapters/claude';
import type { UsageRecord } from '../../src/engine/adapters/types';
import { feed, splitLines } from '../fixtures/claude/harness';

const root = fileURLToPath(new URL('../../../shared/corpus/claude', import.meta.url));

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

// ccusage 20.0.24 `session --json --offline` on this corpus (sub-agent files folded into their session).
const expected: Record<string, [number, number, number, number]> = {
  '5c0375b4-57a5-4f26-b12d-d022ee4e51b7': [129, 3629, 47747, 324259],
  'f6f74d81-53c9-4e7e-83d2-afea990583ac': [25, 220, 29902, 91932],
  '3f9394bc-70f6-4f13-94dc-ed96be3799eb': [3, 3, 1406, 167460],
  '0b903f4a-f843-4a76-90bb-df10400e0478': [4, 134, 10024, 22316],
  'd4892c33-16f7-4072-afbf-e45c3eacc941': [3, 1, 8530, 5432],
  'cc268fb1-d082-4b50-9993-9fc2d62a5bcf': [3, 1, 1005, 18245],
};

const total = (u: UsageRecord): number => u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;

describe.skipIf(!existsSync(root))('claude corpus conformance', () => {
  const files = existsSync(root) ? walk(root).filter((p) => claudeAdapter.claims(p)) : [];
  const results = files.map((path) => {
    const file = claudeAdapter.claims(path)!;
    const parser = claudeAdapter.createParser(file, null);
    const lines = splitLines(readFileSync(path));
    return { path, lines: lines.length, out: feed(parser, lines) };
  });

  it('claims every transcript in the corpus', () => {
    expect(files.length).toBe(walk(root).filter((p) => p.endsWith('.jsonl')).length);
  });

  it('parses every line: zero unparsed', () => {
    for (const r of results) {
      const unparsed = r.out.events.filter((e) => e.kind === 'unparsed');
      expect(unparsed, r.path).toEqual([]);
      expect(r.out.events.length, r.path).toBeGreaterThan(0);
    }
  });

  it('matches ccusage per-session usage (dedup by key, largest total wins)', () => {
    const byKey = new Map<string, { session: string; u: UsageRecord }>();
    for (const r of results) {
      const where = classifyClaudePath(r.path);
      const session = where && 'sessionId' in where && where.sessionId ? where.sessionId : '';
      for (const u of r.out.usage) {
        const prev = byKey.get(u.key);
        if (!prev || total(u) > total(prev.u)) byKey.set(u.key, { session, u });
      }
    }
    const sums: Record<string, [number, number, number, number]> = {};
    for (const { session, u } of byKey.values()) {
      const s = (sums[session] ??= [0, 0, 0, 0]);
      s[0] += u.inputTokens;
      s[1] += u.outputTokens;
      s[2] += u.cacheCreationTokens;
      s[3] += u.cacheReadTokens;
    }
    expect(sums).toEqual(expected);
  });

  it('links sub-agents to their parent session and takes cwd from the records', () => {
    const agents = new Map(results.flatMap((r) => [...r.out.agents.entries()]));
    const sub = agents.get('claude:f6f74d81-53c9-4e7e-83d2-afea990583ac/a7c91f4');
    expect(sub?.parentId).toBe('claude:f6f74d81-53c9-4e7e-83d2-afea990583ac');
    const orphan = agents.get('claude:3f9394bc-70f6-4f13-94dc-ed96be3799eb/acompact-0c0c4e');
    expect(orphan?.parentId).toBe('claude:3f9394bc-70f6-4f13-94dc-ed96be3799eb');
    expect(agents.get('claude:cc268fb1-d082-4b50-9993-9fc2d62a5bcf')?.cwd).toBe('/Users/07404.chingting.chiu/Documents');
  });
});
