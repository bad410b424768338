/**
 * (c) Append → SSE delivery: the headless host over a small corpus of the run's mix, 10 clients on
 * /api/stream, N assistant messages appended one at a time to one transcript of each agent whose
 * files the host read (Claude assistant record, Codex `response_item` message + `agent_message`,
 * Gemini `gemini` message + `$set`), taking turns, each with a unique marker; latency from just
 * before `appendFileSync` to each client seeing an event containing the marker. Baseline: the same
 * appends seen by a bare `fs.watch` on the file (the physical floor).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startHeadless, type HeadlessHost } from '../../src/node-host/headless';
import { generateMixedCorpus } from '../corpus';
import { engineSources, transcriptRoots, corpusLayout } from '../layout';
import type { AgentKind, Mix } from '../mix';
import { createRng, type Rng } from '../prng';
import type { ScenarioResult } from '../result';
import { formatReads, readsBySource } from '../source-check';
import { percentile, round, sleep, withTimeout } from '../stats';
import { listJsonl } from '../walk';

/** Appends per agent read. */
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

const firstRecord = (file: string, test: (line: string) => boolean): Rec => JSON.parse(readFileSync(file, 'utf8').split('\n').find(test) ?? '{}') as Rec;
const markerText = (i: number, rng: Rng): string => `Step ${i}: checked the build output. ${MARKER}${i}-${rng.hex(8)} done.`;

/** Claude: assistant text records in the style of the transcript's own first record. */
function claudeAppender(file: string, rng: Rng): Appender {
  const first = firstRecord(file, (l) => l.includes('"sessionId"'));
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
          content: [{ type: 'text', text: markerText(i, rng) }],
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

/** Codex: the assistant message as a response_item and its agent_message event, written together as Codex does. */
function codexAppender(file: string, rng: Rng): Appender {
  return {
    file,
    line(i) {
      const text = markerText(i, rng);
      const timestamp = new Date().toISOString();
      return (
        JSON.stringify({ timestamp, type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] } }) +
        '\n' +
        JSON.stringify({ timestamp, type: 'event_msg', payload: { type: 'agent_message', message: text } }) +
        '\n'
      );
    },
  };
}

/** Gemini: a gemini message with tokens, then the `$set` of lastUpdated the CLI writes after it. */
function geminiAppender(file: string, rng: Rng): Appender {
  return {
    file,
    line(i) {
      const timestamp = new Date().toISOString();
      const rec = { id: rng.uuid(), timestamp, type: 'gemini', content: markerText(i, rng), thoughts: [], tokens: { input: 20_000, output: 40, cached: 18_000, thoughts: 0, tool: 0, total: 20_040 }, model: 'gemini-2.5-flash' };
      return JSON.stringify(rec) + '\n' + JSON.stringify({ $set: { lastUpdated: timestamp } }) + '\n';
    },
  };
}

const APPENDERS: Record<AgentKind, (file: string, rng: Rng) => Appender> = { claude: claudeAppender, codex: codexAppender, gemini: geminiAppender };

/** The agent's smallest main transcript (not a sub-agent's) under its transcript folders. */
function smallestTranscript(dirs: string[]): string | null {
  const files = dirs.flatMap((d) => listJsonl(d)).filter((f) => !f.path.includes(`${path.sep}subagents${path.sep}`));
  files.sort((a, b) => a.size - b.size || a.path.localeCompare(b.path));
  return files[0]?.path ?? null;
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

export async function runSseLatency(seed: number, mix: Mix): Promise<ScenarioResult> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-sse-'));
  const layout = corpusLayout(path.join(root, 'corpus'), mix);
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
    const stats = await generateMixedCorpus(layout.dir, { bytes: 2_000_000, seed, mix });
    const appenders = new Map<AgentKind, Appender>();
    const rng = createRng(seed + 1);
    const roots = transcriptRoots(layout);
    for (const agent of layout.agents) {
      const file = smallestTranscript(roots.filter((r) => r.agent === agent).map((r) => r.dir));
      if (file) appenders.set(agent, APPENDERS[agent](file, rng));
    }
    const floorAppender = [...appenders.values()][0];
    if (!floorAppender) throw new Error('the small corpus has no transcript to append to');
    const floor = await measureFloor(floorAppender, 100_000);

    host = await startHeadless({
      engine: { dataDir, ...engineSources(layout), role: 'bench' },
      host: '127.0.0.1',
      port: 0,
      token: null,
      out,
    });
    await withTimeout(host.indexed, 60_000, 'initial index of the small corpus');
    const sources = readsBySource(host.engine.store.listAgents(), layout.agents, stats.agents);
    // Only agents whose files the host reads can deliver; the others are reported, not failed.
    const live = layout.agents.filter((k) => appenders.has(k) && (sources[k]?.events ?? 0) > 0);
    const skipped = layout.agents.filter((k) => !live.includes(k));
    if (live.length === 0) {
      return {
        id: 'sse-latency',
        title: `append → SSE, ${CLIENTS} clients`,
        figures: [],
        ratio: null,
        goal: `p95 ≤ ${GOAL_P95_MS} ms`,
        withinGoal: null,
        sources,
        notes: [`nothing measured: the host read none of the corpus's agents (${formatReads(sources)})`],
      };
    }

    const counts = new Map<number, number>();
    const onSeen = (i: number) => counts.set(i, (counts.get(i) ?? 0) + 1);
    for (let c = 0; c < CLIENTS; c++) clients.push(await withTimeout(connect(host.url, host.token, onSeen), 5000, 'SSE connect'));

    // A steady cadence, as an agent writes: the next line goes out ~20 ms after the previous one,
    // whether or not it was delivered, the agents taking turns. Then whatever is outstanding gets
    // DRAIN_MS to arrive.
    const sent = new Map<number, number>();
    const agentOf = new Map<number, AgentKind>();
    for (let i = 0; i < LINES * live.length; i++) {
      const agent = live[i % live.length];
      const appender = appenders.get(agent) as Appender;
      const line = appender.line(i);
      const t0 = performance.now();
      sent.set(i, t0);
      agentOf.set(i, agent);
      appendFileSync(appender.file, line);
      await sleep(Math.max(0, SPACING_MS - (performance.now() - t0)));
    }
    const drainStarted = performance.now();
    while (performance.now() - drainStarted < DRAIN_MS && [...sent.keys()].some((i) => (counts.get(i) ?? 0) < CLIENTS)) await sleep(10);

    const latencies: number[] = [];
    const byAgent = new Map<AgentKind, number[]>(live.map((k) => [k, []]));
    let missing = 0;
    for (const c of clients) {
      for (const [i, t0] of sent) {
        const t = c.seen.get(i);
        if (t === undefined) missing++;
        else {
          latencies.push(t - t0);
          byAgent.get(agentOf.get(i) as AgentKind)?.push(t - t0);
        }
      }
    }
    const lost = [...sent.keys()].filter((i) => (counts.get(i) ?? 0) < CLIENTS);
    const late = latencies.filter((ms) => ms > SPACING_MS).length;
    const p95 = percentile(latencies, 95);
    const floorP95 = percentile(floor, 95);
    const total = sent.size * CLIENTS;
    const agentP95 = live.map((k) => percentile(byAgent.get(k) ?? [], 95));
    const lostBy = live.map((k) => `${k} ${lost.filter((i) => agentOf.get(i) === k).length}`).join(', ');
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
      withinGoal: p95 <= GOAL_P95_MS && agentP95.every((x) => x <= GOAL_P95_MS),
      check:
        missing === 0
          ? { ok: true, detail: `OK: all ${total} deliveries arrived (${live.join(', ')})` }
          : { ok: false, detail: `MISMATCH: ${missing} of ${total} deliveries never arrived (lines lost by agent: ${lostBy}; first ${lost.slice(0, 20).join(', ')}; waited ${DRAIN_MS} ms after the last append)` },
      sources,
      notes: [
        `${LINES} lines per agent (${live.join(', ')} taking turns), ${SPACING_MS} ms apart; ${late} of ${latencies.length} deliveries took longer than the spacing (arrived with a later append); floor missed ${LINES - floor.length}`,
        `per agent: ${live.map((k, i) => `${k} p50 ${round(percentile(byAgent.get(k) ?? [], 50), 2)} / p95 ${round(agentP95[i], 2)} / p99 ${round(percentile(byAgent.get(k) ?? [], 99), 2)} ms`).join('; ')}`,
        ...(skipped.length ? [`not measured: ${skipped.join(', ')} (the host read none of its files)`] : []),
        ...output.map((l) => `host: ${l.replace(/token=[^&\s]+/, 'token=…')}`),
      ],
    };
  } finally {
    for (const c of clients) c.close();
    if (host) await withTimeout(host.stop(), 10_000, 'host stop').catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}
