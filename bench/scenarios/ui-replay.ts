/**
 * (i) Opening a long replay in the web UI: a Claude dir with one session of ~100 000 events
 * (prompts, assistant text, tool calls and results; usage on every assistant record) and one of
 * ~100 events, indexed by a real `lantern serve` (the built CLI), opened in a real Chromium (Debian's
 * `/usr/bin/chromium` through playwright-core). With the agent's row selected, the time from the
 * Enter keydown to the first card painted is measured in the page (`performance.now()`: the
 * keydown's own timestamp to the second animation frame after a card entered the feed), then the
 * JS heap after a forced GC (CDP `Performance.getMetrics` JSHeapUsedSize). A fresh page per run,
 * the two agents alternating, median of RUNS each. Baseline: the same for the 100-event agent.
 * Skipped (with the reason) where Chromium is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createRng, type Rng } from '../prng';
import type { ScenarioResult } from '../result';
import { percentile, round, withTimeout } from '../stats';
import { createTextPool, type TextPool } from '../text-pool';

const BIG_EVENTS = 100_000;
const SMALL_EVENTS = 100;
const RUNS = 5;
const GOAL_MS = 300;
const GOAL_HEAP_MB = 150;
const TITLE = 'from Enter to first cards, 100k events';
const GOAL = `< ${GOAL_MS} ms, JS heap < ${GOAL_HEAP_MB} MB`;
// Relative to dist/bench.js, where this is bundled.
const LANTERN_BIN = fileURLToPath(new URL('../bin/lantern.js', import.meta.url));
const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The page-side globals the measurement touches (the Node layer's tsconfig has no DOM lib). */
interface PageEl {
  querySelector(selector: string): PageEl | null;
}
interface PageWindow {
  document: PageEl & { addEventListener(type: string, fn: (e: { key: string; timeStamp: number }) => void, capture: boolean): void; body: PageEl };
  MutationObserver: new (fn: () => void) => { observe(target: PageEl, opts: { childList: boolean; subtree: boolean }): void; disconnect(): void };
  requestAnimationFrame(fn: () => void): number;
  performance: { now(): number };
  __uiBench?: Promise<{ enterAt: number; paintedAt: number }>;
}
declare const window: PageWindow;

// ---------------------------------------------------------------------------------------------
// The transcripts: written directly, one JSON.stringify per record.

interface SessionSpec {
  sessionId: string;
  cwd: string;
  events: number;
}

const TOOLS = ['Bash', 'Read', 'Grep', 'Edit', 'Glob'] as const;

/** Writes a session of about `events` Lantern events: each turn is prompt (1), tool call + usage (2), result (1), answer + usage (2). */
function writeSession(file: string, s: SessionSpec, rng: Rng, pool: TextPool, startMs: number): number {
  const out: string[] = [];
  let t = startMs;
  let n = 0;
  let parentUuid: string | null = null;
  const base = (type: string, extra: Record<string, unknown>) => {
    const uuid = rng.uuid();
    const rec = { parentUuid, isSidechain: false, userType: 'external', cwd: s.cwd, sessionId: s.sessionId, version: '2.1.97', gitBranch: 'main', type, ...extra, uuid, timestamp: new Date((t += rng.int(200, 4000))).toISOString() };
    parentUuid = uuid;
    out.push(JSON.stringify(rec));
  };
  const usage = () => ({ input_tokens: rng.int(1, 20), output_tokens: rng.int(10, 800), cache_creation_input_tokens: rng.int(0, 2000), cache_read_input_tokens: rng.int(1000, 80_000) });
  const assistant = (content: unknown[], stop: string) => {
    const id = `msg_01${rng.base62(22)}`;
    base('assistant', { requestId: `req_011C${rng.base62(20)}`, message: { id, model: 'claude-sonnet-4-6', role: 'assistant', type: 'message', content, stop_reason: stop, usage: usage() } });
  };
  for (let turn = 0; n < s.events; turn++) {
    base('user', { message: { role: 'user', content: `Turn ${turn}: ${pool.text(rng, rng.logUniform(20, 600)).replace(/\s+/g, ' ')}` } });
    const tool = TOOLS[turn % TOOLS.length];
    const toolUseId = `toolu_01${rng.base62(22)}`;
    const input = tool === 'Bash' ? { command: `npm test -- ${pool.path(rng)}` } : tool === 'Edit' ? { file_path: pool.path(rng), old_string: pool.text(rng, 80), new_string: pool.text(rng, 90) } : { pattern: pool.path(rng) };
    assistant([{ type: 'tool_use', id: toolUseId, name: tool, input }], 'tool_use');
    base('user', { message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: pool.text(rng, rng.logUniform(40, 8000)), is_error: rng.chance(0.03) }] } });
    assistant([{ type: 'text', text: pool.text(rng, rng.logUniform(40, 1500)) }], 'end_turn');
    n += 6;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, out.join('\n') + '\n');
  return out.length;
}

// ---------------------------------------------------------------------------------------------
// `lantern serve` as a child process.

interface Serve {
  child: ChildProcess;
  openUrl: string;
  url: string;
  token: string;
  stop(): Promise<void>;
}

function startServe(args: string[]): Promise<Serve> {
  const env = { ...process.env };
  for (const k of ['LANTERN_PORT', 'LANTERN_TOKEN', 'LANTERN_DATA_DIR', 'CLAUDE_CONFIG_DIR']) delete env[k];
  const child = spawn(process.execPath, [LANTERN_BIN, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (err = (err + d).slice(-4000)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return withTimeout(
    new Promise<Serve>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`lantern serve exited with ${code}: ${err}`)));
      child.stdout?.on('data', (d: string) => {
        out += d;
        const listening = /Lantern listening on (\S+)/.exec(out);
        const open = /^Open (\S+)$/m.exec(out);
        if (!listening || !open) return;
        child.removeAllListeners('exit');
        resolve({ child, url: listening[1].replace(/\/$/, ''), openUrl: open[1], token: new URL(open[1]).searchParams.get('token') ?? '', stop });
      });
    }),
    30_000,
    'lantern serve start',
  ).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
}

async function getJson<T>(s: Serve, p: string): Promise<T> {
  const res = await fetch(s.url + p, { headers: { 'X-Token': s.token } });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
  return (await res.json()) as T;
}

async function waitIndexed(s: Serve, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const h = await getJson<{ indexing: { done: boolean } }>(s, '/api/health').catch(() => null);
    if (h?.indexing.done) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`indexing not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// The measurement.

interface OpenRun {
  ms: number;
  heapMB: number;
}

async function measureOpen(browser: Browser, serve: Serve, agentId: string): Promise<OpenRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(serve.openUrl, { waitUntil: 'domcontentloaded' });
    const row = page.locator(`[data-testid="agent-row"][data-agent-id="${agentId}"]`);
    await row.click();
    await page.locator('[data-testid="agent-list"]').focus();
    // Armed before the key: the keydown's timestamp, then the second frame after the first card.
    await page.evaluate(() => {
      window.__uiBench = new Promise((resolve) => {
        let enterAt = -1;
        window.document.addEventListener(
          'keydown',
          (e) => {
            if (e.key === 'Enter' && enterAt < 0) enterAt = e.timeStamp;
          },
          true,
        );
        const card = () => window.document.querySelector('[data-testid="replay-feed"] article[data-testid="card"]');
        const observer = new window.MutationObserver(() => {
          if (enterAt < 0 || !card()) return;
          observer.disconnect();
          window.requestAnimationFrame(() => window.requestAnimationFrame(() => resolve({ enterAt, paintedAt: window.performance.now() })));
        });
        observer.observe(window.document.body, { childList: true, subtree: true });
      });
    });
    await page.keyboard.press('Enter');
    const t = await withTimeout(
      page.evaluate(() => window.__uiBench as Promise<{ enterAt: number; paintedAt: number }>),
      60_000,
      `first card of ${agentId}`,
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    await cdp.detach();
    return { ms: t.paintedAt - t.enterAt, heapMB: heap / 1e6 };
  } finally {
    await context.close();
  }
}

function skipped(reason: string): ScenarioResult {
  return { id: 'ui-replay', title: TITLE, figures: [], ratio: null, goal: GOAL, withinGoal: null, notes: [`skipped: ${reason}`] };
}

export async function runUiReplay(seed: number): Promise<ScenarioResult> {
  if (!existsSync(CHROMIUM)) return skipped(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set LANTERN_CHROMIUM)`);
  if (!existsSync(LANTERN_BIN)) throw new Error(`the CLI is not built (${LANTERN_BIN})`);
  const { chromium } = await import('playwright-core');

  const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-ui-'));
  let serve: Serve | null = null;
  let browser: Browser | null = null;
  try {
    const rng = createRng(seed * 7919 + 11);
    const pool = createTextPool(rng.fork(), 1 << 19);
    const claudeDir = path.join(root, 'claude');
    const project = path.join(claudeDir, 'projects', '-home-dev-bench-ui');
    const big: SessionSpec = { sessionId: rng.uuid(), cwd: '/home/dev/bench-ui', events: BIG_EVENTS };
    const small: SessionSpec = { sessionId: rng.uuid(), cwd: '/home/dev/bench-ui-small', events: SMALL_EVENTS };
    const genStarted = performance.now();
    const start = Date.now() - 30 * 86_400_000;
    const bigLines = writeSession(path.join(project, `${big.sessionId}.jsonl`), big, rng.fork(), pool, start);
    writeSession(path.join(project, `${small.sessionId}.jsonl`), small, rng.fork(), pool, start);
    const genMs = performance.now() - genStarted;

    serve = await startServe(['--host', '127.0.0.1', '--port', '0', '--data-dir', path.join(root, 'data'), '--claude-dir', claudeDir, '--no-default-dirs']);
    const indexMs = await waitIndexed(serve, 10 * 60_000);
    const bigId = `claude:${big.sessionId}`;
    const smallId = `claude:${small.sessionId}`;
    const counts = async (id: string) => (await getJson<{ counts: { events: number } }>(serve as Serve, `/api/agents/${encodeURIComponent(id)}`)).counts.events;
    const bigEvents = await counts(bigId);
    const smallEvents = await counts(smallId);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    // One untimed open of each first: the page's code and the server's caches are warm for both.
    await measureOpen(browser, serve, smallId);
    await measureOpen(browser, serve, bigId);
    const bigRuns: OpenRun[] = [];
    const smallRuns: OpenRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      smallRuns.push(await measureOpen(browser, serve, smallId));
      bigRuns.push(await measureOpen(browser, serve, bigId));
    }

    const ms = percentile(bigRuns.map((r) => r.ms), 50);
    const baseMs = percentile(smallRuns.map((r) => r.ms), 50);
    const heapMB = Math.max(...bigRuns.map((r) => r.heapMB));
    const baseHeapMB = Math.max(...smallRuns.map((r) => r.heapMB));
    const ok = bigEvents >= BIG_EVENTS && smallEvents >= SMALL_EVENTS;
    return {
      id: 'ui-replay',
      title: TITLE,
      figures: [
        { label: 'Enter → first card', value: round(ms, 1), unit: 'ms' },
        { label: 'JS heap', value: round(heapMB, 1), unit: 'MB' },
        { label: 'baseline (100 events)', value: round(baseMs, 1), unit: 'ms' },
        { label: 'baseline heap', value: round(baseHeapMB, 1), unit: 'MB' },
        { label: 'slowest', value: round(Math.max(...bigRuns.map((r) => r.ms)), 1), unit: 'ms' },
      ],
      ratio: { value: round(ms / Math.max(baseMs, 0.001), 2), baseline: `the same open of a ${smallEvents}-event agent (100k ÷ 100)` },
      goal: GOAL,
      withinGoal: ms < GOAL_MS && heapMB < GOAL_HEAP_MB,
      check: ok
        ? { ok: true, detail: `OK: ${bigEvents} and ${smallEvents} events indexed; every open drew a card` }
        : { ok: false, detail: `MISMATCH: indexed ${bigEvents} (want ≥ ${BIG_EVENTS}) and ${smallEvents} (want ≥ ${SMALL_EVENTS}) events` },
      notes: [
        `median of ${RUNS} opens each (fresh page per open, alternating, after one untimed open of each); 100k runs ${bigRuns.map((r) => Math.round(r.ms)).join(', ')} ms, 100 runs ${smallRuns.map((r) => Math.round(r.ms)).join(', ')} ms`,
        `heap: JSHeapUsedSize after HeapProfiler.collectGarbage with the replay open, largest of the runs`,
        `session: ${bigLines} lines, ${bigEvents} events; generated in ${round(genMs / 1000, 1)} s, indexed by lantern serve in ${round(indexMs / 1000, 1)} s; Chromium ${browser.version()}`,
      ],
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await serve?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
