/**
 * The host for scenarios f and g: `startHeadless` on 127.0.0.1, port 0, with an empty Claude dir
 * (nothing to index, so only the pushed events move), plus the pieces both scenarios share:
 * fence milestones and a run of the load child with SSE subscribers in a second child.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startHeadless, type HeadlessHost } from '../src/node-host/headless';
import { runChild, startChild } from './child-process';
import type { LoadArgs, LoadResult } from './load-client';
import type { SubscriberResult } from './sse-subscribers';
import { withTimeout } from './stats';

export interface IngestHost {
  host: HeadlessHost;
  /** The host's log lines, token elided. */
  log(): string[];
  dispose(): Promise<void>;
}

export async function startIngestHost(prefix: string): Promise<IngestHost> {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const claudeDir = path.join(root, 'claude');
  mkdirSync(path.join(claudeDir, 'projects'), { recursive: true });
  const lines: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let host: HeadlessHost;
  try {
    host = await startHeadless({
      engine: { dataDir: path.join(root, 'data'), claudeDirs: [claudeDir], discoverRoots: false, taskDirs: [], role: 'bench' },
      host: '127.0.0.1',
      port: 0,
      token: null,
      out,
    });
    await withTimeout(host.indexed, 30_000, 'initial index of an empty dir');
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    host,
    log: () => lines.map((l) => l.replace(/token=[^&\s]+/, 'token=…')),
    async dispose() {
      await withTimeout(host.stop(), 10_000, 'host stop').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Posts one milestone and returns its event id: the fences around a measured run. */
export function postFence(url: string, token: string, what: string): Promise<number> {
  const body = JSON.stringify({ issue: 'BENCH-FENCE', phase: 'setup', level: 'info', title: `bench fence: ${what}` });
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL('/api/event', url),
      { method: 'POST', headers: { 'X-Token': token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          const id = (JSON.parse(text || '{}') as { id?: unknown }).id;
          if (res.statusCode === 200 && typeof id === 'number') resolve(id);
          else reject(new Error(`fence POST answered ${res.statusCode}: ${text.slice(0, 200)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadRun {
  load: LoadResult;
  /** Null without subscribers. */
  sse: SubscriberResult | null;
}

/**
 * One measured run against the Lantern host: `subscribers` SSE streams in one child, the load in
 * another, fences before and after so the subscriber child can check every event in between
 * reached every stream.
 */
export async function loadWithSubscribers(ih: IngestHost, subscribers: number, load: Omit<LoadArgs, 'url' | 'token'>, timeoutMs: number): Promise<LoadRun> {
  const { url, token } = ih.host;
  if (subscribers === 0) return { load: await runChild<LoadResult>('http-load', { ...load, url, token }, timeoutMs), sse: null };
  const subs = startChild<SubscriberResult>('sse-subscribers', { url, token, clients: subscribers, graceMs: 10_000 }, timeoutMs + 90_000);
  try {
    await withTimeout(subs.ready, 20_000, `${subscribers} SSE subscribers connecting`);
    const after = await postFence(url, token, 'before');
    const result = await runChild<LoadResult>('http-load', { ...load, url, token }, timeoutMs);
    const until = await postFence(url, token, 'after');
    subs.send(JSON.stringify({ after, until }));
    return { load: result, sse: await subs.result };
  } finally {
    subs.kill();
  }
}

/** `OK`/`MISMATCH` text for one run's deliveries. */
export function deliveryProblem(label: string, sse: SubscriberResult | null): string | null {
  if (!sse) return null;
  if (sse.missing === 0 && sse.disorder === 0 && sse.closedEarly === 0) return null;
  return `${label}: ${sse.missing} deliveries missing over ${sse.clientsMissing} of ${sse.clients} streams, ${sse.disorder} out of order, ${sse.closedEarly} streams closed early (${sse.expected} events expected each)`;
}
