/**
 * (c) Append → SSE delivery: the headless host over a small corpus, 10 clients on /api/stream,
 * N assistant lines appended one at a time to one transcript, each with a unique marker; latency
 * from just before `appendFileSync` to each client seeing an event containing the marker.
 * Baseline: the same appends seen by a bare `fs.watch` on the file (the physical floor).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startHeadless, type HeadlessHost } from '../../src/node-host/headless';
import { generateCorpus } from '../generate';
import { createRng, type Rng } from '../prng';
import type { ScenarioResult } from '../result';
import { percentile, round, sleep, withTimeout } from '../stats';
import { listJsonl } from '../walk';

const LINES = 200;
const CLIENTS = 10;
const SPACING_MS = 20;
const DELIVERY_TIMEOUT_MS = 2000;
/** After the last append, how long outstanding deliveries may take before they count as lost. */
const DRAIN_MS = 3000;
const GOAL_P95_MS = 35;
const MARKER = 'lantern-bench-marker-';

type Rec = Record<string, unknown>;

interface Appender {
  file: string;
  line(i: number): string;
}

/** Assistant text records in the style of the transcript's own first record. */
function appenderFor(file: string, rng: Rng): Appender {
  const first = JSON.parse(readFileSync(file, 'utf8').split('\n').find((l) => l.includes('"sessionId"')) ?? '{}') as Rec;
  let parentUuid: string | null = null;
  return {
    file,
    line(i) {
      const uuid = rng.uuid();
      const rec = {
        parentUuid,
        isSidechain: false,
        userType: 'external',
        cwd: first.cwd,
        sessionId: first.sessionId,
        version: first.version,
        gitBranch: 'main',
        message: {
          model: 'claude-sonnet-4-6',
          id: `msg_01${rng.base62(22)}`,
          type: 'message',
          role: 'assistant',
          content: [{ type: 'text', text: `Step ${i}: checked the build output. ${MARKER}${i}-${rng.hex(8)} done.` }],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 3, cache_creation_input_tokens: 120, cache_read_input_tokens: 20_000, output_tokens: 40, service_tier: 'standard' },
        },
        requestId: `req_011C${rng.base62(20)}`,
        type: 'assistant',
        uuid,
        timestamp: new Date().toISOString(),
      };
      parentUuid = uuid;
      return JSON.stringify(rec) + '\n';
    },
  };
}

/** The floor: append and wait for a bare fs.watch on the file to fire. */
async function measureFloor(appender: Appender, startIndex: number): Promise<number[]> {
  const latencies: number[] = [];
  let waiting: ((t: number) => void) | null = null;
  const watcher = watch(appender.file, () => {
    const t = performance.now();
    const w = waiting;
    waiting = null;
    w?.(t);
  });
  try {
    for (let i = 0; i < LINES; i++) {
      const line = appender.line(startIndex + i);
      const fired = new Promise<number>((resolve) => (waiting = resolve));
      const t0 = performance.now();
      appendFileSync(appender.file, line);
      const t = await withTimeout(fired, DELIVERY_TIMEOUT_MS, 'fs.watch event').catch(() => null);
      if (t !== null) latencies.push(t - t0);
      await sleep(Math.max(0, SPACING_MS - (performance.now() - t0)));
    }
  } finally {
    watcher.close();
  }
  return latencies;
}

interface SseClient {
  /** Marker index → receive time. */
  seen: Map<number, number>;
  close(): void;
}

function connect(url: string, token: string, onSeen: (i: number) => void): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const seen = new Map<number, number>();
    const req = http.get(new URL('/api/stream', url), { headers: { 'X-Token': token, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`/api/stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        const t = performance.now();
        buf += chunk;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const message = buf.slice(0, end);
          buf = buf.slice(end + 2);
          for (let at = message.indexOf(MARKER); at >= 0; at = message.indexOf(MARKER, at + 1)) {
            const i = Number.parseInt(message.slice(at + MARKER.length), 10);
            if (!seen.has(i)) {
              seen.set(i, t);
              onSeen(i);
            }
          }
        }
        if (!opened) {
          opened = true;
          resolve({ seen, close: () => req.destroy() });
        }
      });
    });
    req.on('error', reject);
  });
}

export async function runSseLatency(seed: number): Promise<ScenarioResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-sse-'));
  const corpusDir = path.join(root, 'claude');
  const dataDir = path.join(root, 'data');
  const output: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let host: HeadlessHost | null = null;
  const clients: SseClient[] = [];
  try {
    await generateCorpus(corpusDir, { bytes: 2_000_000, seed });
    const sessions = listJsonl(path.join(corpusDir, 'projects')).filter((f) => !f.path.includes(`${path.sep}subagents${path.sep}`));
    sessions.sort((a, b) => a.size - b.size);
    const appender = appenderFor(sessions[0].path, createRng(seed + 1));
    const floor = await measureFloor(appender, 100_000);

    host = await startHeadless({
      engine: { dataDir, claudeDirs: [corpusDir], discoverRoots: false, taskDirs: [], role: 'bench' },
      host: '127.0.0.1',
      port: 0,
      token: null,
      out,
    });
    await withTimeout(host.indexed, 60_000, 'initial index of the small corpus');

    const counts = new Map<number, number>();
    const onSeen = (i: number) => counts.set(i, (counts.get(i) ?? 0) + 1);
    for (let c = 0; c < CLIENTS; c++) clients.push(await withTimeout(connect(host.url, host.token, onSeen), 5000, 'SSE connect'));

    // A steady cadence, as an agent writes: the next line goes out ~20 ms after the previous one,
    // whether or not it was delivered. Then whatever is outstanding gets DRAIN_MS to arrive.
    const sent = new Map<number, number>();
    for (let i = 0; i < LINES; i++) {
      const line = appender.line(i);
      const t0 = performance.now();
      sent.set(i, t0);
      appendFileSync(appender.file, line);
      await sleep(Math.max(0, SPACING_MS - (performance.now() - t0)));
    }
    const drainStarted = performance.now();
    while (performance.now() - drainStarted < DRAIN_MS && [...sent.keys()].some((i) => (counts.get(i) ?? 0) < CLIENTS)) await sleep(10);

    const latencies: number[] = [];
    let missing = 0;
    for (const c of clients) {
      for (const [i, t0] of sent) {
        const t = c.seen.get(i);
        if (t === undefined) missing++;
        else latencies.push(t - t0);
      }
    }
    const lost = [...sent.keys()].filter((i) => (counts.get(i) ?? 0) < CLIENTS);
    const late = latencies.filter((ms) => ms > SPACING_MS).length;
    const p95 = percentile(latencies, 95);
    const floorP95 = percentile(floor, 95);
    return {
      id: 'sse-latency',
      title: `append → SSE, ${CLIENTS} clients`,
      figures: [
        { label: 'p50', value: round(percentile(latencies, 50), 2), unit: 'ms' },
        { label: 'p95', value: round(p95, 2), unit: 'ms' },
        { label: 'p99', value: round(percentile(latencies, 99), 2), unit: 'ms' },
        { label: 'floor p50', value: round(percentile(floor, 50), 2), unit: 'ms' },
        { label: 'floor p95', value: round(floorP95, 2), unit: 'ms' },
        { label: 'floor p99', value: round(percentile(floor, 99), 2), unit: 'ms' },
      ],
      ratio: { value: round(p95 / floorP95, 1), baseline: 'p95 of a bare fs.watch on the file' },
      goal: `p95 ≤ ${GOAL_P95_MS} ms`,
      withinGoal: p95 <= GOAL_P95_MS,
      check:
        missing === 0
          ? { ok: true, detail: `OK: all ${LINES * CLIENTS} deliveries arrived` }
          : { ok: false, detail: `MISMATCH: ${missing} of ${LINES * CLIENTS} deliveries never arrived (lines ${lost.join(', ')}; waited ${DRAIN_MS} ms after the last append)` },
      notes: [
        `${LINES} lines, ${SPACING_MS} ms apart; ${late} of ${latencies.length} deliveries took longer than the spacing (arrived with a later append); floor missed ${LINES - floor.length}`,
        ...output.map((l) => `host: ${l.replace(/token=[^&\s]+/, 'token=…')}`),
      ],
    };
  } finally {
    for (const c of clients) c.close();
    if (host) await withTimeout(host.stop(), 10_000, 'host stop').catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
