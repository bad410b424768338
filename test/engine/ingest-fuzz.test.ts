// @vitest-environment node
/**
 * Fuzzing the push endpoints: thousands of random and malformed bodies, each answered 2xx or 4xx,
 * never 5xx, and the server still serves afterwards. A seeded PRNG makes any failure reproducible:
 * the failing case's index and seed are in the assertion message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/headless-server';

const SEED = 0x1a27e57;
const CASES = 3000;
const CONCURRENCY = 16;
const LIMIT = 1024 * 1024;

/** mulberry32: small, fast, good enough to pick cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const MILESTONE = { phase: 'fix', issue: 'FUZZ-1', level: 'info', title: 'fuzzing', pr_url: '', session: '' };
const HOOK = {
  session_id: '0a0a0a0a-0000-4000-8000-000000000001',
  transcript_path: '/home/dev/.claude/projects/-p/0a0a0a0a-0000-4000-8000-000000000001.jsonl',
  cwd: '/home/dev/p',
  hook_event_name: 'PostToolUse',
  tool_name: 'Bash',
  tool_input: { command: 'ls' },
  tool_use_id: 'toolu_fuzz',
  duration_ms: 12,
  notification_type: 'idle_prompt',
  message: 'Claude is waiting for your input',
  agent_id: 'a1',
  error: 'Exit code 1',
  is_interrupt: false,
};
const EVENT_NAMES = ['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest', 'Notification', 'Stop', 'StopFailure', 'SessionStart', 'SessionEnd', 'SubagentStart', 'SubagentStop', 'PreCompact', 'PostCompact', 'Unknown\u0000Event', '__proto__'];

function randomString(r: Rng, max: number): string {
  const alphabets = ['abc -_/', '\u0000\u0001\u001f"\\\n', 'é漢字🙂\u202e\ufeff', '\ud800', '{}[],:'];
  let s = '';
  const n = r.int(max);
  for (let i = 0; i < n; i++) s += r.pick(alphabets)[r.int(5)] ?? 'x';
  return s;
}

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return r.next() < 0.5;
    case 2: return r.pick([0, -1, 1e308, -0, 3.5, Number.MAX_SAFE_INTEGER + 2]);
    case 3: return randomString(r, 40);
    case 4: return String(r.int(1000)); // numbers as strings
    case 5: return r.pick(['', ' ', 'fix', 'done', 'error', 'https://x.test/p', '-', '../..', 'a/b']);
    case 6: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 7: return Object.fromEntries(Array.from({ length: r.int(4) }, () => [randomString(r, 8), randomValue(r, depth + 1)]));
    default: return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  }
}

function deep(n: number): string {
  return '['.repeat(n) + ']'.repeat(n);
}

/** One request: [content type, body]. */
function makeCase(r: Rng, endpoint: string): [string, string | Buffer] {
  const valid = endpoint === '/api/event' ? MILESTONE : HOOK;
  const json = 'application/json';
  switch (r.int(12)) {
    case 0: return [json, Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256)))]; // random bytes
    case 1: { const s = JSON.stringify(valid); return [json, s.slice(0, r.int(s.length))]; } // truncated
    case 2: { // deep nesting: the whole body, or inside fields a handler reads and copies
      const inner = deep(5000 + r.int(5000));
      const event = r.pick(['PermissionRequest', 'PostToolUseFailure', 'StopFailure', 'Unknown']);
      const shapes = [inner, `{"a":${inner}}`, `${JSON.stringify({ ...valid, hook_event_name: event }).slice(0, -1)},"tool_input":${inner},"error":${inner},"title":${inner}}`];
      return [json, r.pick(shapes)];
    }
    case 3: { // huge strings around the limit
      const size = LIMIT - 200 + r.int(400);
      return [json, JSON.stringify({ ...valid, title: 'x'.repeat(size), message: 'y' }).slice(0, size + 300)];
    }
    case 4: { // wrong types for every field, one at a time or all together
      const body: Record<string, unknown> = { ...valid };
      const keys = Object.keys(body);
      if (r.next() < 0.5) body[r.pick(keys)] = randomValue(r);
      else for (const k of keys) body[k] = randomValue(r);
      return [json, JSON.stringify(body)];
    }
    case 5: // prototype pollution keys
      return [json, `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},${JSON.stringify(valid).slice(1)}`];
    case 6: { // unicode, NUL and lone surrogates inside otherwise valid bodies
      const body: Record<string, unknown> = { ...valid, title: randomString(r, 50), issue: randomString(r, 20), message: randomString(r, 50) };
      if (endpoint !== '/api/event') body.hook_event_name = r.pick(EVENT_NAMES);
      return [json, JSON.stringify(body)];
    }
    case 7: return [json, JSON.stringify(randomValue(r))]; // any JSON value
    case 8: return [r.pick(['text/plain', 'application/x-www-form-urlencoded', '', 'application/jsonx', 'application/json; charset=latin1']), JSON.stringify(valid)];
    case 9: { // numbers as strings, and strings as numbers
      const body: Record<string, unknown> = { ...valid, duration_ms: '12', issue: 42, is_interrupt: 'false', session_id: 12345 };
      return [json, JSON.stringify(body)];
    }
    case 10: { // a valid body with a random event name / phase
      const body: Record<string, unknown> = { ...valid, hook_event_name: r.pick(EVENT_NAMES), phase: r.pick(['fix', 'pr', 'FIX', ' done ', 'nope']) };
      return [json, JSON.stringify(body)];
    }
    default: return [json, r.pick(['', ' ', 'null', '0', '"x"', '[]', '{}', '\ufeff{}', '{"a":1}{"b":2}', 'NaN'])];
  }
}

describe('ingest endpoints under fuzzing', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it(`answers ${CASES} random and malformed bodies with 2xx or 4xx, never 5xx`, async () => {
    const r = prng(SEED);
    const endpoints = ['/api/event', '/api/hooks/claude'];
    const cases = Array.from({ length: CASES }, (_, i) => {
      const endpoint = endpoints[i % 2];
      return { i, endpoint, req: makeCase(r, endpoint) };
    });
    const statuses = new Map<number, number>();
    let okMilestones = 0;
    const ids = new Set<number>();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const [type, body] = c.req;
        const res = await fetch(t.base + c.endpoint, { method: 'POST', headers: { 'Content-Type': type, 'X-Token': t.token }, body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const what = `case ${c.i} (seed ${SEED}) ${c.endpoint}: ${res.status} ${text.slice(0, 200)}`;
        expect(res.status >= 200 && res.status < 500, what).toBe(true);
        if (res.status >= 400) expect(JSON.parse(text), what).toHaveProperty('error');
        if (c.endpoint === '/api/hooks/claude' && res.status < 300) expect(text, what).toBe('');
        if (c.endpoint === '/api/event' && res.status === 200) {
          okMilestones++;
          ids.add((JSON.parse(text) as { id: number }).id);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // Both kinds of answer were exercised, and every accepted milestone got its own event.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(ids.size).toBe(okMilestones);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const health = await t.get<{ ok: boolean; totals: { agents: number } }>('/api/health');
    expect(health.ok).toBe(true);
    const agents = await t.agents();
    expect(agents.length).toBe(health.totals.agents);
    expect(agents.every((a) => /^(claude|milestone):/.test(a.id))).toBe(true);
  });
});
